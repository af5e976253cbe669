/**
 * The fingerprint recorded in `fleet_changes.hash`: sha256 of the fleet file's bytes, hex.
 * node:crypto is loaded on first call, not on import: initialising it costs milliseconds that a hook
 * which only records a decision should not pay.
 */
export function fleetHash(content: string | Uint8Array): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(content).digest('hex');
}

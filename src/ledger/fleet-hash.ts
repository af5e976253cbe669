import { sha256Hex } from '../shared/sha256.ts';

/** The fingerprint recorded in `fleet_changes.hash`: sha256 of the fleet file's bytes, hex (plain JS: see shared/sha256.ts). */
export function fleetHash(content: string | Uint8Array): string {
  return sha256Hex(content);
}

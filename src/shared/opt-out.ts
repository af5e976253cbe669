/**
 * Per-session opt-outs set in the environment (`BOSUN_MEMORY=off`, `BOSUN_VERIFY=off`), read the same
 * way everywhere: case and surrounding spaces do not matter.
 */
export function optedOut(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  return (env[name] ?? '').trim().toLowerCase() === 'off';
}

/** `BOSUN_MEMORY=off`: no memory at session start, no drift prompts or debts, no close-out. */
export const memoryOff = (env: Readonly<Record<string, string | undefined>>): boolean => optedOut(env, 'BOSUN_MEMORY');

/** `BOSUN_VERIFY=off`: no claim verification at Stop. */
export const verifyOff = (env: Readonly<Record<string, string | undefined>>): boolean => optedOut(env, 'BOSUN_VERIFY');

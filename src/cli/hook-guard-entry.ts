// Bundle entry of dist/hook-guard.cjs (started by dist/hook.cjs for PreToolUse): the policy guard and
// nothing else, because every tool call pays for what this bundle holds. Any other event sent here is
// refused (fail closed) rather than half-handled.
import { handleGuard, type HookDeps, type HookEvent, type HookResponse } from '../hooks/index.ts';
import { BosunError } from '../shared/errors.ts';
import { EXIT } from '../shared/exit-codes.ts';
import { hookMain } from './hook-main.ts';

async function guardOnly(ev: HookEvent, deps: HookDeps): Promise<HookResponse> {
  if (ev.event !== 'PreToolUse') {
    throw new BosunError({ code: 'E_USAGE', message: `the guard bundle answers PreToolUse only, got ${ev.event}`, hint: 'dist/hook.cjs routes events; rebuild bosun (`npm run build`).', exitCode: EXIT.internal });
  }
  return handleGuard(ev, deps);
}

hookMain(guardOnly);

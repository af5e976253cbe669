import type { HookEvent, HookResponse } from './types.ts';
import type { MemoryHookContext } from './memory-drift.ts';

/** Stop, after verification and memory debts passed: the close-out checklist, once per session that edited files (issue 4, section 4). */
export function closeoutAtStop(_ev: HookEvent, _c: MemoryHookContext): HookResponse | null {
  return null;
}

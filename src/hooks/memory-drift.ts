import type { Fleet } from '../fleet/index.ts';
import type { Ledger } from '../ledger/index.ts';
import type { RepoDirs } from '../shared/git-dirs.ts';
import type { HookDeps, HookEvent, HookResponse } from './types.ts';

export interface MemoryHookContext {
  ledger: Ledger;
  fleet: Fleet;
  dirs: RepoDirs;
  agent: string;
  deps: HookDeps;
}

/** PostToolUse: an edit of a `memory.core` file asks the agent to update memory and records a debt (issue 4, section 3). */
export function memoryDriftAfterEdit(_ev: HookEvent, _c: MemoryHookContext): HookResponse | null {
  return null;
}

/** Stop, after verification passed: an unpaid memory debt blocks once (issue 4, section 3). */
export function memoryDebtAtStop(_ev: HookEvent, _c: MemoryHookContext): HookResponse | null {
  return null;
}

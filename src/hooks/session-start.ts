import type { Fleet } from '../fleet/index.ts';
import type { RepoDirs } from '../shared/git-dirs.ts';
import type { HookDeps, HookEvent, HookResponse } from './types.ts';

/**
 * SessionStart / SubagentStart: inject project memory, facts, shared lessons and maintenance flags
 * (issue 4, section 2). Owned by the memory work.
 */
export async function sessionStartContext(_ev: HookEvent, _c: { fleet: Fleet; dirs: RepoDirs; agent: string; deps: HookDeps }): Promise<HookResponse> {
  return { kind: 'none' };
}

import * as memory from '../memory/index.ts';
import type { Budget } from '../memory/index.ts';
import type { RepoDirs } from '../shared/git-dirs.ts';
import type { HookDeps, HookEvent, HookResponse } from './types.ts';

/**
 * SessionStart / SubagentStart: inject project memory, facts, shared lessons and maintenance flags
 * (issue 4, section 2). The text is `sessionStartText`'s, the same `bosun memory show --session-start` prints.
 */
export async function sessionStartContext(
  ev: HookEvent,
  c: {
    /** The fleet's `memory.budget`; null when the fleet file cannot be read (the defaults apply). */
    budget: Budget | null;
    dirs: RepoDirs;
    deps: HookDeps;
    /** Said first, whatever else is injected (and even with BOSUN_MEMORY=off). */
    warning?: string;
  },
): Promise<HookResponse> {
  const warn = (text: string): string => (c.warning ? `${c.warning}\n\n${text}` : text);
  if (memory.memoryOff(c.deps.env)) return c.warning ? { kind: 'context', text: c.warning } : { kind: 'none' };
  const now = c.deps.now();
  if (ev.event === 'SessionStart') startBackgroundWork(c.dirs, c.deps, now);
  const composed = memory.sessionStartText({
    root: c.dirs.root,
    commonDir: c.dirs.commonDir,
    budget: c.budget ?? memory.DEFAULT_MEMORY.budget,
    env: c.deps.env,
    home: c.deps.home,
    now,
    audience: ev.event === 'SubagentStart' ? 'subagent' : 'session',
  });
  if (composed) return { kind: 'context', text: warn(composed.text) };
  return c.warning ? { kind: 'context', text: c.warning } : { kind: 'none' };
}

/**
 * Background jobs that must not hold up the session: the close-out of sessions that ended without one
 * (issue 4 §4) and the cross-project sync when the last one is older than 24 h (issue 4 §6). Both spawn
 * detached processes and return at once; neither may cost the session its memory.
 */
function startBackgroundWork(dirs: RepoDirs, deps: HookDeps, now: number): void {
  try {
    memory.startBackgroundCloseout({ repoRoot: dirs.root, commonDir: dirs.commonDir, now, env: deps.env });
  } catch {
    /* reported by `bosun closeout`, never by session start */
  }
  if (!deps.home && !deps.env['BOSUN_HOME']) return;
  try {
    memory.maybeStartBackgroundSync({ home: memory.resolveBosunHome(deps.env, deps.home ?? '/'), now, env: deps.env });
  } catch {
    /* same: `bosun lessons sync` reports its own failures */
  }
}

import { closeoutChecklist, memoryOff } from '../memory/index.ts';
import type { HookEvent, HookResponse } from './types.ts';
import type { MemoryHookContext } from './memory-drift.ts';

/**
 * Stop, after verification and memory debts passed: the close-out checklist, once per session that edited
 * files (issue 4, section 4). Never on a stop that already continues because of a stop hook
 * (`stop_hook_active`), never with `memory.closeout: off` or `BOSUN_MEMORY=off`.
 *
 * Not at SubagentStop: a subagent's block goes back into the subagent's own conversation (lesson L012),
 * which ends as soon as it answers and whose run scope rarely allows `bosun lesson add`; its edits are
 * the session's (the main agent's Stop asks about them) and its transcript is mined by the close-out.
 */
export function closeoutAtStop(ev: HookEvent, c: MemoryHookContext): HookResponse | null {
  if (ev.event !== 'Stop' || !ev.sessionId || ev.stopHookActive === true) return null;
  if (memoryOff(c.deps.env) || c.fleet.memory.closeout === 'off') return null;
  const editedPaths = c.ledger.sessionEditedPaths(ev.sessionId);
  if (editedPaths.length === 0) return null;
  // Claimed before answering: two Stop hooks racing (or a later stop of the same session) ask once.
  if (!c.ledger.claimChecklist(ev.sessionId, c.deps.now())) return null;
  return { kind: 'block', reason: closeoutChecklist({ editedPaths: editedPaths.map((p) => relativeTo(p, c.dirs.root)), denials: c.ledger.sessionDenials(ev.sessionId).length }) };
}

function relativeTo(path: string, root: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

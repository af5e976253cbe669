import { memoryOff } from '../../shared/opt-out.ts';
import { closeoutPending } from '../closeout/index.ts';
import { factsSessionSummary } from '../facts/index.ts';
import { resolveBosunHome, sharedLessonsFor } from '../shared/index.ts';
import { sessionContext, type SessionSources } from './session-context.ts';
import type { Composed } from './compose.ts';
import type { Budget } from './types.ts';

/** The real sources of the session-start context: the facts vault, shared lessons, the close-out inbox. */
export const SESSION_SOURCES: SessionSources = { facts: factsSessionSummary, shared: sharedLessonsFor, closeout: closeoutPending };

export interface SessionStartOptions {
  root: string;
  commonDir: string;
  budget: Budget;
  env: Record<string, string | undefined>;
  /** The user's home directory; null when unknown (facts are then left out). */
  home: string | null;
  now: number;
  audience: 'session' | 'subagent';
}

/**
 * Exactly what the SessionStart / SubagentStart hook injects (and `bosun memory show --session-start`
 * prints); null when the session opted out with BOSUN_MEMORY=off.
 */
export function sessionStartText(o: SessionStartOptions, sources: SessionSources = SESSION_SOURCES): Composed | null {
  if (memoryOff(o.env)) return null;
  const bosunHome = o.home || o.env['BOSUN_HOME'] ? resolveBosunHome(o.env, o.home ?? '/') : null;
  return sessionContext({ root: o.root, commonDir: o.commonDir, budget: o.budget, bosunHome, now: o.now, audience: o.audience }, sources);
}

export { memoryOff };

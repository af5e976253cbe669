import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { errorMessage } from '../../shared/errors.ts';
import { composeSessionContext, maintenanceFlags, type Composed } from './compose.ts';
import { loadMemory } from './store.ts';
import { mergedIndex, usageOf } from './view.ts';
import type { Budget } from './types.ts';

/**
 * The IO shell of session start: reads this worktree's memory (with lessons pending from other
 * worktrees), asks the other memory parts for their pieces, and composes. A piece that fails becomes a
 * line saying so; session start itself never fails because of memory.
 */

export interface SessionSources {
  facts?: (o: { home: string; now: number }) => { text: string; stale: number };
  shared?: (o: { repoRoot: string }) => string;
  closeout?: (o: { commonDir: string; now: number }) => { candidates: number };
}

export interface SessionContextOptions {
  root: string;
  commonDir: string;
  budget: Budget;
  /** `$BOSUN_HOME` (facts vault); null leaves facts out. */
  bosunHome: string | null;
  now: number;
  audience: 'session' | 'subagent';
  cap?: number;
}

export const AUDIT_STAMP = 'audit-last-run';

/** When `bosun audit` last ran: the stamp's content (epoch ms or an ISO date), else its mtime; null when missing. */
export function auditLastRun(commonDir: string): number | null {
  const p = join(commonDir, 'bosun', AUDIT_STAMP);
  let text: string;
  try {
    text = readFileSync(p, 'utf8').trim();
  } catch {
    return null;
  }
  if (/^\d{10,}$/.test(text)) return Number(text);
  const t = Date.parse(text);
  if (!Number.isNaN(t)) return t;
  try {
    return statSync(p).mtimeMs;
  } catch {
    return null;
  }
}

function attempt<T>(what: string, fn: () => T, fallback: T, notes: string[]): T {
  try {
    return fn();
  } catch (err) {
    notes.push(`${what} could not be read: ${errorMessage(err).slice(0, 200)}`);
    return fallback;
  }
}

export function sessionContext(o: SessionContextOptions, sources: SessionSources): Composed {
  const notes: string[] = [];
  const m = loadMemory(o.root, o.commonDir);
  const usage = usageOf(mergedIndex(m.index, m.view));
  const facts = sources.facts && o.bosunHome ? attempt('the facts vault', () => sources.facts!({ home: o.bosunHome!, now: o.now }), { text: '', stale: 0 }, notes) : { text: '', stale: 0 };
  const shared = sources.shared ? attempt('shared lessons', () => sources.shared!({ repoRoot: o.root }), '', notes) : '';
  const closeout = o.audience === 'session' && sources.closeout ? attempt('the close-out inbox', () => sources.closeout!({ commonDir: o.commonDir, now: o.now }), { candidates: 0 }, notes) : { candidates: 0 };
  const flags =
    o.audience === 'session'
      ? [
          ...maintenanceFlags({ now: o.now, auditLastRun: auditLastRun(o.commonDir), usage, budget: o.budget, closeoutCandidates: closeout.candidates, staleFacts: facts.stale }),
          ...(m.journalBad ? [`${m.journalBad} line(s) of the memory journal could not be read (\`bosun memory lint\`).`] : []),
          ...notes,
        ]
      : notes;
  return composeSessionContext({ project: basename(o.root), lessons: m.view.lessons, usage, budget: o.budget, flags, facts: facts.text, shared, audience: o.audience, ...(o.cap ? { cap: o.cap } : {}) });
}

import { openLedger } from '../ledger/index.ts';
import { findRepoDirs } from '../shared/git-dirs.ts';
import type { HookDeps } from './types.ts';

export interface GuardFailure {
  harness: string;
  cwd: string | null;
  sessionId: string | null;
  tool: string | null;
  target: string | null;
  reason: string;
}

/**
 * Best effort: a guard that failed closed still leaves a trace in the ledger, so `bosun log` shows
 * the denial. If the ledger itself is what broke, there is nowhere to write, and that is fine: the
 * deny has already been decided.
 */
export function recordGuardFailure(f: GuardFailure, deps: HookDeps): void {
  try {
    const start = f.cwd ?? deps.env['CLAUDE_PROJECT_DIR'];
    const dirs = start ? findRepoDirs(start) : null;
    if (!dirs) return;
    const ledger = openLedger({ commonDir: dirs.commonDir });
    try {
      ledger.recordDecision({ time: deps.now(), sessionId: f.sessionId, agent: '?', harness: f.harness, tool: f.tool ?? '', target: f.target, decision: 'deny', rule: 'guard-error', reason: f.reason });
    } finally {
      ledger.close();
    }
  } catch {
    // nothing more to do: the tool call is denied either way
  }
}

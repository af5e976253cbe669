import type { ClaimKind } from '../fleet/index.ts';
import type { Claim } from './types.ts';

/** A recorded run, as the verdict needs it. */
export interface RunEvidence {
  time: number;
  durationMs: number | null;
  command: string;
  source: 'agent' | 'bosun';
  checkName: string | null;
  masked: boolean;
  exitCode: number | null;
  timedOut: boolean;
  outputTail: string | null;
  summary: { runner: string; passed: number; failed: number; skipped: number; total: number } | null;
}

export interface VerdictFacts {
  claims: Claim[];
  claimChecks: Record<ClaimKind, string[]>;
  checks: Record<string, string>;
  /** The session's runs, oldest first. */
  runs: RunEvidence[];
  /** The session's last edit, or null: runs that started before it prove nothing. */
  lastEditTime: number | null;
  /** The test count a passing run must reach, per check (null: none known). */
  baselines: Record<string, number | null>;
  /** Blocks already given in this stop sequence (0 when the stop does not follow a stop-hook block). */
  priorBlocks: number;
  maxBlocks: number;
}

export type CheckState = 'passed' | 'failed' | 'shrunk' | 'missing';

export interface CheckResult {
  check: string;
  state: CheckState;
  run?: RunEvidence;
  baseline?: number | null;
  /** The claims this check proves. */
  for: ClaimKind[];
}

export type Outcome = 'verified' | 'blocked' | 'unverified' | 'unchecked' | 'no-claims' | 'needs-runs';

export interface Verdict {
  outcome: Outcome;
  /** Checks with no fresh evidence: bosun runs these itself, then decides again. */
  toRun: string[];
  results: CheckResult[];
  /** For the agent when blocked; for the log otherwise. */
  reason: string;
}

const started = (r: RunEvidence): number => r.time - (r.durationMs ?? 0);

/** What one run says about its check. A masked exit status counts only through the runner's own summary. */
export function runState(r: RunEvidence): 'passed' | 'failed' | 'unknown' {
  if (r.timedOut) return 'failed';
  if (r.summary && r.summary.failed > 0) return 'failed';
  if (r.masked) return r.summary && r.summary.passed > 0 ? 'passed' : 'unknown';
  if (r.exitCode === null) return 'unknown';
  return r.exitCode === 0 ? 'passed' : 'failed';
}

function judge(check: string, f: VerdictFacts, forKinds: ClaimKind[]): CheckResult {
  const fresh = f.runs.filter((r) => r.checkName === check && (f.lastEditTime === null || started(r) >= f.lastEditTime) && runState(r) !== 'unknown');
  const last = fresh[fresh.length - 1];
  if (!last) return { check, state: 'missing', for: forKinds };
  if (runState(last) === 'failed') return { check, state: 'failed', run: last, for: forKinds };
  const baseline = f.baselines[check] ?? null;
  if (baseline !== null && last.summary && last.summary.total < baseline) return { check, state: 'shrunk', run: last, baseline, for: forKinds };
  return { check, state: 'passed', run: last, baseline, for: forKinds };
}

/** The stop verdict (pure): which claims are proven by fresh passing runs of their checks. */
export function decideVerdict(f: VerdictFacts): Verdict {
  if (f.claims.length === 0) return { outcome: 'no-claims', toRun: [], results: [], reason: 'no completion claims in the final message' };
  const byCheck = new Map<string, ClaimKind[]>();
  for (const c of f.claims) {
    for (const check of f.claimChecks[c.kind] ?? []) {
      if (!(check in f.checks)) continue;
      byCheck.set(check, [...(byCheck.get(check) ?? []), c.kind]);
    }
  }
  if (byCheck.size === 0) {
    return { outcome: 'unchecked', toRun: [], results: [], reason: `no check proves ${f.claims.map((c) => c.kind).join(', ')} (see verify.claims in .bosun/fleet.yaml)` };
  }
  const results = [...byCheck].map(([check, kinds]) => judge(check, f, kinds));
  const bad = results.filter((r) => r.state === 'failed' || r.state === 'shrunk');
  if (bad.length > 0) {
    if (f.priorBlocks >= f.maxBlocks) {
      return { outcome: 'unverified', toRun: [], results, reason: `gave up after ${f.priorBlocks} blocked stops: ${bad.map((r) => `${r.check} ${r.state}`).join(', ')}` };
    }
    return { outcome: 'blocked', toRun: [], results, reason: blockReason(f, bad) };
  }
  const missing = results.filter((r) => r.state === 'missing').map((r) => r.check);
  if (missing.length > 0) return { outcome: 'needs-runs', toRun: missing, results, reason: `no fresh run of ${missing.join(', ')}` };
  return { outcome: 'verified', toRun: [], results, reason: results.map((r) => `${r.check} passed${r.run?.summary ? ` (${r.run.summary.passed} passed)` : ''}`).join('; ') };
}

function tail(text: string | null, lines = 30): string {
  if (!text) return '';
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).map((l) => `    ${l}`).join('\n');
}

function counts(r: RunEvidence): string {
  const s = r.summary;
  if (!s) return '';
  return ` — ${s.failed} failed, ${s.passed} passed${s.skipped ? `, ${s.skipped} skipped` : ''} of ${s.total}`;
}

function blockReason(f: VerdictFacts, bad: CheckResult[]): string {
  const parts = bad.map((r) => {
    const claims = f.claims.filter((c) => r.for.includes(c.kind));
    const said = [...new Set(claims.map((c) => `"${c.text}"`))].join(' / ');
    const run = r.run!;
    const who = run.source === 'bosun' ? 'bosun ran it after your last edit' : `your run \`${run.command}\` after your last edit`;
    if (r.state === 'shrunk') {
      return `- You said ${said}, but check \`${r.check}\` (${f.checks[r.check]}) ran ${run.summary?.total} tests where the last passing baseline had ${r.baseline}: the suite shrank${counts(run)}. Restore the missing tests; a human approves a smaller suite with \`bosun verify approve-baseline --check ${r.check}\`.`;
    }
    const status = run.timedOut ? 'it timed out' : `it failed with exit code ${run.exitCode ?? '?'}${counts(run)}`;
    return `- You said ${said}, but check \`${r.check}\` (${f.checks[r.check]}) does not pass: ${who}, and ${status}.${run.outputTail ? `\n  Output (failures first, then the end):\n${tail(run.outputTail)}` : ''}`;
  });
  return [
    'bosun verified your final message against the checks that prove it, and it does not hold:',
    ...parts,
    'Fix the cause and run the check again before you claim success — or say plainly what still fails. Do not weaken or skip tests to make the check pass.',
  ].join('\n');
}

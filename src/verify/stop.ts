import type { Fleet } from '../fleet/index.ts';
import type { Ledger, RunRow, VerdictKind } from '../ledger/index.ts';
import { extractClaims } from './claims.ts';
import { excerpt } from './excerpt.ts';
import { runCheck } from './run-check.ts';
import { parseTestSummary } from './summaries.ts';
import { decideVerdict, type Verdict } from './verdict.ts';

export interface StopInput {
  ledger: Ledger;
  fleet: Fleet;
  sessionId: string;
  agent: string;
  /** The subagent instance, or null for the session's main agent. */
  agentId: string | null;
  event: string;
  /** The agent's final message (Claude Code's `last_assistant_message`). */
  message: string | null;
  /** True when this stop follows a stop-hook block (Claude Code's `stop_hook_active`). */
  stopHookActive: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** Judge the working tree as it is now: no earlier run counts (edits outside the session are invisible to the ledger). */
  rerun?: boolean;
}

export interface StopResult {
  verdict: Verdict;
  recorded: VerdictKind;
}

/** Blocks already given in the current stop sequence: the trailing run of `blocked` verdicts since the last prompt. */
function priorBlocks(input: StopInput): number {
  if (!input.stopHookActive) return 0;
  const since = input.ledger.lastPromptTime(input.sessionId) ?? 0;
  const verdicts = input.ledger.sessionVerdicts(input.sessionId, input.agentId).filter((v) => v.time >= since);
  let n = 0;
  for (let i = verdicts.length - 1; i >= 0 && verdicts[i]!.verdict === 'blocked'; i--) n++;
  return n;
}

function decide(input: StopInput, claims: ReturnType<typeof extractClaims>, blocks: number, since: number | null): Verdict {
  const { ledger, fleet } = input;
  const now = input.now();
  const lastEdit = ledger.lastEditTime(input.sessionId);
  const checks = [...new Set(claims.flatMap((c) => fleet.verify.claims[c.kind] ?? []))];
  return decideVerdict({
    claims,
    claimChecks: fleet.verify.claims,
    checks: fleet.checks,
    runs: ledger.sessionRuns(input.sessionId).map(evidenceOf),
    lastEditTime: since === null ? lastEdit : Math.max(since, lastEdit ?? 0),
    baselines: Object.fromEntries(checks.map((c) => [c, ledger.baseline(c, now)])),
    priorBlocks: blocks,
    maxBlocks: fleet.verify.max_blocks,
  });
}

function evidenceOf(r: RunRow) {
  return { time: r.time, durationMs: r.durationMs, command: r.command, source: r.source, checkName: r.checkName, masked: r.masked, exitCode: r.exitCode, timedOut: r.timedOut, outputTail: r.outputTail, summary: r.summary };
}

/**
 * The stop verdict with its IO: reads the evidence, runs the checks nobody ran since the last edit,
 * records those runs and the verdict. Never trusts the message: only recorded exit codes count.
 */
export async function verifyStop(input: StopInput): Promise<StopResult> {
  const claims = extractClaims(input.message ?? '');
  const blocks = priorBlocks(input);
  const since = input.rerun ? input.now() : null;
  let verdict = decide(input, claims, blocks, since);
  if (verdict.outcome === 'needs-runs') {
    for (const check of verdict.toRun) {
      const command = input.fleet.checks[check]!;
      const r = await runCheck(command, { cwd: input.cwd, timeoutMs: input.fleet.verify.timeout_seconds * 1000, env: input.env, tailBytes: 65536 });
      const summary = parseTestSummary(r.outputTail);
      input.ledger.recordRun({
        time: input.now(),
        sessionId: input.sessionId,
        agent: input.agent,
        agentId: input.agentId,
        source: 'bosun',
        command,
        cwd: input.cwd,
        checkName: check,
        masked: false,
        exitCode: r.exitCode,
        durationMs: r.durationMs,
        timedOut: r.timedOut,
        outputTail: excerpt(r.outputTail),
        summary,
      });
    }
    verdict = decide(input, claims, blocks, since);
    // A check whose run says nothing (no exit status) cannot prove a claim: treat it as failed evidence.
    if (verdict.outcome === 'needs-runs') verdict = { ...verdict, outcome: blocks >= input.fleet.verify.max_blocks ? 'unverified' : 'blocked', reason: `bosun could not get a result from ${verdict.toRun.join(', ')}: run it yourself and fix what fails before claiming success.` };
  }
  const recorded: VerdictKind = verdict.outcome === 'needs-runs' ? 'blocked' : verdict.outcome;
  input.ledger.recordVerdict({
    time: input.now(),
    sessionId: input.sessionId,
    agent: input.agent,
    agentId: input.agentId,
    event: input.event,
    verdict: recorded,
    claims,
    details: { priorBlocks: blocks, results: verdict.results.map((r) => ({ check: r.check, state: r.state, for: r.for, exitCode: r.run?.exitCode ?? null, source: r.run?.source ?? null, total: r.run?.summary?.total ?? null, baseline: r.baseline ?? null })) },
    reason: verdict.reason,
  });
  return { verdict, recorded };
}

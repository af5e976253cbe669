import { spawnSync } from 'node:child_process';
import { loadFleet } from '../../fleet/index.ts';
import { openLedger, type Ledger } from '../../ledger/index.ts';
import { agentMarkers } from '../../shared/agent-env.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { parseTestSummary, runCheck, runState, verifyStop, type StopResult } from '../../verify/index.ts';

import { requireRepo } from '../repo-context.ts';

const HELP = `Usage:
  bosun verify [--session S] [--message TEXT] [--json]
  bosun verify approve-baseline --check NAME --reason "..."

bosun verify runs the stop verdict for the current state, on demand: the claims of a session's
final message (or --message) against its recorded runs; checks nobody ran since the last edit are
run now. Without a session in the ledger (and no --message), it runs every check of the fleet.

approve-baseline: a human accepts a smaller test suite for a check (the next passing run sets the
new baseline). Refuses inside an agent session and without a terminal.

Exit codes: 0 verified (or nothing to verify), 1 blocked or a check failed, 2 usage, 3 fleet invalid.`;

function latestSession(ledger: Ledger, root: string): string | null {
  const s = ledger.querySessions({ limit: 50 }).find((x) => x.cwd === root || x.cwd.startsWith(root + '/'));
  return s?.id ?? null;
}

function lastMessage(ledger: Ledger, session: string): string | null {
  const stops = ledger.queryEvents({ session, limit: 500 }).filter((e) => e.event === 'Stop');
  const data = stops[stops.length - 1]?.data as { lastAssistantMessage?: string } | undefined;
  return data?.lastAssistantMessage ?? null;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('verify', args, {
      session: { type: 'string' },
      message: { type: 'string' },
      check: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const dirs = requireRepo();
  const { fleet } = await loadFleet({ repoRoot: dirs.root, commonDir: dirs.commonDir });
  const ledger = openLedger({ commonDir: dirs.commonDir });
  try {
    if (positionals[0] === 'approve-baseline') return approveBaseline(ledger, fleet.checks, values.check, values.reason, dirs.root);
    if (positionals.length > 0) throw usageError(`unknown verify subcommand "${positionals[0]}"`, HELP);
    const session = values.session ?? latestSession(ledger, dirs.root);
    if (!session && values.message === undefined) return runAll(fleet.checks, fleet.verify.timeout_seconds, dirs.root, values.json);
    const message = values.message ?? (session ? lastMessage(ledger, session) : null);
    const result = await verifyStop({
      ledger,
      fleet,
      sessionId: session ?? 'manual',
      agent: 'human',
      agentId: null,
      event: 'verify',
      message,
      stopHookActive: false,
      cwd: process.cwd(),
      env: process.env,
      now: () => Date.now(),
      rerun: true,
    });
    render(result, session, message, values.json);
    return result.recorded === 'blocked' ? EXIT.failure : EXIT.ok;
  } finally {
    ledger.close();
  }
}

function render(r: StopResult, session: string | null, message: string | null, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ session, message, verdict: r.recorded, results: r.verdict.results.map((x) => ({ check: x.check, state: x.state, claims: x.for, exitCode: x.run?.exitCode ?? null, source: x.run?.source ?? null })), reason: r.verdict.reason }) + '\n');
    return;
  }
  process.stdout.write(`session ${session ?? '(none)'}${message ? `, final message: "${message.slice(0, 160)}"` : ''}\n`);
  for (const x of r.verdict.results) {
    process.stdout.write(`  check ${x.check}: ${x.state.toUpperCase()}${x.run ? ` (exit ${x.run.exitCode ?? '?'}, run by ${x.run.source})` : ''} — proves ${x.for.join(', ')}\n`);
  }
  process.stdout.write(`verdict: ${r.recorded.toUpperCase()}\n${r.verdict.reason}\n`);
}

async function runAll(checks: Record<string, string>, timeoutSeconds: number, cwd: string, json: boolean): Promise<number> {
  const names = Object.keys(checks);
  if (names.length === 0) {
    process.stderr.write('bosun verify: the fleet defines no checks and the ledger has no session to verify.\n');
    return EXIT.ok;
  }
  const results = [];
  for (const name of names) {
    const r = await runCheck(checks[name]!, { cwd, timeoutMs: timeoutSeconds * 1000, env: process.env });
    const summary = parseTestSummary(r.outputTail);
    const state = runState({ time: 0, durationMs: r.durationMs, command: checks[name]!, source: 'bosun', checkName: name, masked: false, exitCode: r.exitCode, timedOut: r.timedOut, outputTail: r.outputTail, summary });
    results.push({ check: name, command: checks[name], state, exitCode: r.exitCode, timedOut: r.timedOut, summary, durationMs: r.durationMs });
    if (!json) process.stdout.write(`  check ${name} (${checks[name]}): ${state === 'passed' ? 'PASSED' : 'FAILED'} in ${(r.durationMs / 1000).toFixed(1)}s${summary ? ` — ${summary.passed} passed, ${summary.failed} failed` : ''}\n`);
  }
  const ok = results.every((r) => r.state === 'passed');
  if (json) process.stdout.write(JSON.stringify({ session: null, verdict: ok ? 'verified' : 'failed', results }) + '\n');
  else process.stdout.write(`verdict: ${ok ? 'VERIFIED' : 'FAILED'}\n`);
  return ok ? EXIT.ok : EXIT.failure;
}

function approveBaseline(ledger: Ledger, checks: Record<string, string>, check: string | undefined, reason: string | undefined, root: string): number {
  if (!check || !(check in checks)) throw usageError(`--check must name a check of the fleet (${Object.keys(checks).join(', ') || 'none defined'})`);
  if (!reason?.trim()) throw usageError('--reason "..." is required: say why the suite may shrink');
  const markers = agentMarkers(process.env);
  if (markers.length > 0) {
    throw new BosunError({ code: 'E_HUMAN_ONLY', message: `approve-baseline is for humans, and this looks like an agent session (${markers.join(', ')} set)`, hint: 'run it yourself in a terminal outside the agent.', exitCode: EXIT.failure });
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new BosunError({ code: 'E_HUMAN_ONLY', message: 'approve-baseline needs an interactive terminal', hint: 'run it yourself in a terminal.', exitCode: EXIT.failure });
  }
  const who = (k: string): string => spawnSync('git', ['config', k], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const approvedBy = `${who('user.name') || 'unknown'} <${who('user.email') || 'unknown'}>`;
  ledger.recordBaseline({ time: Date.now(), checkName: check, total: 0, approvedBy, reason: reason.trim() });
  process.stdout.write(`Approved a smaller suite for check ${check} (${approvedBy}): the next passing run sets the baseline.\n`);
  return EXIT.ok;
}

// `bosun ci status|record`: is CI green for exactly this commit (github, gitlab, or results recorded locally)?
import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { loadFleet } from '../../fleet/index.ts';
import { ciStatus, parseCiConfig, waitForCi, type CiConfig, type CiVerdict } from '../../gates/index.ts';
import { openLedger } from '../../ledger/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { agentMarkers } from '../../shared/agent-env.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import type { RepoDirs } from '../../shared/git-dirs.ts';
import { requireRepo } from '../repo-context.ts';
import { parseFlags } from '../args.ts';

const HELP = `Usage: bosun ci <status|record> [options]

Is CI green for exactly this commit? Configure it in .bosun/fleet.yaml:

  gates:
    ci:
      provider: github          # github | gitlab | local
      required: [test, lint]    # check names that must succeed for the SHA

Commands:
  status [--sha S] [--wait [--timeout T]] [--json]
      the checks of the commit (default HEAD) and whether CI is green: green ONLY when every
      required check concluded success for exactly this SHA. Pending, missing (never reported),
      skipped or neutral required checks, another SHA's results, API errors and rate limiting are
      all "not green", each with its reason.
      --wait polls with exponential backoff (5 s doubling to 60 s) until green, a conclusive
      red, or --timeout (default 20m; e.g. 90s, 10m, 1h), then gives up as not green.
  record <check> <success|failure> [--sha S] [--url URL]
      (provider local) record a result for the commit (default HEAD) in the ledger; a later record
      for the same check and commit supersedes the earlier one. Run it from your CI. Agents are
      denied \`bosun ci record\` by policy, and it refuses inside agent sessions.

Providers:
  github  commit statuses and check runs (GitHub Actions), paginated. Env: GITHUB_API_URL,
          GITHUB_REPOSITORY, GITHUB_TOKEN; fleet keys api_url, repository, token_env, branch.
          Without \`required\`, the required checks of the branch protection (needs a token
          that can read it); with neither, not green.
  gitlab  the newest pipeline for the SHA and its jobs; failed allow_failure jobs are warnings.
          Env: CI_API_V4_URL, CI_PROJECT_ID, GITLAB_TOKEN; fleet keys api_url, project_id,
          token_env. Without \`required\`, the pipeline's own status.
  local   results recorded with \`bosun ci record\` in this clone's ledger.

Options:
  --sha S        the commit (any revision git can resolve; default HEAD)
  --wait         poll until green, conclusively red, or the timeout
  --timeout T    (with --wait) how long to wait: 90s, 10m, 1h, or seconds (default 20m)
  --url URL      (record) a link to the CI run
  --json         machine-readable output on stdout
  -h, --help     this text

Exit codes: 0 green (status) or recorded (record); 1 not green; 2 bad usage or unknown revision;
3 gates.ci missing or invalid in the fleet file; 4 not a git repository, no commit, unknown
repository/project, or an unusable ledger.`;

const DEFAULT_TIMEOUT_MS = 20 * 60_000;

interface Flags {
  command: 'status' | 'record' | null;
  rest: string[];
  sha: string | undefined;
  wait: boolean;
  timeoutMs: number | undefined;
  url: string | undefined;
  json: boolean;
}

/** 90 → 90 s; 90s, 500ms, 10m, 1h. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000;
  return Math.round(n * unit);
}

function parse(args: string[]): Flags {
  const { values, positionals } = parseFlags('ci', args, {
    sha: { type: 'string' },
    wait: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    url: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const none: Flags = { command: null, rest: [], sha: undefined, wait: false, timeoutMs: undefined, url: undefined, json: false };
  if (values.help) return none;
  const [command, ...rest] = positionals;
  if (command !== 'status' && command !== 'record') {
    throw usageError(command === undefined ? 'ci: status or record?' : `ci: unknown command "${command}" (status or record)`, 'Run `bosun ci --help` for usage.');
  }
  if (values.sha !== undefined && values.sha.trim() === '') throw usageError('ci: --sha needs a commit, e.g. --sha HEAD~1', 'Run `bosun ci --help` for usage.');
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    if (!values.wait) throw usageError('ci: --timeout applies with --wait only', 'Run `bosun ci --help` for usage.');
    const ms = parseDuration(values.timeout);
    if (ms === null) throw usageError(`ci: --timeout "${values.timeout}" is not a duration`, 'Use seconds or a unit: --timeout 90, 90s, 10m, 1h.');
    timeoutMs = ms;
  }
  if (command === 'status') {
    if (rest.length) throw usageError(`ci status: unexpected argument "${rest[0]}"`, 'Run `bosun ci --help` for usage.');
    if (values.url !== undefined) throw usageError('ci status: --url applies to record only', 'Run `bosun ci --help` for usage.');
  } else {
    if (values.wait) throw usageError('ci record: --wait applies to status only', 'Run `bosun ci --help` for usage.');
    if (rest.length !== 2) throw usageError('ci record: expected <check> <success|failure>', 'e.g. bosun ci record test success');
    const [check, state] = rest as [string, string];
    if (check.trim() === '' || /[\r\n\t]/.test(check)) throw usageError(`ci record: bad check name ${JSON.stringify(check)}`, 'Run `bosun ci --help` for usage.');
    if (state !== 'success' && state !== 'failure') throw usageError(`ci record: the result is success or failure, got "${state}"`, 'Run `bosun ci --help` for usage.');
  }
  return { command, rest, sha: values.sha?.trim(), wait: values.wait, timeoutMs, url: values.url, json: values.json };
}

function git(root: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

/** A full SHA as given is taken as is (it may not be in this clone); anything else is resolved by git. */
function resolveSha(root: string, rev: string | undefined): string {
  if (rev !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(rev)) return rev.toLowerCase();
  const r = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev ?? 'HEAD'}^{commit}`]);
  if (r.ok && r.out) return r.out;
  if (rev === undefined) {
    throw new BosunError({ code: 'E_NO_COMMIT', message: `HEAD of ${root} is not a commit (no commits yet?)`, hint: 'Commit first, or pass --sha.', exitCode: EXIT.environment });
  }
  throw usageError(`ci: "${rev}" is not a commit git can resolve here`, 'Pass a revision this clone has (git fetch first), or the full 40-hex SHA.');
}

async function ciConfig(dirs: RepoDirs): Promise<CiConfig> {
  const { fleet, file } = await loadFleet({ repoRoot: dirs.root, commonDir: dirs.commonDir });
  const value = fleet.gates?.['ci'];
  if (value === undefined) {
    throw new BosunError({
      code: 'E_CI_UNCONFIGURED',
      message: `no gates.ci in ${file}: bosun does not know which CI to ask`,
      hint: 'Add e.g.  gates: { ci: { provider: github, required: [test] } }  (providers: github, gitlab, local).',
      exitCode: EXIT.config,
    });
  }
  return parseCiConfig(value, 'gates.ci');
}

function render(v: CiVerdict): string {
  const lines = [`CI for ${v.sha.slice(0, 12)} (${v.provider}): ${v.green ? 'green' : 'NOT green'}`];
  if (v.checks.length) {
    const width = Math.max(5, ...v.checks.map((c) => c.name.length));
    lines.push(`  ${'CHECK'.padEnd(width)}  ${'STATE'.padEnd(9)}  REQUIRED`);
    for (const c of v.checks) {
      const extra = [c.warning ? `warning: ${c.warning}` : '', c.url ?? ''].filter(Boolean).join('  ');
      lines.push(`  ${c.name.padEnd(width)}  ${c.state.padEnd(9)}  ${(c.required ? 'yes' : 'no').padEnd(8)}${extra ? `  ${extra}` : ''}`.trimEnd());
    }
  } else lines.push('  (no checks reported)');
  if (v.reasons.length) lines.push('why not green:', ...v.reasons.map((r) => `  - ${r}`));
  return lines.join('\n') + '\n';
}

async function status(flags: Flags, dirs: RepoDirs): Promise<number> {
  const config = await ciConfig(dirs);
  const sha = resolveSha(dirs.root, flags.sha);
  const opts = { config, sha, env: process.env, repo: { root: dirs.root, commonDir: dirs.commonDir } };
  const verdict = flags.wait
    ? await waitForCi({
        ...opts,
        timeoutMs: flags.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        onPoll: (v, next) => process.stderr.write(`bosun ci: not green yet (${v.checks.filter((c) => c.required && c.state !== 'success').map((c) => `${c.name}: ${c.state}`).join(', ') || v.reasons[0] || 'no checks'}); polling again in ${Math.round(next / 1000)} s\n`),
      })
    : await ciStatus(opts);
  process.stdout.write(flags.json ? JSON.stringify(verdict, null, 2) + '\n' : render(verdict));
  return verdict.green ? EXIT.ok : EXIT.failure;
}

/** Who records: $USER, else the OS account (a CI container often has no USER set). */
function recorder(): string | null {
  const env = process.env['USER'] || process.env['USERNAME'];
  if (env) return env;
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

function record(flags: Flags, dirs: RepoDirs): number {
  const [check, state] = flags.rest as [string, 'success' | 'failure'];
  // The policy denies agents this command; refusing here too covers a command line the policy cannot read.
  const markers = agentMarkers(process.env);
  if (markers.length) {
    throw new BosunError({
      code: 'E_AGENT_SESSION',
      message: `ci record refused: this is an agent session (${markers.join(', ')}), and an agent must not vouch for CI`,
      hint: 'Record results from the CI job itself (a step after the tests), or as a person in your own terminal.',
      exitCode: EXIT.failure,
    });
  }
  const sha = resolveSha(dirs.root, flags.sha);
  const ledger = openLedger({ commonDir: dirs.commonDir });
  try {
    const row = ledger.recordCiResult({ time: Date.now(), sha, check: check.trim(), state, recordedBy: recorder(), url: flags.url ?? null });
    process.stdout.write(flags.json ? JSON.stringify(row, null, 2) + '\n' : `recorded ${row.check}: ${row.state} for ${sha.slice(0, 12)}\n`);
    return EXIT.ok;
  } finally {
    ledger.close();
  }
}

export async function run(args: string[]): Promise<number> {
  const flags = parse(args);
  if (flags.command === null) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const dirs = requireRepo();
  return flags.command === 'status' ? status(flags, dirs) : record(flags, dirs);
}

// `bosun deploy <env> [--dry-run]` and `bosun deploy log`: the CI-gated deploy with backup, counts and verify.
import { existsSync } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { ciStatus, loadDeployPipeline, parseDeployEnv, type DeployReport, type StepReport } from '../../gates/index.ts';
import { displayPath, loadFleet } from '../../fleet/index.ts';
import { ledgerPath, openLedger, type DeployRow } from '../../ledger/index.ts';
import { usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun deploy <env> [--dry-run] [--json]
       bosun deploy log [--env E] [--limit N] [--json]

Runs the steps of deploy.<env> in .bosun/fleet.yaml in order, stopping at the first failure:
  ci      CI must be green for HEAD, exactly (a dirty working tree is refused: CI never saw it)
  backup  pg_dump -Fc / mariadb-dump / SQLite online backup / your command, written OUTSIDE the
          repository ($BOSUN_HOME/backups/<repo>/<env>/ by default), then proven restorable
          (pg_restore --list and a full read; dump framing; PRAGMA integrity_check; or a scratch
          restore with restore_check: full)
  counts  exact row counts of the configured tables and queries (read-only sessions)
  run     your deploy command (output streamed to stderr, with a timeout)
  verify  the counts again, each judged by its rule: no-decrease, unchanged, +-N%, +N..M
  smoke   your smoke-test command
When a step after the backup fails, the exact command that restores the backup is printed and
recorded. Every deploy and its steps go into the ledger: \`bosun deploy log\`.

Agent sessions (BOSUN_AGENT, CLAUDECODE, Codex/Gemini markers) are refused unless deploy.<env> says
agents: allowed.

Options:
  --dry-run    print the plan and check config, tools, database access and CI, without backing up
               or running anything
  --env E      (log) only this environment
  --limit N    (log) the last N deploys (default 50)
  --json       machine-readable output on stdout
  -h, --help   this text

Exit codes: 0 deployed (or --dry-run: ready); 1 a step failed, CI not green, refused in an agent
session; 2 bad usage; 3 invalid deploy configuration; 4 a tool missing, a backup location
forbidden, a connection variable unset, not a git repository.`;

interface Flags {
  help: boolean;
  target: string | null;
  dryRun: boolean;
  json: boolean;
  env: string | undefined;
  limit: number | undefined;
}

function parse(args: string[]): Flags {
  const { values, positionals } = parseFlags('deploy', args, {
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    env: { type: 'string' },
    limit: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const flags: Flags = { help: values.help, target: positionals[0] ?? null, dryRun: values['dry-run'], json: values.json, env: values.env, limit: undefined };
  if (flags.help) return flags;
  if (flags.target === null) throw usageError('deploy: which environment? (bosun deploy <env>, or bosun deploy log)', 'Run `bosun deploy --help` for usage.');
  if (positionals.length > 1) throw usageError(`deploy: unexpected argument "${positionals[1]}"`, 'Run `bosun deploy --help` for usage.');
  const isLog = flags.target === 'log';
  if (!isLog && (values.env !== undefined || values.limit !== undefined)) throw usageError('deploy: --env and --limit apply to `bosun deploy log`', 'Run `bosun deploy --help` for usage.');
  if (isLog && flags.dryRun) throw usageError('deploy log: --dry-run applies to a deploy', 'Run `bosun deploy --help` for usage.');
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1) throw usageError(`deploy log: --limit must be a positive whole number, got "${values.limit}"`, 'Run `bosun deploy --help` for usage.');
    flags.limit = Number(values.limit);
  }
  return flags;
}

const STATUS_LABEL: Record<StepReport['status'], string> = { ok: 'ok', failed: 'FAILED', skipped: 'skip', planned: 'plan' };

function stepLine(step: string, status: StepReport['status'], summary: string): string {
  return `  ${STATUS_LABEL[status].padEnd(6)}  ${step.padEnd(6)}  ${summary}`;
}

function renderReport(r: DeployReport): string {
  const lines = [`deploy ${r.env}${r.dryRun ? ' (dry run)' : ''} at ${r.sha ? r.sha.slice(0, 12) : 'no commit'}`];
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  for (const s of r.steps) lines.push(stepLine(s.step, s.status, s.summary));
  const verdict: Record<DeployReport['status'], string> = {
    succeeded: `deployed ${r.env}.`,
    failed: `deploy ${r.env} FAILED at ${r.failedStep}: ${r.reason}`,
    refused: `deploy ${r.env} REFUSED: ${r.reason}`,
    ready: `ready: \`bosun deploy ${r.env}\` would run these steps.`,
    'not-ready': `NOT ready: ${r.reason}`,
  };
  lines.push(verdict[r.status]);
  const after = r.failedStep === 'run' || r.failedStep === 'verify' || r.failedStep === 'smoke';
  if (r.status === 'failed' && after && r.backup) {
    lines.push(
      r.backup.restoreCommand
        ? `To restore the backup taken before this deploy, run:\n  ${r.backup.restoreCommand}`
        : `The backup taken before this deploy is ${r.backup.file} (no restore command is known for it: set backup.restore).`,
    );
  }
  return lines.join('\n') + '\n';
}

function exitCode(r: DeployReport): number {
  if (r.status === 'succeeded' || r.status === 'ready') return EXIT.ok;
  if (r.status === 'refused' && r.problems.length) return EXIT.environment;
  return EXIT.failure;
}

async function deploy(envName: string, flags: Flags): Promise<number> {
  const dirs = requireRepo();
  const repo = { root: dirs.root, commonDir: dirs.commonDir };
  const { fleet, file } = await loadFleet({ repoRoot: dirs.root, commonDir: dirs.commonDir });
  const env = parseDeployEnv({ deploy: fleet.deploy, gatesCi: fleet.gates?.['ci'], env: envName, file: displayPath(dirs.root, file) });
  const { runDeploy } = await loadDeployPipeline();
  const home = process.env['HOME'] ?? homedir();
  const ledger = flags.dryRun ? null : openLedger({ commonDir: dirs.commonDir });
  try {
    const report = await runDeploy(
      { env, repo, dryRun: flags.dryRun },
      {
        ciStatus,
        env: process.env,
        now: Date.now,
        bosunHome: process.env['BOSUN_HOME'] || join(home, '.bosun'),
        home,
        actor: `${userInfo().username}@${hostname()}`,
        log: (line) => void (flags.json ? undefined : process.stderr.write(`${line}\n`)),
        output: process.stderr,
        ledger,
      },
    );
    process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : renderReport(report));
    return exitCode(report);
  } finally {
    ledger?.close();
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function renderLog(rows: DeployRow[], env?: string): string {
  if (rows.length === 0) return env === undefined ? 'no deploys recorded yet.\n' : `no deploys of ${env} recorded yet.\n`;
  const out: string[] = [];
  for (const d of rows) {
    const outcome = d.status === 'failed' ? `FAILED at ${d.failedStep}` : d.status === 'refused' ? 'REFUSED' : d.status;
    out.push(`#${d.id}  ${iso(d.startedAt)}  ${d.env}  ${d.sha ? d.sha.slice(0, 12) : '-'}  ${outcome}  by ${d.actor}${d.agentMarkers.length ? ` (agent: ${d.agentMarkers.join(', ')})` : ''}`);
    for (const s of d.steps) out.push(stepLine(s.step, s.status, s.summary));
    if (d.status !== 'failed' && d.reason) out.push(`  reason: ${d.reason}`);
    if (d.backupFile) out.push(`  backup: ${d.backupFile}`);
    if (d.restoreCommand && d.status === 'failed') out.push(`  restore: ${d.restoreCommand}`);
  }
  return out.join('\n') + '\n';
}

async function log(flags: Flags): Promise<number> {
  const dirs = requireRepo();
  const path = ledgerPath(dirs.commonDir);
  let rows: DeployRow[] = [];
  if (existsSync(path)) {
    const ledger = openLedger({ commonDir: dirs.commonDir });
    try {
      rows = ledger.listDeploys({ ...(flags.env === undefined ? {} : { env: flags.env }), ...(flags.limit === undefined ? {} : { limit: flags.limit }) });
    } finally {
      ledger.close();
    }
  }
  if (flags.json) {
    const deploys = rows.map((d) => ({ ...d, startedAt: iso(d.startedAt), finishedAt: iso(d.finishedAt), steps: d.steps.map((s) => ({ ...s, startedAt: iso(s.startedAt) })) }));
    process.stdout.write(JSON.stringify({ ledger: existsSync(path) ? path : null, deploys }, null, 2) + '\n');
  } else process.stdout.write(renderLog(rows, flags.env));
  return EXIT.ok;
}

export async function run(args: string[]): Promise<number> {
  const flags = parse(args);
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  if (flags.target === 'log') return log(flags);
  return deploy(flags.target!, flags);
}

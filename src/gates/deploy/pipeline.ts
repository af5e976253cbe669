/**
 * `bosun deploy <env>`: ci → backup (proven restorable) → counts → run → verify → smoke, stopping at the
 * first failure, every step recorded in the ledger as it ends. A failure after the backup prints the
 * exact command that puts it back.
 */
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { DeployStepStatus, Ledger } from '../../ledger/index.ts';
import { agentMarkers } from '../sacred/human.ts';
import { databaseAdapter } from './adapter.ts';
import { StepError, type DbAdapter } from './db.ts';
import { onPath } from './exec.ts';
import { backupDir, locationProblem, realDir, repoName } from './location.ts';
import { describeRule } from './rules.ts';
import { backupStep, ciStep, countsStep, headSha, runStep, smokeStep, verifyStep, type CiStatusFn, type StepContext, type StepOutcome } from './steps.ts';
import { STEPS, type DeployEnv, type StepName } from './types.ts';

export interface DeployDeps {
  ciStatus: CiStatusFn;
  env: Readonly<Record<string, string | undefined>>;
  now: () => number;
  bosunHome: string;
  home: string;
  /** `user@host`, for the ledger. */
  actor: string;
  /** Progress lines (stderr). */
  log: (line: string) => void;
  /** The user's commands' output, as it comes (stderr). */
  output: NodeJS.WritableStream;
  /** Null for a dry run (nothing is recorded). */
  ledger: Pick<Ledger, 'startDeploy' | 'recordDeployStep' | 'finishDeploy'> | null;
}

export interface DeployRequest {
  env: DeployEnv;
  repo: { root: string; commonDir: string };
  dryRun: boolean;
}

export interface StepReport {
  step: StepName;
  status: DeployStepStatus | 'planned';
  summary: string;
  details?: unknown;
  durationMs: number;
}

export type DeployOutcome = 'succeeded' | 'failed' | 'refused' | 'ready' | 'not-ready';

export interface DeployReport {
  env: string;
  dryRun: boolean;
  sha: string | null;
  status: DeployOutcome;
  failedStep: StepName | null;
  reason: string | null;
  /** Problems found before any step ran (a missing tool, a forbidden backup location, an unset variable). */
  problems: string[];
  steps: StepReport[];
  backup: { file: string; restoreCommand: string | null } | null;
  deployId: number | null;
}

const RUNNERS: Record<StepName, (ctx: StepContext) => Promise<StepOutcome>> = {
  ci: ciStep,
  backup: backupStep,
  counts: countsStep,
  run: runStep,
  verify: verifyStep,
  smoke: smokeStep,
};

interface Prepared {
  db: DbAdapter | null;
  backupDir: string | null;
  problems: string[];
}

/** What must hold before any step runs; collected, so --dry-run can list them all. */
function prepare(req: DeployRequest, deps: DeployDeps): Prepared {
  const problems: string[] = [];
  let db: DbAdapter | null = null;
  if (req.env.database) {
    try {
      db = databaseAdapter(req.env.database, { repoRoot: req.repo.root, env: deps.env, now: deps.now });
    } catch (err) {
      if (!(err instanceof StepError)) throw err;
      problems.push(err.message);
    }
  }
  const tools = new Set(db?.tools ?? []);
  const spec = req.env.backup;
  if (spec?.source === 'command' && spec.format === 'postgres') tools.add('pg_restore');
  for (const t of tools) if (!onPath(t, deps.env)) problems.push(`${t} is not installed (not on PATH)`);
  let dir: string | null = null;
  if (spec) {
    dir = realDir(backupDir({ to: spec.to, bosunHome: deps.bosunHome, home: deps.home, repoName: repoName(req.repo.root, req.repo.commonDir), env: req.env.name }));
    const problem = locationProblem({ dir, repoRoot: realDir(req.repo.root), commonDir: realDir(req.repo.commonDir), dbFile: db?.dbFile ?? null });
    if (problem) problems.push(`backups may not go there: ${problem}; set ${req.env.keyPath}.backup.to to a directory elsewhere`);
  }
  return { db, backupDir: dir, problems };
}

function agentRefusal(req: DeployRequest, deps: DeployDeps): string | null {
  const markers = agentMarkers(deps.env);
  if (markers.length === 0 || req.env.agentsAllowed) return null;
  return `deploying ${req.env.name} from an agent session is refused (${markers.join(', ')} set); a person deploys it from their own terminal, or the fleet file says ${req.env.keyPath}.agents: allowed`;
}

/** A leading `./script` or `/path` of a command that does not exist or cannot run. */
function missingScript(command: string, root: string): string | null {
  const first = /^\s*([./][^\s;&|<>]*)/.exec(command)?.[1];
  if (!first || (!first.startsWith('./') && !first.startsWith('/') && !first.startsWith('../'))) return null;
  try {
    accessSync(resolve(root, first), constants.X_OK);
    return null;
  } catch {
    return `${first} does not exist or is not executable`;
  }
}

async function plan(req: DeployRequest, ctx: StepContext, prepared: Prepared): Promise<StepReport[]> {
  const steps: StepReport[] = [];
  const add = (step: StepName, status: StepReport['status'], summary: string, details?: unknown): void => void steps.push({ step, status, summary, durationMs: 0, ...(details === undefined ? {} : { details }) });
  const attempt = async (step: StepName, fn: () => Promise<StepOutcome>): Promise<void> => {
    try {
      const r = await fn();
      add(step, r.skipped ? 'skipped' : 'ok', r.summary, r.details);
    } catch (err) {
      if (!(err instanceof StepError)) throw err;
      add(step, 'failed', err.message, err.details);
    }
  };
  await attempt('ci', () => ciStep(ctx));
  const spec = req.env.backup;
  if (!spec) add('backup', 'skipped', 'no backup configured');
  else {
    const what = spec.source === 'database' ? (ctx.db?.label ?? spec.db.keyPath) : `backup.command (${spec.command})`;
    const summary = `would back up ${what} to ${prepared.backupDir}/, then prove it restorable (${spec.restoreCheck})`;
    if (spec.source === 'database' && ctx.db) await attempt('backup', async () => ({ summary: `${summary}; database reachable (${await ctx.db!.count({ query: 'SELECT 1' }) === 1 ? 'SELECT 1' : '?'})` }));
    else add('backup', 'planned', summary);
  }
  if (req.env.counts.length && ctx.db) {
    await attempt('counts', async () => {
      const r = await countsStep(ctx);
      return { ...r, summary: `now: ${r.summary}` };
    });
  }
  else add('counts', 'skipped', req.env.counts.length ? 'no database to count in' : 'no counts configured');
  const script = missingScript(req.env.run.command, req.repo.root);
  add('run', script ? 'failed' : 'planned', script ?? `would run ${req.env.run.command} (timeout ${req.env.run.timeoutSeconds} s)`);
  if (req.env.counts.length) add('verify', 'planned', req.env.counts.map((c) => `${c.name} ${describeRule(c.rule)}`).join('; '));
  else add('verify', 'skipped', 'no counts configured');
  const smoke = req.env.smoke;
  const smokeScript = smoke ? missingScript(smoke.command, req.repo.root) : null;
  if (!smoke) add('smoke', 'skipped', 'no smoke command configured');
  else add('smoke', smokeScript ? 'failed' : 'planned', smokeScript ?? `would run ${smoke.command} (timeout ${smoke.timeoutSeconds} s)`);
  return steps;
}

export async function runDeploy(req: DeployRequest, deps: DeployDeps): Promise<DeployReport> {
  const prepared = prepare(req, deps);
  const ctx: StepContext = {
    env: req.env,
    repo: req.repo,
    processEnv: deps.env,
    now: deps.now,
    ciStatus: deps.ciStatus,
    output: deps.output,
    sha: null,
    db: prepared.db,
    backupDir: prepared.backupDir,
    backup: null,
    before: new Map(),
  };
  ctx.sha = await headSha(ctx);
  const refusal = agentRefusal(req, deps);
  const report: DeployReport = { env: req.env.name, dryRun: req.dryRun, sha: ctx.sha, status: 'succeeded', failedStep: null, reason: null, problems: prepared.problems, steps: [], backup: null, deployId: null };

  if (req.dryRun) {
    report.steps = await plan(req, ctx, prepared);
    if (refusal) report.problems.push(refusal);
    const failed = report.steps.find((s) => s.status === 'failed');
    report.status = report.problems.length || failed ? 'not-ready' : 'ready';
    report.failedStep = failed?.step ?? null;
    report.reason = report.problems[0] ?? failed?.summary ?? null;
    return report;
  }

  const ledger = deps.ledger;
  const deployId = ledger?.startDeploy({ time: deps.now(), env: req.env.name, sha: ctx.sha, actor: deps.actor, agentMarkers: agentMarkers(deps.env) }) ?? null;
  report.deployId = deployId;
  const finish = (status: 'succeeded' | 'failed' | 'refused', failedStep: StepName | null, reason: string | null): DeployReport => {
    Object.assign(report, { status, failedStep, reason, backup: ctx.backup });
    if (ledger && deployId !== null) {
      ledger.finishDeploy({ deployId, time: deps.now(), status, failedStep, reason, backupFile: ctx.backup?.file ?? null, restoreCommand: ctx.backup?.restoreCommand ?? null });
    }
    return report;
  };
  if (refusal) return finish('refused', null, refusal);
  if (prepared.problems.length) return finish('refused', null, prepared.problems.join('; '));

  let current: StepName | null = null;
  // Ctrl-C or a kill: a running command gets it (exec forwards it to its process group) and its step fails;
  // between steps the deploy stops before the next one. Either way it is finished as failed in the ledger,
  // never left "running". A second signal exits at once.
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) process.exit(sig === 'SIGINT' ? 130 : 143);
    interrupted = sig;
    deps.log(`deploy ${req.env.name}: ${sig} received: stopping after the current step (again to exit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (const step of STEPS) {
      if (interrupted) {
        if (ctx.backup) deps.log(ctx.backup.restoreCommand ? `To restore the backup taken before this deploy, run:\n  ${ctx.backup.restoreCommand}` : `The backup taken before this deploy is ${ctx.backup.file}`);
        return finish('failed', step, `interrupted by ${interrupted} before ${step}`);
      }
      current = step;
      const startedAt = deps.now();
      deps.log(`deploy ${req.env.name}: ${step}…`);
      let status: DeployStepStatus;
      let outcome: StepOutcome;
      try {
        outcome = await RUNNERS[step](ctx);
        status = outcome.skipped ? 'skipped' : 'ok';
      } catch (err) {
        if (!(err instanceof StepError)) throw err;
        outcome = { summary: err.message, details: err.details };
        status = 'failed';
      }
      const durationMs = deps.now() - startedAt;
      report.steps.push({ step, status, summary: outcome.summary, durationMs, ...(outcome.details === undefined ? {} : { details: outcome.details }) });
      if (ledger && deployId !== null) ledger.recordDeployStep({ deployId, step, status, startedAt, durationMs, summary: outcome.summary, details: outcome.details });
      if (status === 'failed') return finish('failed', step, outcome.summary);
    }
  } catch (err) {
    // Not a step saying no: bosun itself (or the ledger) failed. The deploy must not stay "running" in the
    // ledger, and once a backup exists its restore command must reach the person before the error does.
    const reason = `bosun stopped unexpectedly${current ? ` during ${current}` : ''}: ${err instanceof Error ? err.message : String(err)}`;
    try {
      finish('failed', current, reason);
    } catch {
      // the ledger is what failed: the error below says what happened
    }
    if (ctx.backup) {
      deps.log(ctx.backup.restoreCommand ? `To restore the backup taken before this deploy, run:\n  ${ctx.backup.restoreCommand}` : `The backup taken before this deploy is ${ctx.backup.file}`);
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return finish('succeeded', null, null);
}

/**
 * The six steps. Each returns what it found (a summary line and details for the ledger) or throws
 * StepError to stop the deploy; anything else thrown is a bug in bosun.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import type { CiStatusOptions, CiVerdict } from '../ci/index.ts';
import { checkPgDump } from './db-postgres.ts';
import { checkMysqlDump } from './db-mysql.ts';
import { checkSqliteFile } from './db-sqlite.ts';
import { StepError, type DbAdapter } from './db.ts';
import { describeExit, execArgv, execShell, ok } from './exec.ts';
import { backupFileName } from './location.ts';
import { shellQuote } from './quote.ts';
import { evaluateCount } from './rules.ts';
import type { BackupSpec, CommandSpec, DeployEnv } from './types.ts';

export type CiStatusFn = (opts: CiStatusOptions) => Promise<CiVerdict>;

export interface StepContext {
  env: DeployEnv;
  repo: { root: string; commonDir: string };
  processEnv: Readonly<Record<string, string | undefined>>;
  now: () => number;
  ciStatus: CiStatusFn;
  /** Where the user's commands' output goes as it comes (stderr: stdout is for results). */
  output: NodeJS.WritableStream;
  sha: string | null;
  db: DbAdapter | null;
  /** The resolved backup directory (checked by preflight). */
  backupDir: string | null;
  /** Set by the backup step. */
  backup: { file: string; restoreCommand: string | null } | null;
  /** Set by the counts step. */
  before: Map<string, number>;
}

export interface StepOutcome {
  skipped?: boolean;
  summary: string;
  details?: unknown;
}

async function git(ctx: StepContext, ...args: string[]): Promise<string> {
  const r = await execArgv(['git', ...args], { cwd: ctx.repo.root, env: ctx.processEnv });
  if (!ok(r)) throw new StepError(describeExit(r));
  return r.stdout;
}

export async function headSha(ctx: StepContext): Promise<string | null> {
  const r = await execArgv(['git', 'rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: ctx.repo.root, env: ctx.processEnv });
  return ok(r) ? r.stdout.trim() : null;
}

export async function ciStep(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.env.ci === null) return { skipped: true, summary: `${ctx.env.keyPath}.ci is false: deploying without asking CI` };
  if (ctx.sha === null) throw new StepError('HEAD has no commit: CI can only vouch for a commit');
  const dirty = (await git(ctx, 'status', '--porcelain=v1', '--untracked-files=normal')).split('\n').filter(Boolean);
  if (dirty.length) {
    const shown = dirty.slice(0, 5).map((l) => l.slice(3)).join(', ');
    throw new StepError(`the working tree has changes CI never saw (${shown}${dirty.length > 5 ? `, +${dirty.length - 5} more` : ''}): commit and push them, or stash them, then deploy`);
  }
  let verdict: CiVerdict;
  try {
    verdict = await ctx.ciStatus({ config: ctx.env.ci, sha: ctx.sha, env: ctx.processEnv, repo: ctx.repo, now: ctx.now });
  } catch (err) {
    // Fail closed: CI that cannot be asked is not green.
    if (err instanceof BosunError) throw new StepError(`CI could not be asked: ${err.message}${err.hint ? ` (${err.hint})` : ''}`);
    throw err;
  }
  const details = { provider: verdict.provider, sha: verdict.sha, checks: verdict.checks.map((c) => ({ name: c.name, state: c.state, required: c.required })), reasons: verdict.reasons };
  const short = ctx.sha.slice(0, 12);
  if (verdict.sha !== ctx.sha) throw new StepError(`CI answered for ${verdict.sha.slice(0, 12)}, but HEAD is ${short}`);
  if (!verdict.green) throw new StepError(`CI is not green for ${short} (${verdict.provider}): ${verdict.reasons.join('; ') || 'no reason given'}`, details);
  const required = verdict.checks.filter((c) => c.required).map((c) => c.name);
  return { summary: `CI green for ${short} (${verdict.provider}: ${required.join(', ') || 'no required checks'})`, details };
}

function extFor(spec: BackupSpec, db: DbAdapter | null): string {
  if (spec.source === 'database') return db?.ext ?? 'backup';
  return spec.format === 'postgres' ? 'pgdump' : spec.format === 'mysql' ? 'sql' : spec.format === 'sqlite' ? 'sqlite' : 'backup';
}

function restoreCommandFor(spec: BackupSpec, db: DbAdapter | null, file: string): string | null {
  if (spec.source === 'command') {
    if (spec.restore !== null) return `BOSUN_BACKUP_FILE=${shellQuote(file)} sh -c ${shellQuote(spec.restore)}`;
    return spec.format !== null && db?.kind === spec.format ? db.restoreCommand(file) : null;
  }
  return db?.restoreCommand(file) ?? null;
}

async function proveRestorable(ctx: StepContext, spec: BackupSpec, file: string): Promise<string[]> {
  const timeoutMs = spec.timeoutSeconds * 1000;
  const proofs: string[] = [];
  if (spec.source === 'database') proofs.push(await ctx.db!.check(file, timeoutMs));
  else {
    if (spec.format === 'postgres') proofs.push(await checkPgDump(file, ctx.processEnv, timeoutMs));
    if (spec.format === 'mysql') proofs.push(await checkMysqlDump(file));
    if (spec.format === 'sqlite') proofs.push(await checkSqliteFile(file));
    if (spec.check !== null) {
      const r = await execShell(spec.check, { cwd: ctx.repo.root, env: { ...ctx.processEnv, BOSUN_BACKUP_FILE: file }, timeoutMs, stream: ctx.output });
      if (!ok(r)) throw new StepError(`backup.check says the backup does not restore: ${describeExit(r, timeoutMs)}`);
      proofs.push('backup.check exited 0');
    }
  }
  if (spec.restoreCheck === 'full') proofs.push(await ctx.db!.fullCheck(file, timeoutMs));
  return proofs;
}

export async function backupStep(ctx: StepContext): Promise<StepOutcome> {
  const spec = ctx.env.backup;
  if (spec === null) return { skipped: true, summary: 'no backup configured' };
  const dir = ctx.backupDir!;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new StepError(`cannot create the backup directory ${dir}: ${e.code ?? e.message}${e.path && e.path !== dir ? ` (${e.path})` : ''}; set backup.to to a directory this user can write`);
  }
  const file = join(dir, backupFileName(ctx.now(), ctx.sha, extFor(spec, ctx.db)));
  const partial = `${file}.partial`;
  const timeoutMs = spec.timeoutSeconds * 1000;
  if (spec.source === 'database') await ctx.db!.backup(partial, timeoutMs);
  else {
    const r = await execShell(spec.command, { cwd: ctx.repo.root, env: { ...ctx.processEnv, BOSUN_BACKUP_FILE: partial }, timeoutMs, stream: ctx.output });
    if (!ok(r)) throw new StepError(`backup.command failed: ${describeExit(r, timeoutMs)}`);
  }
  if (!existsSync(partial) || statSync(partial).size === 0) throw new StepError(`the backup wrote nothing to ${partial}`);
  chmodSync(partial, 0o600);
  renameSync(partial, file);
  let proofs: string[];
  try {
    proofs = await proveRestorable(ctx, spec, file);
  } catch (err) {
    // Keep the evidence, under a name nobody will restore by mistake.
    if (err instanceof StepError) renameSync(file, `${file}.unrestorable`);
    throw err;
  }
  const restoreCommand = restoreCommandFor(spec, ctx.db, file);
  ctx.backup = { file, restoreCommand };
  const size = statSync(file).size;
  return { summary: `${file} (${size} bytes); restorable: ${proofs.join('; ')}`, details: { file, bytes: size, proofs, restoreCommand } };
}

export async function countsStep(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.env.counts.length === 0) return { skipped: true, summary: 'no counts configured' };
  for (const c of ctx.env.counts) ctx.before.set(c.name, await ctx.db!.count(c.target));
  const counts = Object.fromEntries(ctx.before);
  return { summary: Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(', '), details: { counts } };
}

async function command(ctx: StepContext, spec: CommandSpec, what: string): Promise<StepOutcome> {
  const timeoutMs = spec.timeoutSeconds * 1000;
  const env = {
    ...ctx.processEnv,
    BOSUN_DEPLOY_ENV: ctx.env.name,
    BOSUN_DEPLOY_SHA: ctx.sha ?? '',
    ...(ctx.backup ? { BOSUN_BACKUP_FILE: ctx.backup.file } : {}),
  };
  const r = await execShell(spec.command, { cwd: ctx.repo.root, env, timeoutMs, stream: ctx.output });
  const details = { command: spec.command, exitCode: r.code, signal: r.signal, timedOut: r.timedOut, outputTail: r.tail.slice(-2000) };
  if (!ok(r)) throw new StepError(`${what} failed: ${describeExit(r, timeoutMs)}`, details);
  return { summary: `${spec.command}: exit 0`, details };
}

export const runStep = (ctx: StepContext): Promise<StepOutcome> => command(ctx, ctx.env.run, 'the deploy command');

export async function smokeStep(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.env.smoke === null) return { skipped: true, summary: 'no smoke command configured' };
  return command(ctx, ctx.env.smoke, 'the smoke test');
}

export async function verifyStep(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.env.counts.length === 0) return { skipped: true, summary: 'no counts configured' };
  const results = [];
  for (const c of ctx.env.counts) {
    const before = ctx.before.get(c.name)!;
    const after = await ctx.db!.count(c.target);
    results.push({ name: c.name, rule: c.ruleText, before, after, ...evaluateCount(c.rule, before, after) });
  }
  const bad = results.filter((r) => !r.ok);
  const details = { counts: results.map(({ name, rule, before, after, ok: fine }) => ({ name, rule, before, after, ok: fine })) };
  if (bad.length) throw new StepError(bad.map((r) => `${r.name}: ${r.message}`).join('; '), details);
  return { summary: results.map((r) => `${r.name} ${r.before} → ${r.after}`).join(', '), details };
}

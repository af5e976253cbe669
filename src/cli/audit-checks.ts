// The self-audit's checks: is bosun still wired, and is its memory maintained? Composes domains and the
// Claude Code adapter, so it lives with the CLI. Each check reports; none changes anything.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planClaudeInstall } from '../adapters/claude-code/install.ts';
import { loadFleet, type Fleet } from '../fleet/index.ts';
import { installPreCommitHook, preCommitCommand, runSacredGate } from '../gates/index.ts';
import { closeoutPending, factsSessionSummary, lastSync, lintProject, readRegistry, WARNING_KINDS } from '../memory/index.ts';
import { errorMessage } from '../shared/errors.ts';
import type { RepoDirs } from '../shared/git-dirs.ts';
import { bosunRoot } from './install-root.ts';

export type CheckState = 'ok' | 'warn' | 'fail';

export interface AuditCheck {
  name: string;
  state: CheckState;
  detail: string;
  /** What to run or do about it; empty when ok. */
  fix: string;
}

export interface AuditContext {
  dirs: RepoDirs;
  /** `$BOSUN_HOME`, resolved. */
  bosunHome: string;
  now: number;
}

const DAY = 24 * 60 * 60 * 1000;

const check = (name: string, state: CheckState, detail: string, fix = ''): AuditCheck => ({ name, state, detail, fix });

function wiring(fleet: Fleet, root: string): AuditCheck {
  const hookJs = join(bosunRoot(), 'dist', 'hook.cjs');
  if (!existsSync(hookJs)) return check('claude-code wiring', 'fail', `${hookJs} does not exist: every hook would fail`, 'run `npm run build` in the bosun checkout, then `bosun init`');
  const read = (rel: string): string | null => {
    const p = join(root, rel);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
  let stale: string[];
  try {
    stale = planClaudeInstall(fleet, hookJs, read, root)
      .filter((c) => c.action === 'create' || c.action === 'update')
      .map((c) => c.path);
  } catch (err) {
    return check('claude-code wiring', 'fail', `.claude/settings.json cannot be read: ${errorMessage(err)}`, 'fix the JSON by hand, then run `bosun init`');
  }
  if (stale.length) return check('claude-code wiring', 'fail', `out of date: ${stale.join(', ')} (hooks missing, moved, or agent files behind the fleet)`, 'run `bosun init` (review with `bosun init --dry-run`)');
  return check('claude-code wiring', 'ok', 'every hook event is wired to this bosun; agent files match the fleet');
}

function gitHook(dirs: RepoDirs): AuditCheck {
  const r = installPreCommitHook({ repoRoot: dirs.root, commonDir: dirs.commonDir, command: preCommitCommand(bosunRoot()), dryRun: true });
  if (r.action === 'unchanged') return check('git pre-commit hook', 'ok', `installed (${r.manager}${r.path ? `: ${r.path}` : ''})`);
  if (r.action === 'manual') return check('git pre-commit hook', 'warn', r.notes.join(' '), 'add the snippet `bosun init` prints to your hook manager');
  return check('git pre-commit hook', 'fail', `not installed or out of date (${r.manager}): the staged type-check, sacred and review gates do not run on commit`, 'run `bosun init`');
}

function memory(fleet: Fleet, dirs: RepoDirs): AuditCheck {
  const { findings, lessons } = lintProject(dirs.root, dirs.commonDir, fleet.memory.budget);
  const errors = findings.filter((f) => !WARNING_KINDS.has(f.kind));
  if (errors.length) return check('project memory', 'fail', `${errors.length} problem(s) in .bosun/memory: ${errors.slice(0, 3).map((f) => f.message).join('; ')}`, 'run `bosun memory lint` and fix what it lists');
  if (findings.length) return check('project memory', 'warn', findings.map((f) => f.message).join('; '), 'run `bosun memory lint`');
  return check('project memory', 'ok', `${lessons} lesson(s), within budget`);
}

async function sacred(fleet: Fleet, dirs: RepoDirs): Promise<AuditCheck> {
  if (!fleet.protected.sacred.length) return check('sacred tests', 'ok', 'protected.sacred names no tests');
  const r = await runSacredGate({ repoRoot: dirs.root, commonDir: dirs.commonDir, mode: { kind: 'worktree' } });
  if (r.ok) return check('sacred tests', 'ok', `the working tree matches the lock (${r.lock?.tests ?? 0} tests)`);
  return check('sacred tests', 'fail', `${r.findings.length} finding(s): ${r.findings.slice(0, 2).map((f) => f.message).join('; ')}`, 'run `bosun gate sacred`; a person re-locks an intended change with `bosun sacred approve`');
}

function closeout(dirs: RepoDirs, now: number): AuditCheck {
  const { candidates } = closeoutPending({ commonDir: dirs.commonDir, now });
  if (candidates) return check('close-out inbox', 'warn', `${candidates} candidate lesson(s) waiting for review`, 'run `bosun lessons review`');
  return check('close-out inbox', 'ok', 'no candidate lessons waiting');
}

function facts(home: string, now: number): AuditCheck {
  const { stale, text } = factsSessionSummary({ home, now });
  if (stale) return check('facts vault', 'warn', `${stale} fact(s) stale, expired or unreadable`, 'run `bosun facts stale`, then `bosun facts verify`');
  return check('facts vault', 'ok', text ? 'every fact is fresh' : 'no facts recorded');
}

function lessonsSync(home: string, root: string, now: number): AuditCheck {
  let registered = false;
  try {
    registered = readRegistry(home).workspaces.some((w) => w.path === root);
  } catch (err) {
    return check('lessons sync', 'fail', `the workspace registry cannot be read: ${errorMessage(err)}`, 'fix or remove $BOSUN_HOME/workspaces.json');
  }
  if (!registered) return check('lessons sync', 'ok', 'this repository is not a registered workspace (`bosun workspaces add` shares lessons across projects)');
  const last = lastSync(home);
  const at = last ? Date.parse(last.at) : NaN;
  if (!last || Number.isNaN(at)) return check('lessons sync', 'warn', 'lessons were never synced across workspaces', 'run `bosun lessons sync`, and `bosun schedule install` for a daily run');
  if (now - at > DAY) return check('lessons sync', 'warn', `the last sync was ${Math.floor((now - at) / DAY)} day(s) ago`, 'run `bosun lessons sync`; `bosun schedule status` shows the daily run');
  return check('lessons sync', 'ok', 'synced within the last day');
}

/** Runs every check; a check that throws is reported as failed with the error, never aborts the audit. */
export async function runAudit(ctx: AuditContext): Promise<AuditCheck[]> {
  const out: AuditCheck[] = [];
  let fleet: Fleet | null = null;
  try {
    fleet = (await loadFleet({ repoRoot: ctx.dirs.root, commonDir: ctx.dirs.commonDir })).fleet;
    out.push(check('fleet file', 'ok', '.bosun/fleet.yaml is valid'));
  } catch (err) {
    out.push(check('fleet file', 'fail', errorMessage(err), 'run `bosun fleet validate` (or `bosun init` when there is none)'));
  }
  const guarded = async (name: string, fn: () => AuditCheck | Promise<AuditCheck>): Promise<void> => {
    try {
      out.push(await fn());
    } catch (err) {
      out.push(check(name, 'fail', `the check itself failed: ${errorMessage(err)}`, 'this may be a bug in bosun; run the matching command for details'));
    }
  };
  if (fleet) {
    const f = fleet;
    await guarded('claude-code wiring', () => wiring(f, ctx.dirs.root));
    await guarded('project memory', () => memory(f, ctx.dirs));
    await guarded('sacred tests', () => sacred(f, ctx.dirs));
  }
  await guarded('git pre-commit hook', () => gitHook(ctx.dirs));
  await guarded('close-out inbox', () => closeout(ctx.dirs, ctx.now));
  await guarded('facts vault', () => facts(ctx.bosunHome, ctx.now));
  await guarded('lessons sync', () => lessonsSync(ctx.bosunHome, ctx.dirs.root, ctx.now));
  return out;
}

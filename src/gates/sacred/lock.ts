/**
 * Writing the lock: `planLock` (the initial `bosun sacred lock`) and `planApproval` + `commitLock` (`bosun
 * sacred approve`, a human's re-lock). Both read the working tree; the caller decides (refusals, prompt)
 * and `commitLock` writes the file and records the event in the ledger.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadFleet } from '../../fleet/index.ts';
import { openLedger } from '../../ledger/index.ts';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { gitConfig } from '../git-hooks/git.ts';
import { collectSnapshot } from './collect.ts';
import { compareLock } from './compare.ts';
import { missingLock } from './gate.ts';
import { parseLock, sameLockContent, serializeLock } from './lock-format.ts';
import { worktreeTree } from './tree.ts';
import { LOCK_VERSION, SACRED_LOCK_FILE, type Approval, type Finding, type SacredLock, type SacredSnapshot } from './types.ts';

export interface RepoPaths {
  repoRoot: string;
  commonDir: string;
}

/** `Name <email>` from git config; E_NO_IDENTITY when either is unset. */
export function gitIdentity(repoRoot: string): string {
  const name = gitConfig(repoRoot, 'user.name');
  const email = gitConfig(repoRoot, 'user.email');
  if (!name || !email) {
    throw new BosunError({
      code: 'E_NO_IDENTITY',
      message: 'the approver is recorded by git identity, and user.name or user.email is not set',
      hint: 'git config --global user.name "Your Name" && git config --global user.email you@example.com',
      exitCode: EXIT.usage,
    });
  }
  return `${name} <${email}>`;
}

export function readWorktreeLock(repoRoot: string): SacredLock | null {
  let text: string;
  try {
    text = readFileSync(join(repoRoot, SACRED_LOCK_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return parseLock(text);
}

/** The lock the working tree calls for now (approval left to the caller), and the snapshot it came from. */
async function currentLock(paths: RepoPaths, previous: SacredLock | null): Promise<{ lock: SacredLock; sacred: string[]; snapshot: SacredSnapshot }> {
  const { fleet } = await loadFleet(paths);
  const sacred = fleet.protected.sacred;
  const snapshot = await collectSnapshot({ tree: worktreeTree(paths.repoRoot), sacred, root: paths.repoRoot, checks: fleet.checks, lock: previous, evaluate: 'always' });
  const { scripts, configs, uncovered, setup } = snapshot.runner;
  return { lock: { version: LOCK_VERSION, approval: null, files: snapshot.files, runner: { scripts, configs, uncovered, setup } }, sacred, snapshot };
}

export interface LockPlan {
  previous: SacredLock | null;
  next: SacredLock;
  /** What differs from the previous lock (for approve), as the gate would report it. */
  changes: Finding[];
}

/** The initial lock. Refuses when one exists (re-locking is `bosun sacred approve`) or nothing is sacred. */
export async function planLock(paths: RepoPaths): Promise<LockPlan> {
  if (readWorktreeLock(paths.repoRoot)) {
    throw new BosunError({
      code: 'E_LOCK_EXISTS',
      message: `${SACRED_LOCK_FILE} already exists`,
      hint: 'A person re-locks sacred tests after an intended change with `bosun sacred approve --reason "…"`.',
      exitCode: EXIT.failure,
    });
  }
  const { lock, sacred } = await currentLock(paths, null);
  if (sacred.length === 0) {
    throw new BosunError({
      code: 'E_NO_SACRED',
      message: 'protected.sacred in .bosun/fleet.yaml is empty: there are no sacred tests to lock',
      hint: 'Add the globs of the tests no agent may change, e.g. `protected: { sacred: ["test/billing/**"] }`.',
      exitCode: EXIT.config,
    });
  }
  return { previous: null, next: lock, changes: [] };
}

/** A re-lock of the working tree as it is now; `changes` is empty when the lock already matches. */
export async function planApproval(paths: RepoPaths): Promise<LockPlan> {
  const previous = readWorktreeLock(paths.repoRoot);
  if (!previous) throw missingLock('the working tree', 'Create the first lock with `bosun sacred lock`.');
  const { lock, snapshot } = await currentLock(paths, previous);
  if (sameLockContent(previous, lock)) return { previous, next: lock, changes: [] };
  // Every changed runner source is shown to the approver, read statically or not.
  const changes = compareLock(previous, snapshot, { everyConfig: true });
  return { previous, next: lock, changes: changes.length ? changes : [{ kind: 'changed', file: SACRED_LOCK_FILE, message: 'the lock\'s fingerprints differ (no finding names them)' }] };
}

export interface CommitOptions extends RepoPaths {
  plan: LockPlan;
  approval: Approval;
  event: 'sacred-lock' | 'sacred-approve';
  /** Epoch ms, for the ledger. */
  time: number;
}

/** Writes the lock (atomically) and records who approved it, why, and what changed. Returns the text written. */
export function commitLock(opts: CommitOptions): string {
  const lock: SacredLock = { ...opts.plan.next, approval: opts.approval };
  const text = serializeLock(lock);
  const path = join(opts.repoRoot, SACRED_LOCK_FILE);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.bosun-${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  const ledger = openLedger({ commonDir: opts.commonDir });
  try {
    const changedFiles = [...new Set(opts.plan.changes.map((c) => c.file))].sort();
    ledger.recordEvent({
      time: opts.time,
      sessionId: null,
      agent: null,
      harness: 'cli',
      event: opts.event,
      target: SACRED_LOCK_FILE,
      data: {
        approver: opts.approval.by,
        reason: opts.approval.reason,
        files: opts.event === 'sacred-lock' ? Object.keys(lock.files) : changedFiles,
        changes: opts.plan.changes.map((c) => c.message),
      },
    });
  } finally {
    ledger.close();
  }
  return text;
}

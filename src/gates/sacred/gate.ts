/**
 * `runSacredGate`: the sacred tests of a tree against the lock. Three modes:
 *
 * - `worktree`: the working tree against `.bosun/sacred.lock` in the working tree.
 * - `index`:    the staged snapshot against the staged lock (pre-commit: what the commit will contain).
 * - `range`:    HEAD against the lock as of `base` (CI). A lock changed in base..HEAD is accepted only when
 *               it carries a new approval (written by `bosun sacred approve`, which refuses agents); HEAD's
 *               files are then compared against HEAD's lock, and the approval is reported so the reviewer
 *               sees it. Any other change of the lock in the range is a finding, and HEAD's files are
 *               compared against the base lock — editing a sacred test and its lock together still fails.
 *               The approval is evidence of intent, not authentication: protect the lock with CODEOWNERS.
 */
import { fleetInvalid, loadFleet, loadFleetParser, FLEET_FILE, type Fleet } from '../../fleet/index.ts';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { collectSnapshot } from './collect.ts';
import { compareLock, runnerNotices } from './compare.ts';
import { parseLock, serializeLock } from './lock-format.ts';
import { commitTree, indexTree, readText, resolveCommit, worktreeTree, type Tree } from './tree.ts';
import { SACRED_LOCK_FILE, type Approval, type Finding, type SacredLock } from './types.ts';

export type SacredMode = { kind: 'worktree' } | { kind: 'index' } | { kind: 'range'; base: string };

export interface SacredGateOptions {
  repoRoot: string;
  commonDir: string;
  mode: SacredMode;
}

export interface SacredGateResult {
  gate: 'sacred';
  ok: boolean;
  /** What was compared with the lock, in words: "the working tree", "the staged snapshot", "HEAD". */
  compared: string;
  findings: Finding[];
  /** Things worth knowing that do not fail the gate (a re-approval in the range, a readable config change). */
  notices: string[];
  /** The lock compared against; null when there is none and nothing is sacred. */
  lock: { source: string; files: number; tests: number; approval: Approval | null } | null;
}

export function missingLock(where: string, hint?: string): BosunError {
  return new BosunError({
    code: 'E_SACRED_NO_LOCK',
    message: `protected.sacred names sacred tests, but there is no ${SACRED_LOCK_FILE} in ${where}`,
    hint: hint ?? 'A human creates it once with `bosun sacred lock` and commits it.',
    exitCode: EXIT.config,
  });
}

/** The fleet as the tree has it (falling back to the working tree's when the tree has none). */
async function fleetOf(tree: Tree, repoRoot: string, commonDir: string): Promise<Fleet> {
  if (tree.kind !== 'worktree') {
    const text = readText(tree, FLEET_FILE);
    if (text !== null) {
      const shown = tree.kind === 'index' ? `${FLEET_FILE} (staged)` : `${FLEET_FILE} (${tree.label})`;
      const { parseFleet } = await loadFleetParser();
      const parsed = parseFleet(text, shown);
      if (!parsed.ok) throw fleetInvalid(shown, parsed.issues);
      return parsed.fleet;
    }
  }
  return (await loadFleet({ repoRoot, commonDir })).fleet;
}

function lockOf(tree: Tree): { lock: SacredLock; text: string } | null {
  const text = readText(tree, SACRED_LOCK_FILE);
  if (text === null) return null;
  const shown = tree.kind === 'worktree' ? SACRED_LOCK_FILE : `${SACRED_LOCK_FILE} (${tree.kind === 'index' ? 'staged' : tree.label})`;
  return { lock: parseLock(text, shown), text };
}

const sameApproval = (a: Approval | null, b: Approval | null): boolean => a !== null && b !== null && a.by === b.by && a.reason === b.reason && a.at === b.at;

interface Plan {
  tree: Tree;
  lock: SacredLock | null;
  lockSource: string;
  findings: Finding[];
  notices: string[];
  compared: string;
}

function planRange(repoRoot: string, base: string): Plan {
  resolveCommit(repoRoot, base);
  const head = commitTree(repoRoot, 'HEAD');
  const baseLock = lockOf(commitTree(repoRoot, base));
  const headLock = lockOf(head);
  const compared = 'HEAD';
  const plan: Plan = { tree: head, lock: baseLock?.lock ?? null, lockSource: `${SACRED_LOCK_FILE} at ${base}`, findings: [], notices: [], compared };
  if (!baseLock) {
    if (headLock) {
      const a = headLock.lock.approval;
      plan.lock = headLock.lock;
      plan.lockSource = `${SACRED_LOCK_FILE} at HEAD`;
      plan.notices.push(`the lock was introduced in ${base}..HEAD${a ? ` (by ${a.by}: ${a.reason})` : ''}`);
    }
    return plan;
  }
  if (!headLock) {
    plan.findings.push({ kind: 'lock-changed', file: SACRED_LOCK_FILE, message: `${SACRED_LOCK_FILE}: deleted in ${base}..HEAD` });
    return plan;
  }
  if (serializeLock(headLock.lock) === serializeLock(baseLock.lock)) return plan;
  const approval = headLock.lock.approval;
  if (approval && !sameApproval(approval, baseLock.lock.approval)) {
    plan.lock = headLock.lock;
    plan.lockSource = `${SACRED_LOCK_FILE} at HEAD`;
    plan.notices.push(`the lock was re-approved in ${base}..HEAD by ${approval.by} at ${approval.at}: ${approval.reason} — review the change to ${SACRED_LOCK_FILE}`);
    return plan;
  }
  plan.findings.push({
    kind: 'lock-changed',
    file: SACRED_LOCK_FILE,
    message: `${SACRED_LOCK_FILE}: changed in ${base}..HEAD without a new approval (only \`bosun sacred approve\` may re-lock)`,
  });
  return plan;
}

function plan(opts: SacredGateOptions): Plan {
  const { repoRoot, mode } = opts;
  if (mode.kind === 'range') return planRange(repoRoot, mode.base);
  const tree = mode.kind === 'index' ? indexTree(repoRoot) : worktreeTree(repoRoot);
  const found = lockOf(tree);
  const lockSource = mode.kind === 'index' ? `${SACRED_LOCK_FILE} (staged)` : SACRED_LOCK_FILE;
  return { tree, lock: found?.lock ?? null, lockSource, findings: [], notices: [], compared: tree.label };
}

export async function runSacredGate(opts: SacredGateOptions): Promise<SacredGateResult> {
  const p = plan(opts);
  const fleet = await fleetOf(p.tree, opts.repoRoot, opts.commonDir);
  const sacred = fleet.protected.sacred;
  if (!p.lock) {
    if (sacred.length === 0) {
      return { gate: 'sacred', ok: true, compared: p.compared, findings: [], notices: ['protected.sacred is empty: no sacred tests to check'], lock: null };
    }
    if (opts.mode.kind === 'index') {
      const inWorktree = readText(worktreeTree(opts.repoRoot), SACRED_LOCK_FILE) !== null;
      throw missingLock('the staged snapshot', inWorktree ? `stage it: \`git add ${SACRED_LOCK_FILE}\`` : undefined);
    }
    throw missingLock(opts.mode.kind === 'range' ? `${opts.mode.base} or HEAD` : 'the working tree');
  }
  const snapshot = await collectSnapshot({ tree: p.tree, sacred, root: opts.repoRoot, checks: fleet.checks, lock: p.lock, evaluate: 'if-changed' });
  const findings = [...p.findings, ...compareLock(p.lock, snapshot)];
  const notices = [...p.notices, ...runnerNotices(p.lock.runner, snapshot.runner)];
  const tests = Object.values(p.lock.files).reduce((n, f) => n + f.tests.length, 0);
  return {
    gate: 'sacred',
    ok: findings.length === 0,
    compared: p.compared,
    findings,
    notices,
    lock: { source: p.lockSource, files: Object.keys(p.lock.files).length, tests, approval: p.lock.approval },
  };
}

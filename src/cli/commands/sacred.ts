// `bosun sacred lock|status|approve`: the lock of the tests no agent may change.
import { createInterface } from 'node:readline/promises';
import { commitLock, gitIdentity, humanRefusal, planApproval, planLock, runSacredGate, SACRED_LOCK_FILE, type LockPlan, type SacredLock } from '../../gates/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { requireRepo } from '../repo-context.ts';
import { parseFlags } from '../args.ts';

const HELP = `Usage: bosun sacred <lock|status|approve> [options]

Sacred tests (protected.sacred in .bosun/fleet.yaml) are tests no agent may change. ${SACRED_LOCK_FILE}
(commit it) pins each one: its content hash and, read with a JS/TS parser, every test's name, assertion
count and skip/only/todo markers — and the test runner's configuration (the test script, jest/vitest/
mocha/node --test/pytest settings), so excluding a sacred test from the run is caught too.
\`bosun gate sacred\` (pre-commit hook and CI) fails when the tree no longer matches.

Commands:
  lock      write the first lock from the working tree. Refuses when a lock exists (re-locking is
            \`approve\`) and inside an agent session.
  status    what \`bosun gate sacred\` would say about the working tree, without failing (exit 0).
  approve   re-lock after a change a person made and reviewed: shows what changed and asks to confirm.
            Refuses inside an agent session (BOSUN_AGENT, CLAUDECODE, CODEX_*, GEMINI_CLI … set) and
            without an interactive terminal. The approver (git user.name/email) and the reason go into
            the lock and the ledger; CI (\`bosun gate sacred --base REV\`) accepts a lock changed in a
            pull request only with such a new approval — and reviewers should still look at it.

Options:
  --reason TEXT  (approve; required) why the sacred tests changed
  --json         (lock, status) machine-readable output
  -h, --help     this text

Exit codes: 0 ok; 1 refused (a lock exists, an agent session, no terminal, not confirmed); 2 bad usage
or no git identity; 3 fleet file or lock missing/invalid, or nothing is sacred; 4 not a git repository.`;

interface Flags {
  command: 'lock' | 'status' | 'approve' | null;
  reason: string | undefined;
  json: boolean;
}

function parse(args: string[]): Flags {
  const { values, positionals } = parseFlags('sacred', args, { reason: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return { command: null, reason: undefined, json: false };
  const [command, ...extra] = positionals;
  if (command !== 'lock' && command !== 'status' && command !== 'approve') {
    throw usageError(command === undefined ? 'sacred: lock, status or approve?' : `sacred: unknown command "${command}" (lock, status or approve)`, 'Run `bosun sacred --help` for usage.');
  }
  if (extra.length) throw usageError(`sacred: unexpected argument "${extra[0]}"`);
  if (command === 'approve' && (values.reason === undefined || values.reason.trim() === '')) {
    throw usageError('sacred approve: --reason is required', 'Say why the sacred tests changed: bosun sacred approve --reason "billing rounding rule changed (TICKET-123)"');
  }
  if (command === 'approve' && values.json) throw usageError('sacred approve is interactive and has no --json');
  if (command !== 'approve' && values.reason !== undefined) throw usageError(`sacred ${command}: --reason applies to approve only`);
  return { command, reason: values.reason?.trim(), json: values.json };
}

function refuseUnlessHuman(what: string, requireTerminal: boolean): void {
  const refusal = humanRefusal(what, { env: process.env, stdinIsTTY: process.stdin.isTTY === true, stdoutIsTTY: process.stdout.isTTY === true, requireTerminal });
  if (refusal) throw new BosunError({ code: refusal.code, message: refusal.message, hint: refusal.hint, exitCode: EXIT.failure });
}

function summary(lock: SacredLock): string {
  const files = Object.keys(lock.files).length;
  const tests = Object.values(lock.files).reduce((n, f) => n + f.tests.length, 0);
  return `${files} file${files === 1 ? '' : 's'}, ${tests} test${tests === 1 ? '' : 's'}`;
}

function warnUncovered(lock: SacredLock): void {
  for (const [file, why] of Object.entries(lock.runner.uncovered)) process.stderr.write(`warning: ${file} is not run by the test runner as configured: ${why}\n`);
}

async function lock(repo: { repoRoot: string; commonDir: string }, json: boolean): Promise<number> {
  refuseUnlessHuman('bosun sacred lock', false);
  const approver = gitIdentity(repo.repoRoot);
  const plan = await planLock(repo);
  const approval = { by: approver, reason: 'initial lock', at: new Date().toISOString() };
  commitLock({ ...repo, plan, approval, event: 'sacred-lock', time: Date.now() });
  if (json) {
    process.stdout.write(JSON.stringify({ lock: SACRED_LOCK_FILE, files: Object.keys(plan.next.files), approval, uncovered: plan.next.runner.uncovered }, null, 2) + '\n');
    return EXIT.ok;
  }
  warnUncovered(plan.next);
  process.stdout.write(`wrote ${SACRED_LOCK_FILE}: ${summary(plan.next)}. Commit it.\n`);
  return EXIT.ok;
}

async function status(repo: { repoRoot: string; commonDir: string }, json: boolean): Promise<number> {
  let r;
  try {
    r = await runSacredGate({ ...repo, mode: { kind: 'worktree' } });
  } catch (err) {
    if (!(err instanceof BosunError) || err.code !== 'E_SACRED_NO_LOCK') throw err;
    if (json) process.stdout.write(JSON.stringify({ ok: false, lock: null, findings: [], notices: [err.message] }, null, 2) + '\n');
    else process.stdout.write(`no ${SACRED_LOCK_FILE} yet: ${err.message}.\n${err.hint ?? ''}\n`);
    return EXIT.ok;
  }
  if (json) {
    process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    return EXIT.ok;
  }
  for (const n of r.notices) process.stdout.write(`note: ${n}\n`);
  if (r.ok) {
    process.stdout.write(r.lock ? `sacred tests match the lock: ${r.lock.files} files, ${r.lock.tests} tests` + (r.lock.approval ? ` (last approved by ${r.lock.approval.by}: ${r.lock.approval.reason})` : '') + '\n' : 'nothing is sacred\n');
    return EXIT.ok;
  }
  process.stdout.write(`${r.findings.length} difference${r.findings.length === 1 ? '' : 's'} from the lock (the gate would fail):\n`);
  for (const f of r.findings) process.stdout.write(`  ${f.message}\n`);
  process.stdout.write('If a person made these changes on purpose: bosun sacred approve --reason "…"\n');
  return EXIT.ok;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function describePlan(plan: LockPlan): string {
  return plan.changes.map((c) => `  ${c.message}`).join('\n');
}

async function approve(repo: { repoRoot: string; commonDir: string }, reason: string): Promise<number> {
  refuseUnlessHuman('bosun sacred approve', true);
  const approver = gitIdentity(repo.repoRoot);
  const plan = await planApproval(repo);
  if (plan.changes.length === 0) {
    process.stdout.write(`nothing to approve: the working tree matches ${SACRED_LOCK_FILE}.\n`);
    return EXIT.ok;
  }
  process.stdout.write(`Re-locking the sacred tests accepts these changes:\n${describePlan(plan)}\n`);
  warnUncovered(plan.next);
  if (!(await confirm(`Approve them as ${approver}? [y/N] `))) {
    process.stdout.write('not approved; the lock is unchanged.\n');
    return EXIT.failure;
  }
  const approval = { by: approver, reason, at: new Date().toISOString() };
  commitLock({ ...repo, plan, approval, event: 'sacred-approve', time: Date.now() });
  process.stdout.write(`wrote ${SACRED_LOCK_FILE} (${summary(plan.next)}), approved by ${approver}: ${reason}\nCommit it with the change; CI checks it with \`bosun gate sacred --base <base branch>\`.\n`);
  return EXIT.ok;
}

export async function run(args: string[]): Promise<number> {
  const flags = parse(args);
  if (flags.command === null) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const dirs = requireRepo();
  const repo = { repoRoot: dirs.root, commonDir: dirs.commonDir };
  if (flags.command === 'lock') return lock(repo, flags.json);
  if (flags.command === 'status') return status(repo, flags.json);
  return approve(repo, flags.reason!);
}

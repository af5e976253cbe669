// `bosun review approve|status|list`: a person approves agents' changes to protected.human_review paths.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { agentMarkers, approveCommand, describeChange, humanRefusal, planReviewApproval, recordReviewApproval, reviewIdentity, reviewScope, withApprovals, type ReviewedItem } from '../../gates/index.ts';
import { ledgerPath, openLedger, type ReviewApprovalRow } from '../../ledger/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { requireRepo } from '../repo-context.ts';
import { parseFlags } from '../args.ts';

const HELP = `Usage: bosun review <approve|status|list> [options]

Paths under protected.human_review in .bosun/fleet.yaml (migrations, auth, payments …) have a large
blast radius. \`bosun gate pre-commit\` (the git hook \`bosun init\` installs) refuses a commit from an
agent session (BOSUN_AGENT, CLAUDECODE, CODEX_*, GEMINI_CLI … set) that touches them, unless a person
approved exactly the staged content of each such path. A commit from your own shell (no agent markers)
is not checked: you review your own commits.

Commands:
  approve   approve the staged changes to human_review paths (all of them, or those --paths selects).
            Review them first (\`git diff --cached\`). The approval is bound to each path's staged blob
            id: if the content changes after you approve, the agent's commit is refused again. Refuses
            inside an agent session and without an interactive terminal; asks to confirm unless --yes.
            Records who (git user.name/email, OS user) and why in the ledger.
  status    the staged changes to human_review paths and whether each is approved (exit 0).
  list      the approvals recorded, newest first.

Options:
  --paths P [P …]  (approve) only these paths (repo-relative, or relative to the current directory;
                   a directory or glob selects everything staged under it)
  --reason TEXT    (approve; required) why the change is fine
  --yes, -y        (approve) do not ask to confirm
  --limit N        (list) how many approvals (default 50)
  --json           machine-readable output on stdout
  -h, --help       this text

Exit codes: 0 ok; 1 refused (an agent session, no terminal, not confirmed); 2 bad usage, a --paths
that selects no staged human_review change, or no git identity; 3 fleet file missing or invalid;
4 not a git repository.`;

type Command = 'approve' | 'status' | 'list';

interface Flags {
  command: Command | null;
  paths: string[] | undefined;
  reason: string | undefined;
  yes: boolean;
  limit: number | undefined;
  json: boolean;
}

function parse(args: string[]): Flags {
  const { values, positionals } = parseFlags('review', args, {
    paths: { type: 'string', multiple: true },
    reason: { type: 'string' },
    yes: { type: 'boolean', short: 'y', default: false },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const flags: Flags = { command: null, paths: undefined, reason: undefined, yes: values.yes, limit: undefined, json: values.json };
  if (values.help) return flags;
  const [command, ...extra] = positionals;
  if (command !== 'approve' && command !== 'status' && command !== 'list') {
    throw usageError(command === undefined ? 'review: approve, status or list?' : `review: unknown command "${command}" (approve, status or list)`, 'Run `bosun review --help` for usage.');
  }
  flags.command = command;
  // `--paths a b c`: the words after --paths are paths too
  if (values.paths !== undefined) flags.paths = [...values.paths, ...extra];
  else if (extra.length) throw usageError(`review: unexpected argument "${extra[0]}"`, 'Select paths with --paths P [P …].');
  if (command !== 'approve') {
    for (const [name, given] of [['--paths', values.paths], ['--reason', values.reason], ['--yes', values.yes || undefined]] as const) {
      if (given !== undefined) throw usageError(`review ${command}: ${name} applies to approve only`, 'Run `bosun review --help` for usage.');
    }
  }
  if (values.limit !== undefined) {
    if (command !== 'list') throw usageError(`review ${command}: --limit applies to list only`, 'Run `bosun review --help` for usage.');
    const limit = Number(values.limit);
    if (!Number.isSafeInteger(limit) || limit < 1) throw usageError(`review list: --limit must be a positive whole number, got "${values.limit}"`, 'Run `bosun review --help` for usage.');
    flags.limit = limit;
  }
  if (command === 'approve') {
    if (values.reason === undefined || values.reason.trim() === '') {
      throw usageError('review approve: --reason is required', 'Say why the change is fine: bosun review approve --reason "adds an index, reviewed the migration (TICKET-42)"');
    }
    flags.reason = values.reason.trim();
    if (flags.paths?.some((p) => p.trim() === '')) throw usageError('review approve: --paths takes non-empty paths', 'Run `bosun review --help` for usage.');
  }
  return flags;
}

interface Repo {
  repoRoot: string;
  commonDir: string;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['LOGNAME'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}

/** A --paths word as a repo-relative pattern: relative to the current directory, like git's pathspecs. */
function repoRelative(repoRoot: string, p: string): string {
  const rel = relative(repoRoot, resolve(process.cwd(), p)).split('\\').join('/');
  if (rel === '') return '**';
  if (rel.startsWith('../')) throw usageError(`review approve: ${p} is outside the repository`, 'Pass paths inside this repository, repo-relative or relative to the current directory.');
  return rel;
}

function itemJson(i: ReviewedItem): Record<string, unknown> {
  const approval = (a: ReviewApprovalRow | null): unknown => (a ? { id: a.id, approver: a.approver, osUser: a.osUser, reason: a.reason, time: new Date(a.time).toISOString() } : null);
  return { ...i.change, glob: i.glob, ...(i.movedTo ? { movedTo: i.movedTo } : {}), ...(i.movedFrom ? { movedFrom: i.movedFrom } : {}), approval: approval(i.approval) };
}

function approvalJson(a: ReviewApprovalRow): Record<string, unknown> {
  return { ...a, time: new Date(a.time).toISOString() };
}

async function confirm(question: string, json: boolean): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: json ? process.stderr : process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function approve(repo: Repo, flags: Flags): Promise<number> {
  const refusal = humanRefusal('bosun review approve', { env: process.env, stdinIsTTY: process.stdin.isTTY === true, stdoutIsTTY: process.stdout.isTTY === true, requireTerminal: true });
  if (refusal) {
    const hint = refusal.code === 'E_AGENT_SESSION' ? 'Changes to human_review paths are approved by a person: review them (`git diff --cached`) and run it yourself in your own terminal, outside the agent.' : refusal.hint;
    throw new BosunError({ code: refusal.code, message: refusal.message, hint, exitCode: EXIT.failure });
  }
  const identity = reviewIdentity(repo.repoRoot, osUser());
  const paths = flags.paths?.map((p) => repoRelative(repo.repoRoot, p));
  const plan = await planReviewApproval({ ...repo, ...(paths ? { paths } : {}) });
  const out = flags.json ? process.stderr : process.stdout;
  for (const n of plan.notices) process.stderr.write(`note: ${n}\n`);
  const result = (approval: ReviewApprovalRow | null): number => {
    if (flags.json) {
      process.stdout.write(JSON.stringify({ approval: approval ? approvalJson(approval) : null, alreadyApproved: plan.approved.map(itemJson), globs: plan.globs }, null, 2) + '\n');
    }
    return EXIT.ok;
  };
  if (plan.pending.length === 0) {
    if (plan.approved.length === 0) out.write(`nothing to approve: no staged change touches protected.human_review${plan.globs.length ? ` (${plan.globs.join(', ')})` : ' (it is empty)'}.\n`);
    else out.write(`already approved: ${plan.approved.map((i) => `${i.change.path} (#${i.approval!.id})`).join(', ')}.\n`);
    return result(null);
  }
  out.write(`Approving these staged changes to protected.human_review paths (review them with \`git diff --cached\`):\n`);
  for (const i of plan.pending) out.write(`  ${i.change.path}: ${describeChange(i)}\n`);
  for (const i of plan.approved) out.write(`  (already approved: ${i.change.path}, #${i.approval!.id})\n`);
  const who = `${identity.gitName} <${identity.gitEmail}>`;
  if (!flags.yes && !(await confirm(`Approve ${plan.pending.length === 1 ? 'it' : `these ${plan.pending.length}`} as ${who}? [y/N] `, flags.json))) {
    out.write('not approved; nothing recorded.\n');
    return EXIT.failure;
  }
  const approval = recordReviewApproval({ ...repo, plan, identity, reason: flags.reason!, time: Date.now() });
  out.write(
    `approved #${approval.id} by ${who} (OS user ${identity.osUser}): ${flags.reason}\n` +
      `An agent's commit of exactly this staged content now passes the review gate; other content of these paths needs a new approval.\n`,
  );
  return result(approval);
}

async function status(repo: Repo, json: boolean): Promise<number> {
  const scope = await reviewScope(repo);
  let items: ReviewedItem[] = [];
  if (scope.items.length) {
    const ledger = openLedger({ commonDir: repo.commonDir });
    try {
      items = withApprovals(scope.items, ledger);
    } finally {
      ledger.close();
    }
  }
  const markers = agentMarkers(process.env);
  if (json) {
    process.stdout.write(JSON.stringify({ globs: scope.globs, agentSession: markers, items: items.map(itemJson), notices: scope.notices }, null, 2) + '\n');
    return EXIT.ok;
  }
  for (const n of scope.notices) process.stderr.write(`note: ${n}\n`);
  if (scope.globs.length === 0) {
    process.stdout.write('protected.human_review is empty: no path needs a human review.\n');
    return EXIT.ok;
  }
  if (items.length === 0) {
    process.stdout.write(`no staged change touches protected.human_review (${scope.globs.join(', ')}).\n`);
    return EXIT.ok;
  }
  process.stdout.write(`staged changes to protected.human_review paths (${scope.globs.join(', ')}):\n`);
  for (const i of items) {
    const state = i.approval ? `approved     ` : 'NOT approved ';
    const by = i.approval ? ` — by ${i.approval.approver} (#${i.approval.id}): ${i.approval.reason}` : '';
    process.stdout.write(`  ${state}${i.change.path}: ${describeChange(i)}${by}\n`);
  }
  const missing = items.filter((i) => !i.approval);
  if (missing.length) {
    process.stdout.write(`An agent's commit of these is refused until a person runs: ${approveCommand(missing.length === items.length ? null : missing.map((i) => i.change.path))}\n`);
  }
  return EXIT.ok;
}

function list(repo: Repo, flags: Flags): number {
  let rows: ReviewApprovalRow[] = [];
  if (existsSync(ledgerPath(repo.commonDir))) {
    const ledger = openLedger({ commonDir: repo.commonDir });
    try {
      rows = ledger.listReviewApprovals(flags.limit === undefined ? {} : { limit: flags.limit });
    } finally {
      ledger.close();
    }
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify({ approvals: rows.map(approvalJson) }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (rows.length === 0) {
    process.stdout.write('no review approvals recorded.\n');
    return EXIT.ok;
  }
  for (const a of rows) {
    process.stdout.write(`#${a.id} ${new Date(a.time).toISOString()} ${a.approver} (OS user ${a.osUser}): ${a.reason}\n`);
    for (const c of a.changes) process.stdout.write(`    ${c.path}: ${describeChange({ change: c, glob: '' })}\n`);
  }
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
  if (flags.command === 'approve') return approve(repo, flags);
  if (flags.command === 'status') return status(repo, flags.json);
  return list(repo, flags);
}

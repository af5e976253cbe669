// `bosun gate sacred|pre-commit|ci`: the gates no agent can talk its way through, for git hooks and CI.
import { runCiGate, runPreCommit, runSacredGate, type GateOutcome, type SacredGateResult } from '../../gates/index.ts';
import { usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { requireRepo } from '../repo-context.ts';
import { parseFlags } from '../args.ts';

const HELP = `Usage: bosun gate <sacred|pre-commit|ci> [options]

Gates:
  sacred [--base REV]  compare the sacred tests (protected.sacred) with .bosun/sacred.lock and fail,
                       one line per finding, when a sacred file changed, disappeared or moved, a test
                       vanished, its assertions decreased, a skip/only/todo appeared, or the test
                       runner's configuration no longer runs a sacred file (or changed in a way bosun
                       cannot read statically).
                       Without --base: the working tree against the lock in the working tree.
                       With --base REV: HEAD against the lock as of REV — what CI runs, where
                       \`git commit --no-verify\` cannot skip it. Any change to a sacred test in
                       REV..HEAD fails, even together with a new lock, unless the lock at HEAD carries
                       a new approval written by \`bosun sacred approve\` (a person, at a terminal);
                       the gate then checks HEAD against that lock and prints who approved and why.
                       The approval is evidence of intent, not a signature: require review of
                       .bosun/sacred.lock (CODEOWNERS) so a forged one cannot merge.
  pre-commit           every pre-commit gate on the staged snapshot (the index: what the commit will
                       contain, not the working tree), in order:
                       - sacred: as above, staged files against the staged lock;
                       - review: human_review paths committed from an agent session need an approval;
                       - typecheck: the TypeScript projects the staged changes affect — the nearest
                         tsconfig.json of each staged file, and with project references or workspaces
                         every project that depends on a changed one — type-checked with the
                         repository's own TypeScript (tsgo or TypeScript 7 when installed, else tsc,
                         else the one bosun ships) in a copy of the staged files under
                         <git common dir>/bosun/tscache (the working tree and index are never touched;
                         the copy doubles as tsc's incremental cache). One line per error:
                         path:line:col: error TSxxxx: message;
                       - commands: gates.pre_commit in the fleet file, per-glob commands run in that
                         copy with {files} = the matching staged files.
                       Run by the git hook \`bosun init\` installs (in the common git dir: every
                       worktree shares it; husky, lefthook or an existing hook are chained, not replaced).
  ci [--base REV]      for a required CI check, so skipping the local hook gains nothing: the sacred
                       gate over REV..HEAD, the type-check of the projects that \`git diff REV...HEAD\`
                       affects (with their dependents) checked at HEAD in a clean snapshot, and the
                       gates.pre_commit commands over the changed files. Settings are read from the
                       fleet file at REV (a branch cannot switch its own check off). Without --base:
                       the sacred gate on the checkout and every TypeScript project at HEAD.

Fleet file (.bosun/fleet.yaml):
  gates:
    typecheck: { enabled: true, projects: ["packages/*/tsconfig.json"] }   # optional
    pre_commit:
      - glob: "**/*.py"
        run: python -m py_compile {files}

Options:
  --base REV   (sacred, ci) compare HEAD against REV: the lock as of REV, the changes in REV...HEAD
  --json       machine-readable result on stdout
  -h, --help   this text

Exit codes: 0 everything matches; 1 findings; 2 bad usage or unknown REV; 3 no lock although
protected.sacred names tests (create it with \`bosun sacred lock\`), or the fleet file (or its gates
settings) is missing or invalid; 4 not a git repository, or no TypeScript compiler to be found.

CI (GitHub Actions), as a required status check on pull requests:
  on: pull_request
  jobs:
    bosun-gate:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@v4
          with: { fetch-depth: 0 }
        - uses: actions/setup-node@v4
          with: { node-version: 20 }
        - run: npm ci
        - run: npx bosun gate ci --base "origin/\${{ github.base_ref }}"`;

type GateName = 'sacred' | 'pre-commit' | 'ci';
const GATES: readonly string[] = ['sacred', 'pre-commit', 'ci'];

interface Flags {
  gate: GateName | null;
  base: string | undefined;
  json: boolean;
}

function parse(args: string[]): Flags {
  const { values, positionals } = parseFlags('gate', args, { base: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return { gate: null, base: undefined, json: false };
  const [gate, ...extra] = positionals;
  if (gate === undefined || !GATES.includes(gate)) {
    throw usageError(gate === undefined ? 'gate: which gate? (sacred, pre-commit or ci)' : `gate: unknown gate "${gate}" (sacred, pre-commit or ci)`, 'Run `bosun gate --help` for usage.');
  }
  if (extra.length) throw usageError(`gate: unexpected argument "${extra[0]}"`, 'Run `bosun gate --help` for usage.');
  if (values.base !== undefined && gate === 'pre-commit') throw usageError('gate: --base applies to `bosun gate sacred` and `bosun gate ci` only');
  if (values.base !== undefined && values.base.trim() === '') throw usageError('gate: --base needs a revision, e.g. --base origin/main');
  return { gate: gate as GateName, base: values.base, json: values.json };
}

const RELOCK_HINT = 'A person re-locks an intended change with `bosun sacred approve --reason "…"`.';

function printSacred(r: SacredGateResult): void {
  for (const n of r.notices) process.stderr.write(`note: ${n}\n`);
  if (r.ok) {
    const what = r.lock ? `${r.compared} against ${r.lock.source}: ${r.lock.files} file${r.lock.files === 1 ? '' : 's'}, ${r.lock.tests} test${r.lock.tests === 1 ? '' : 's'}` : `${r.compared}: nothing is sacred`;
    process.stdout.write(`sacred tests match the lock (${what})\n`);
    return;
  }
  for (const f of r.findings) process.stdout.write(`${f.message}\n`);
  process.stderr.write(`bosun gate sacred: ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} (${r.compared} against ${r.lock?.source ?? 'no lock'}).\n${RELOCK_HINT}\n`);
}

function printGates(gates: GateOutcome[], verb: string, where: string): void {
  for (const g of gates) {
    for (const n of g.notices) process.stderr.write(`note (${g.gate}): ${n}\n`);
    for (const f of g.findings) process.stdout.write(`${f}\n`);
    if (!g.ok) process.stderr.write(`bosun gate ${verb}: the ${g.gate} gate found ${g.findings.length} problem${g.findings.length === 1 ? '' : 's'} in ${where}.\n`);
  }
  if (gates.some((g) => g.gate === 'sacred' && !g.ok)) process.stderr.write(`${RELOCK_HINT}\n`);
}

export async function run(args: string[]): Promise<number> {
  const flags = parse(args);
  if (flags.gate === null) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const dirs = requireRepo();
  const ctx = { repoRoot: dirs.root, commonDir: dirs.commonDir };
  if (flags.gate === 'sacred') {
    const r = await runSacredGate({ ...ctx, mode: flags.base === undefined ? { kind: 'worktree' } : { kind: 'range', base: flags.base } });
    if (flags.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else printSacred(r);
    return r.ok ? EXIT.ok : EXIT.failure;
  }
  if (flags.gate === 'ci') {
    const r = await runCiGate({ ...ctx, ...(flags.base === undefined ? {} : { base: flags.base }) });
    if (flags.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else {
      printGates(r.gates, 'ci', flags.base === undefined ? 'HEAD' : `${flags.base}...HEAD`);
      if (r.ok) process.stdout.write(`bosun gate ci: every gate passed (${flags.base === undefined ? 'HEAD' : `${flags.base}...HEAD`})\n`);
    }
    return r.ok ? EXIT.ok : EXIT.failure;
  }
  const r = await runPreCommit(ctx);
  if (flags.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else printGates(r.gates, 'pre-commit', 'the staged snapshot');
  return r.ok ? EXIT.ok : EXIT.failure;
}

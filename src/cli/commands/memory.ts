// `bosun memory show|lint|commit`: the project memory as a whole.
import { homedir } from 'node:os';
import {
  commitPending,
  formatEntry,
  lintProject,
  loadMemory,
  memoryOff,
  memorySettings,
  mergedIndex,
  serializeIndex,
  sessionStartText,
  usageOf,
  WARNING_KINDS,
  type Finding,
} from '../../memory/index.ts';
import { usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import type { RepoDirs } from '../../shared/git-dirs.ts';
import { parseFlags } from '../args.ts';
import { requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun memory <show|lint|commit> [options]

Commands:
  show      the memory index as this worktree sees it: .bosun/memory/INDEX.md plus lessons added in
            other worktrees and not merged here yet (pending), and how much of the budget it uses.
  show --session-start
            exactly what the SessionStart hook injects (--subagent: what SubagentStart injects):
            the index, the facts summary, lessons shared from other workspaces and overdue
            maintenance, within a cap of 9,500 characters (what does not fit is named, never dropped
            silently). Empty when BOSUN_MEMORY=off.
  lint      problems in the index: malformed or unknown lines, entries too long, duplicate ids,
            near-duplicate lessons, links to missing topic files, over budget (near budget: warning).
  commit    write the lessons pending from other worktrees into this worktree's INDEX.md (and their
            detail into topics/), and move out lessons retired elsewhere; then commit .bosun/memory.

Options:
  --session-start  (show) the session-start context
  --subagent       (show --session-start) the subagent variant (no maintenance flags)
  --json           machine-readable output
  -h, --help       this text

Exit codes: 0 ok; 1 lint found problems; 2 bad usage; 3 invalid fleet file; 4 not a git repository.`;

const COMMANDS = ['show', 'lint', 'commit'] as const;
type Command = (typeof COMMANDS)[number];

interface Flags {
  command: Command | null;
  sessionStart: boolean;
  subagent: boolean;
  json: boolean;
}

function parse(args: string[]): Flags {
  const { values, positionals } = parseFlags('memory', args, {
    'session-start': { type: 'boolean', default: false },
    subagent: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return { command: null, sessionStart: false, subagent: false, json: false };
  const [command, ...extra] = positionals;
  if (!COMMANDS.includes(command as Command)) {
    throw usageError(command === undefined ? 'memory: show, lint or commit?' : `memory: unknown command "${command}" (show, lint or commit)`, 'Run `bosun memory --help` for usage.');
  }
  if (extra.length) throw usageError(`memory: unexpected argument "${extra[0]}"`);
  if (values['session-start'] && command !== 'show') throw usageError('memory: --session-start applies to show only');
  if (values.subagent && !values['session-start']) throw usageError('memory: --subagent goes with show --session-start');
  return { command: command as Command, sessionStart: values['session-start'], subagent: values.subagent, json: values.json };
}

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') || s === '' ? s : s + '\n');
const json = (v: unknown): void => out(JSON.stringify(v, null, 2));

async function show(dirs: RepoDirs, f: Flags): Promise<number> {
  const { memory, note } = await memorySettings(dirs.root, dirs.commonDir);
  if (f.sessionStart) {
    const composed = sessionStartText({
      root: dirs.root,
      commonDir: dirs.commonDir,
      budget: memory.budget,
      env: process.env,
      home: process.env['HOME'] ?? homedir(),
      now: Date.now(),
      audience: f.subagent ? 'subagent' : 'session',
    });
    if (f.json) json({ off: composed === null, text: composed?.text ?? '', omitted: composed?.omitted ?? [] });
    else if (composed) out(composed.text);
    else process.stderr.write('BOSUN_MEMORY=off: session start injects nothing\n');
    return EXIT.ok;
  }
  const m = loadMemory(dirs.root, dirs.commonDir);
  const usage = usageOf(mergedIndex(m.index, m.view));
  if (f.json) {
    json({ lessons: m.view.lessons, pendingRetires: m.view.pendingRetires.map((r) => r.id), usage, budget: memory.budget, off: memoryOff(process.env) });
    return EXIT.ok;
  }
  if (note) process.stderr.write(`note: ${note}\n`);
  if (!m.indexExists && !m.view.lessons.length) {
    out('no project memory yet: bosun lesson add "<text>" --topic <topic>');
    return EXIT.ok;
  }
  out(serializeIndex(m.index).trimEnd());
  if (m.view.pendingAdds.length) {
    out(`\n# pending: added in other worktrees, not yet in this INDEX.md (\`bosun memory commit\` writes them)`);
    for (const r of m.view.pendingAdds) out(formatEntry(r));
  }
  if (m.view.pendingRetires.length) out(`\n# retired in another worktree (still listed here until \`bosun memory commit\`): ${m.view.pendingRetires.map((r) => r.id).join(', ')}`);
  out(`\n${usage.lines}/${memory.budget.lines} lines, ${usage.bytes}/${memory.budget.bytes} bytes of budget`);
  return EXIT.ok;
}

function lint(dirs: RepoDirs, f: Flags, budget: { lines: number; bytes: number }): number {
  const { findings, lessons } = lintProject(dirs.root, dirs.commonDir, budget);
  const errors = findings.filter((x) => !WARNING_KINDS.has(x.kind));
  if (f.json) json({ ok: errors.length === 0, findings });
  else if (!findings.length) out(`memory index ok: ${lessons} lessons`);
  else for (const x of findings) out(render(x));
  return errors.length ? EXIT.failure : EXIT.ok;
}

function render(x: Finding): string {
  const where = x.line === null ? x.file : `${x.file}:${x.line}`;
  return `${where}: ${WARNING_KINDS.has(x.kind) ? 'warning' : 'error'} ${x.kind}: ${x.message}\n  fix: ${x.hint}`;
}

function commit(dirs: RepoDirs, f: Flags, budget: { lines: number; bytes: number }): number {
  const r = commitPending({ root: dirs.root, commonDir: dirs.commonDir, now: Date.now() });
  if (f.json) {
    json({ ...r, budget });
    return EXIT.ok;
  }
  if (!r.added.length && !r.retired.length) {
    out('nothing pending: this INDEX.md has every lesson of the repository');
    return EXIT.ok;
  }
  for (const e of r.added) out(`wrote ${formatEntry(e)}`);
  for (const id of r.retired) out(`moved ${id} to retired.md`);
  out(`${r.usage.lines}/${budget.lines} lines, ${r.usage.bytes}/${budget.bytes} bytes of budget\nnext: git add .bosun/memory && git commit -m "memory: lessons from other worktrees"`);
  if (r.usage.lines > budget.lines || r.usage.bytes > budget.bytes) process.stderr.write('warning: the index is over its budget now: `bosun memory lint` says what to retire or merge\n');
  return EXIT.ok;
}

export async function run(args: string[]): Promise<number> {
  const f = parse(args);
  if (f.command === null) {
    out(HELP);
    return EXIT.ok;
  }
  const dirs = requireRepo();
  if (f.command === 'show') return show(dirs, f);
  const { memory, note } = await memorySettings(dirs.root, dirs.commonDir);
  if (note && !f.json) process.stderr.write(`note: ${note}\n`);
  return f.command === 'lint' ? lint(dirs, f, memory.budget) : commit(dirs, f, memory.budget);
}

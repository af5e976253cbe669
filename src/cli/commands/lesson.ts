// `bosun lesson add|list|show|retire|supersede|ack`: the project memory index, one lesson at a time.
import { existsSync, readFileSync } from 'node:fs';
import { ledgerPath, openLedger } from '../../ledger/index.ts';
import {
  addLesson,
  formatEntry,
  ID_RE,
  loadMemory,
  memorySettings,
  retireLesson,
  supersedeLesson,
  topicPath,
  type AddRefusal,
  type Budget,
  type IndexEntry,
  type Lesson,
  type Usage,
} from '../../memory/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import type { RepoDirs } from '../../shared/git-dirs.ts';
import { parseFlags } from '../args.ts';
import { requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun lesson <command> [options]

The project memory is .bosun/memory/INDEX.md (commit it): one line per lesson, loaded at every session
start, kept under the fleet's memory.budget. Detail goes to .bosun/memory/topics/<topic>.md.

Commands:
  add "<text>"              record a lesson (one line, at most 300 characters). Refused, with nothing
                            changed, when it nearly repeats a lesson (the existing id is named; --force
                            adds anyway) or when the index would exceed its budget (retire, supersede or
                            move detail to a topic). Pays this session's memory debts.
  list                      the live lessons (incl. ones added in other worktrees, marked pending)
  show <id>                 one lesson with its topic detail (retired ones too)
  retire <id>               take a lesson out of the index into .bosun/memory/retired.md (its id stays taken)
  supersede <id> "<text>"   replace a lesson by a new one (new id); the old one is retired
  ack "<why no change>"     pay this session's memory debts without a lesson: say why memory needs no change

Options:
  --topic T          (add, supersede) the lesson's topic (default: general; supersede: the old one's)
  --detail TEXT      (add, supersede) detail for topics/<topic>.md; the index line links to it
  --detail-file F    (add, supersede) the same, read from a file
  --force            (add, supersede) add even when a near-duplicate exists
  --private          (add) keep the lesson in this project: \`bosun lessons sync\` never shares it
  --reason TEXT      (retire) why it no longer holds
  --session ID       (add, ack) the session whose memory debts this pays
  --json             machine-readable output
  -h, --help         this text

Which session a lesson or ack pays for: --session, else BOSUN_SESSION_ID or CLAUDE_CODE_SESSION_ID from
the environment (Claude Code sets it for the commands an agent runs), else the session with the most
recent unpaid debt in this worktree. Inside Claude Code the PostToolUse hook also pays the exact session.

Lessons added in one worktree are seen at once by every other worktree of the repository (through a
journal in the git common dir); \`bosun memory commit\` writes them into this worktree's INDEX.md.

Exit codes: 0 ok; 1 refused (near-duplicate, over budget, unknown or retired id); 2 bad usage;
3 invalid fleet file; 4 not a git repository, or the memory is locked by a stuck process.`;

const COMMANDS = ['add', 'list', 'show', 'retire', 'supersede', 'ack'] as const;
type Command = (typeof COMMANDS)[number];

const OPTIONS = {
  topic: { type: 'string' },
  detail: { type: 'string' },
  'detail-file': { type: 'string' },
  force: { type: 'boolean', default: false },
  private: { type: 'boolean', default: false },
  reason: { type: 'string' },
  session: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseFlags<typeof OPTIONS>>['values'];

const ONLY: Partial<Record<keyof typeof OPTIONS, readonly Command[]>> = {
  topic: ['add', 'supersede'],
  detail: ['add', 'supersede'],
  'detail-file': ['add', 'supersede'],
  force: ['add', 'supersede'],
  private: ['add'],
  reason: ['retire'],
  session: ['add', 'ack'],
};

const ARITY: Record<Command, string[]> = { add: ['"<text>"'], list: [], show: ['<id>'], retire: ['<id>'], supersede: ['<id>', '"<text>"'], ack: ['"<why no change>"'] };

function parse(args: string[]): { command: Command | null; operands: string[]; values: Values } {
  const { values, positionals } = parseFlags('lesson', args, OPTIONS);
  if (values.help) return { command: null, operands: [], values };
  const [command, ...operands] = positionals;
  if (!COMMANDS.includes(command as Command)) {
    throw usageError(command === undefined ? `lesson: which command? (${COMMANDS.join(', ')})` : `lesson: unknown command "${command}" (${COMMANDS.join(', ')})`, 'Run `bosun lesson --help` for usage.');
  }
  const cmd = command as Command;
  const want = ARITY[cmd];
  if (operands.length !== want.length) {
    throw usageError(`lesson ${cmd}: expected ${want.length ? want.join(' ') : 'no arguments'}, got ${operands.length ? operands.map((o) => JSON.stringify(o)).join(' ') : 'none'}`, `Usage: bosun lesson ${cmd} ${want.join(' ')}`.trimEnd() + (cmd === 'add' ? ' (quote the lesson)' : ''));
  }
  for (const [flag, cmds] of Object.entries(ONLY)) {
    const v = values[flag as keyof Values];
    if (v !== undefined && v !== false && !cmds.includes(cmd)) throw usageError(`lesson ${cmd}: --${flag} applies to ${cmds.join(', ')} only`);
  }
  if (values.detail !== undefined && values['detail-file'] !== undefined) throw usageError('lesson: give --detail or --detail-file, not both');
  if ((cmd === 'show' || cmd === 'retire' || cmd === 'supersede') && !ID_RE.test(operands[0]!)) throw usageError(`lesson ${cmd}: "${operands[0]}" is not a lesson id (like L017)`);
  return { command: cmd, operands, values };
}

function detailOf(values: Values): string | null {
  const file = values['detail-file'];
  if (file === undefined) return values.detail ?? null;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`lesson: cannot read --detail-file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n');
const json = (v: unknown): void => out(JSON.stringify(v, null, 2));

function usageLine(u: Usage, b: Budget): string {
  return `memory index: ${u.lines}/${b.lines} lines, ${u.bytes}/${b.bytes} bytes`;
}

/** Which session's debts a lesson or an ack pays; see HELP. */
function sessionToPay(dirs: RepoDirs, flag: string | undefined): { session: string | null; how: string } {
  if (flag) return { session: flag, how: '--session' };
  for (const name of ['BOSUN_SESSION_ID', 'CLAUDE_CODE_SESSION_ID']) {
    const v = process.env[name]?.trim();
    if (v) return { session: v, how: name };
  }
  if (!existsSync(ledgerPath(dirs.commonDir))) return { session: null, how: 'none' };
  const ledger = openLedger({ commonDir: dirs.commonDir });
  try {
    return { session: ledger.latestMemoryDebtSession(dirs.root), how: 'latest unpaid debt in this worktree' };
  } finally {
    ledger.close();
  }
}

function payDebts(dirs: RepoDirs, flag: string | undefined, paidBy: string): { session: string | null; how: string; paid: number } {
  const { session, how } = sessionToPay(dirs, flag);
  if (!session || !existsSync(ledgerPath(dirs.commonDir))) return { session, how, paid: 0 };
  const ledger = openLedger({ commonDir: dirs.commonDir });
  try {
    return { session, how, paid: ledger.payMemoryDebts({ sessionId: session, time: Date.now(), paidBy }) };
  } finally {
    ledger.close();
  }
}

function paidLine(p: { session: string | null; how: string; paid: number }): string | null {
  return p.paid ? `paid ${p.paid} memory debt${p.paid === 1 ? '' : 's'} of session ${p.session} (${p.how})` : null;
}

function refusal(r: AddRefusal, asJson: boolean): number {
  if (asJson) {
    json(r);
    return r.reason === 'invalid' ? EXIT.usage : EXIT.failure;
  }
  if (r.reason === 'invalid') throw usageError(`lesson: ${r.message}`, 'Run `bosun lesson --help` for usage.');
  if (r.reason === 'duplicate') {
    throw new BosunError({
      code: 'E_LESSON_DUPLICATE',
      message: `this nearly repeats ${r.existing.id} [${r.existing.topic}] ${r.existing.text}${r.existing.pending ? ' (pending from another worktree)' : ''}`,
      hint: `nothing was added. Improve the existing lesson with \`bosun lesson supersede ${r.existing.id} "<better text>"\`, or add anyway with --force.`,
      exitCode: EXIT.failure,
    });
  }
  throw new BosunError({
    code: 'E_MEMORY_BUDGET',
    message: `the memory index would exceed its budget: ${r.over.join(', ')}`,
    hint:
      'nothing was added. Make room: retire lessons that no longer hold (`bosun lesson retire <id> --reason "…"`), merge related ones ' +
      '(`bosun lesson supersede <id> "<merged text>"`), or shorten lines by moving detail to topic files (--detail). The budget is memory.budget in .bosun/fleet.yaml.',
    exitCode: EXIT.failure,
  });
}

function describe(e: IndexEntry | Lesson): string {
  return formatEntry(e) + ('pending' in e && e.pending ? '   (pending: added in another worktree; `bosun memory commit` writes it here)' : '');
}

async function add(dirs: RepoDirs, text: string, v: Values): Promise<number> {
  const { memory, note } = await memorySettings(dirs.root, dirs.commonDir);
  if (note && !v.json) process.stderr.write(`note: ${note}\n`);
  const r = addLesson({ root: dirs.root, commonDir: dirs.commonDir, now: Date.now() }, { text, topic: v.topic ?? null, detail: detailOf(v), private: v.private, force: v.force, budget: memory.budget });
  if (!r.ok) return refusal(r, v.json);
  const paid = payDebts(dirs, v.session, `lesson add ${r.entry.id}`);
  if (v.json) {
    json({ ok: true, lesson: r.entry, usage: r.usage, budget: memory.budget, debtsPaid: paid.paid, session: paid.session });
    return EXIT.ok;
  }
  out(`added ${formatEntry(r.entry)}`);
  if (r.entry.link) out(`detail: .bosun/memory/${r.entry.link}`);
  out(usageLine(r.usage, memory.budget));
  const p = paidLine(paid);
  if (p) out(p);
  return EXIT.ok;
}

function list(dirs: RepoDirs, v: Values): number {
  const m = loadMemory(dirs.root, dirs.commonDir);
  if (v.json) {
    json({ lessons: m.view.lessons });
    return EXIT.ok;
  }
  if (!m.view.lessons.length) out('no lessons yet: bosun lesson add "<text>" --topic <topic>');
  for (const l of m.view.lessons) out(describe(l));
  return EXIT.ok;
}

function topicDetail(dirs: RepoDirs, topic: string, id: string): string | null {
  let text: string;
  try {
    text = readFileSync(topicPath(loadMemory(dirs.root, dirs.commonDir).paths, topic), 'utf8');
  } catch {
    return null;
  }
  const start = text.indexOf(`## ${id}:`);
  if (start === -1) return null;
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start, next === -1 ? undefined : next).trim();
}

function show(dirs: RepoDirs, id: string, v: Values): number {
  const m = loadMemory(dirs.root, dirs.commonDir);
  const live = m.view.lessons.find((l) => l.id === id);
  const retired = m.retired.find((e) => e.id === id);
  const journalAdd = m.journal.find((r) => r.op === 'add' && r.id === id);
  const journalRetire = m.journal.find((r) => r.op === 'retire' && r.id === id);
  const entry = live ?? retired ?? (journalAdd?.op === 'add' ? { ...journalAdd, pending: true } : undefined);
  if (!entry) throw new BosunError({ code: 'E_LESSON_UNKNOWN', message: `no lesson ${id} in this repository's memory`, hint: 'see the ids with `bosun lesson list`', exitCode: EXIT.failure });
  const detail = topicDetail(dirs, entry.topic, id) ?? (journalAdd?.op === 'add' ? journalAdd.detail : null);
  const status = live ? (live.pending ? 'pending' : 'live') : 'retired';
  const why = retired?.note ?? (journalRetire?.op === 'retire' ? (journalRetire.supersededBy ? `superseded by ${journalRetire.supersededBy}` : `retired ${journalRetire.date}: ${journalRetire.reason}`) : null);
  if (v.json) {
    json({ lesson: { id: entry.id, topic: entry.topic, text: entry.text, date: entry.date, private: entry.private, link: entry.link }, status, retired: status === 'retired' ? why : null, detail });
    return EXIT.ok;
  }
  out(`${formatEntry(entry)}\nstatus: ${status}${status === 'retired' && why ? ` (${why})` : ''}`);
  if (detail) out(`\n${detail}`);
  return EXIT.ok;
}

function retire(dirs: RepoDirs, id: string, v: Values): number {
  const r = retireLesson({ root: dirs.root, commonDir: dirs.commonDir, now: Date.now() }, id, v.reason ?? '');
  if (!r.ok) {
    if (v.json) json(r);
    else throw new BosunError({ code: r.reason === 'unknown' ? 'E_LESSON_UNKNOWN' : 'E_LESSON_RETIRED', message: r.message, hint: 'see the live lessons with `bosun lesson list`', exitCode: EXIT.failure });
    return EXIT.failure;
  }
  if (v.json) json({ ok: true, retired: r.entry, note: r.note });
  else out(`retired ${r.entry.id} (${r.note}) → .bosun/memory/retired.md`);
  return EXIT.ok;
}

async function supersede(dirs: RepoDirs, id: string, text: string, v: Values): Promise<number> {
  const { memory, note } = await memorySettings(dirs.root, dirs.commonDir);
  if (note && !v.json) process.stderr.write(`note: ${note}\n`);
  const r = supersedeLesson({ root: dirs.root, commonDir: dirs.commonDir, now: Date.now() }, id, { text, topic: v.topic ?? null, detail: detailOf(v), force: v.force, budget: memory.budget });
  if (!r.ok) {
    if (r.reason === 'unknown' || r.reason === 'retired') {
      if (v.json) json(r);
      else throw new BosunError({ code: r.reason === 'unknown' ? 'E_LESSON_UNKNOWN' : 'E_LESSON_RETIRED', message: r.message, hint: 'see the live lessons with `bosun lesson list`', exitCode: EXIT.failure });
      return EXIT.failure;
    }
    return refusal(r as AddRefusal, v.json);
  }
  const paid = payDebts(dirs, v.session, `lesson supersede ${id} -> ${r.entry.id}`);
  if (v.json) json({ ok: true, lesson: r.entry, replaced: r.replaced, debtsPaid: paid.paid });
  else {
    out(`added ${formatEntry(r.entry)}\nretired ${r.replaced.id} (superseded by ${r.entry.id})`);
    const p = paidLine(paid);
    if (p) out(p);
  }
  return EXIT.ok;
}

function ack(dirs: RepoDirs, why: string, v: Values): number {
  const reason = why.replace(/\s+/g, ' ').trim();
  if (reason.length < 3) throw usageError('lesson ack: say why the project memory needs no change', 'bosun lesson ack "renamed a column; no lesson mentions it"');
  const paid = payDebts(dirs, v.session, `ack: ${reason.slice(0, 500)}`);
  if (v.json) {
    json({ ok: true, session: paid.session, how: paid.how, debtsPaid: paid.paid });
    return EXIT.ok;
  }
  if (paid.paid) out(paidLine(paid)!);
  else out(paid.session ? `no unpaid memory debts for session ${paid.session} (${paid.how}); nothing to acknowledge` : 'no unpaid memory debts in this worktree; nothing to acknowledge');
  return EXIT.ok;
}

export async function run(args: string[]): Promise<number> {
  const { command, operands, values } = parse(args);
  if (command === null) {
    out(HELP);
    return EXIT.ok;
  }
  const dirs = requireRepo();
  switch (command) {
    case 'add':
      return add(dirs, operands[0]!, values);
    case 'list':
      return list(dirs, values);
    case 'show':
      return show(dirs, operands[0]!, values);
    case 'retire':
      return retire(dirs, operands[0]!, values);
    case 'supersede':
      return supersede(dirs, operands[0]!, operands[1]!, values);
    case 'ack':
      return ack(dirs, operands[0]!, values);
  }
}

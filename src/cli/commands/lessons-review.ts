// `bosun lessons review`: the close-out inbox — list candidates, accept (into project memory), edit, reject.
// Dispatched by `bosun lessons review …` (lessons.ts); exports `run(args)`.
import { gitIdentity } from '../../gates/index.ts';
import { acceptCandidate, addLesson, editCandidate, inboxDir, listPending, listReviewed, memorySettings, rejectCandidate, type AddLessonFn, type InboxEntry } from '../../memory/index.ts';
import { usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun lessons review [--accept ID [--topic T] [--force] | --edit ID "new text" | --reject ID [--note WHY]] [--json]

The close-out inbox: candidate lessons mined from session transcripts by \`bosun closeout\` (which
also runs by itself at the next session start). Without an action, lists the pending candidates
with their provenance.

Actions (ID is a candidate id or a unique prefix of one):
  --accept ID     add the candidate to project memory (.bosun/memory/INDEX.md, like \`bosun lesson add\`)
                  with its text and suggested topic; --topic T overrides the topic, --force adds it
                  even when a near-duplicate lesson exists. A refused add (duplicate, over budget)
                  leaves the candidate pending.
  --edit ID TEXT  rewrite the candidate's text (it stays pending; accept it afterwards)
  --reject ID     drop it; the record stays (a rejected finding is never filed again). --note WHY
                  says why.
  --reviewed      list what was accepted and rejected instead

Options:
  --json          machine-readable output
  -h, --help      this text

Exit codes: 0 ok; 1 the lesson was refused (duplicate, over budget); 2 bad usage or unknown id;
3 invalid fleet file (accept reads the memory budget); 4 not a git repository.`;

function parse(args: string[]) {
  const { values, positionals } = parseFlags('lessons review', args, {
    accept: { type: 'string' },
    reject: { type: 'string' },
    edit: { type: 'string' },
    topic: { type: 'string' },
    note: { type: 'string' },
    force: { type: 'boolean', default: false },
    reviewed: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const actions = [values.accept, values.reject, values.edit].filter((v) => v !== undefined).length;
  if (actions > 1) throw usageError('lessons review: one of --accept, --edit, --reject at a time');
  if (values.edit !== undefined && positionals.length !== 1) throw usageError('lessons review --edit ID "new text": give the new text as one argument', 'Quote it: bosun lessons review --edit c1a2b3c4d5 "Run tsc with -p ."');
  if (values.edit === undefined && positionals.length) throw usageError(`lessons review: unexpected argument "${positionals[0]}"`, 'Run `bosun lessons review --help` for usage.');
  if ((values.topic !== undefined || values.force) && values.accept === undefined) throw usageError('lessons review: --topic and --force go with --accept');
  if (values.note !== undefined && values.reject === undefined) throw usageError('lessons review: --note goes with --reject');
  return { ...values, text: positionals[0] };
}

function reviewer(root: string): string | null {
  try {
    return gitIdentity(root);
  } catch {
    return process.env['USER'] ?? null;
  }
}

function when(t: number | null): string {
  return t === null ? '?' : new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

function describe(e: InboxEntry): string {
  const first = e.sightings[0];
  const sessions = new Set(e.sightings.map((s) => s.sessionId)).size;
  const lines = [`${e.id}  [${e.kind} → ${e.topic}] ${e.text}`];
  if (first) lines.push(`    session ${first.sessionId.slice(0, 8)} · ${when(first.time)} · ${first.source ?? '?'}${first.agent && first.agent !== 'main' ? ` · ${first.agent}` : ''}${sessions > 1 ? ` · seen in ${sessions} sessions` : ''}`);
  if (first?.evidence) {
    const ev = first.evidence.split('\n');
    lines.push(...ev.slice(0, 4).map((l) => `    | ${l}`));
    if (ev.length > 4) lines.push(`    | … ${ev.length - 4} more line(s): --json shows the whole evidence`);
  }
  if (e.status !== 'pending') lines.push(`    ${e.status}${e.resolution?.lessonId ? ` as ${e.resolution.lessonId}` : ''}${e.resolution?.by ? ` by ${e.resolution.by}` : ''}${e.resolution?.note ? `: ${e.resolution.note}` : ''}`);
  return lines.join('\n');
}

async function lessonAdder(repo: { root: string; commonDir: string }, now: number, force: boolean): Promise<AddLessonFn> {
  // Like `bosun lesson add`: without a fleet file the default budget applies (an invalid fleet file still fails, exit 3).
  const { memory } = await memorySettings(repo.root, repo.commonDir);
  return ({ text, topic }) => {
    const r = addLesson({ root: repo.root, commonDir: repo.commonDir, now }, { text, topic, budget: memory.budget, force });
    if (r.ok) return { ok: true, id: r.entry.id };
    if (r.reason === 'duplicate') return { ok: false, message: `a near-duplicate lesson exists: ${r.existing.id} "${r.existing.text}"`, hint: 'reject the candidate, or accept it anyway with --force.' };
    if (r.reason === 'budget') return { ok: false, message: `project memory would exceed its budget (${r.over.join('; ')})`, hint: 'retire or supersede old lessons first (bosun lesson retire|supersede ID), then accept again.' };
    return { ok: false, message: r.message, hint: 'shorten it with --edit ID "…" and accept again.' };
  };
}

export async function run(args: string[]): Promise<number> {
  const f = parse(args);
  if (f.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const repo = requireRepo();
  const now = Date.now();
  const where = { commonDir: repo.commonDir, now, by: null as string | null };
  const print = (action: string, e: InboxEntry): number => {
    if (f.json) process.stdout.write(JSON.stringify({ action, candidate: e, pending: listPending(repo.commonDir).length }, null, 2) + '\n');
    else process.stdout.write(`${action} ${e.id}${e.resolution?.lessonId ? ` as ${e.resolution.lessonId}` : ''}: ${e.text}\n`);
    return EXIT.ok;
  };
  if (f.accept !== undefined) {
    const add = await lessonAdder(repo, now, f.force);
    return print('accepted', acceptCandidate({ ...where, by: reviewer(repo.root) }, f.accept, add, { topic: f.topic ?? null }));
  }
  if (f.reject !== undefined) return print('rejected', rejectCandidate({ ...where, by: reviewer(repo.root) }, f.reject, f.note ?? null));
  if (f.edit !== undefined) return print('edited', editCandidate(where, f.edit, f.text ?? ''));
  const entries = f.reviewed ? listReviewed(repo.commonDir) : listPending(repo.commonDir);
  if (f.json) {
    process.stdout.write(JSON.stringify({ inbox: inboxDir(repo.commonDir), [f.reviewed ? 'reviewed' : 'pending']: entries }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (entries.length === 0) {
    process.stdout.write(f.reviewed ? 'nothing reviewed yet.\n' : 'no candidates waiting. (`bosun closeout` mines a session; the next session start does it by itself.)\n');
    return EXIT.ok;
  }
  const head = f.reviewed
    ? `${entries.length} reviewed candidate${entries.length === 1 ? '' : 's'}:`
    : `${entries.length} candidate${entries.length === 1 ? '' : 's'} waiting — accept: --accept ID [--topic T], edit: --edit ID "text", reject: --reject ID`;
  process.stdout.write(`${head}\n\n${entries.map(describe).join('\n\n')}\n`);
  return EXIT.ok;
}

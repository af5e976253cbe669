import { ID_RE } from './index-format.ts';
import { MAX_TEXT } from './limits.ts';
import { isNearDuplicate } from './similarity.ts';
import { overBudget, usageOf, type MemoryView } from './view.ts';
import type { Budget, ParsedIndex, RetiredEntry } from './types.ts';

/** What `bosun memory lint` finds, PURE: the caller passes the parsed files and which topic files exist. */

export type FindingKind =
  | 'malformed-entry'
  | 'unknown-line'
  | 'too-long'
  | 'duplicate-id'
  | 'near-duplicate'
  | 'missing-topic'
  | 'over-budget'
  | 'near-budget'
  | 'retired-still-listed'
  | 'bad-retired-line'
  | 'bad-journal-line';

export interface Finding {
  kind: FindingKind;
  file: string;
  /** 1-based line in `file`, when the finding is about one line. */
  line: number | null;
  id: string | null;
  message: string;
  hint: string;
}

export interface LintInput {
  index: ParsedIndex;
  indexFile: string;
  retired: readonly RetiredEntry[];
  retiredFile: string;
  retiredProblems: ReadonlyArray<{ line: number; text: string }>;
  journalBad: number;
  journalFile: string;
  view: MemoryView;
  /** The merged index (what session start loads) — the budget is measured on it. */
  merged: ParsedIndex;
  budget: Budget;
  /** Links (`topics/<t>.md`) whose file exists. */
  topicExists: (link: string) => boolean;
}

/** Warnings do not make lint fail (exit 0); everything else does. */
export const WARNING_KINDS: ReadonlySet<FindingKind> = new Set(['near-budget']);

export function lintMemory(x: LintInput): Finding[] {
  const out: Finding[] = [];
  const f = (kind: FindingKind, line: number | null, id: string | null, message: string, hint: string, file = x.indexFile): void =>
    void out.push({ kind, file, line, id, message, hint });
  const firstLine = new Map<string, number>();
  const seen: Array<{ id: string; text: string; line: number }> = [];
  const retiredIds = new Set(x.retired.map((e) => e.id));
  x.index.lines.forEach((l, i) => {
    const n = i + 1;
    if (l.kind === 'other') {
      if (l.problem === 'malformed-entry') f('malformed-entry', n, null, `line ${n} looks like a lesson but does not parse: ${l.text.slice(0, 120)}`, 'write it as `- L017 [topic] text (YYYY-MM-DD)`, or re-add it with `bosun lesson add`');
      if (l.problem === 'unknown-line') f('unknown-line', n, null, `line ${n} is not a lesson, heading or comment: ${l.text.slice(0, 120)}`, 'move prose to a topic file (.bosun/memory/topics/<topic>.md) or make it a lesson');
      return;
    }
    const e = l.entry;
    if (!ID_RE.test(e.id)) f('malformed-entry', n, e.id, `${e.id} is not a valid id`, 'ids are L followed by at least three digits');
    const prev = firstLine.get(e.id);
    if (prev !== undefined) f('duplicate-id', n, e.id, `${e.id} appears twice (lines ${prev} and ${n})`, `give one of them a new id: retire it (\`bosun lesson retire ${e.id}\`) and re-add it with \`bosun lesson add\``);
    else firstLine.set(e.id, n);
    if (e.text.length > MAX_TEXT) f('too-long', n, e.id, `${e.id} is ${e.text.length} characters (at most ${MAX_TEXT})`, `keep the line short and move the detail to topics/${e.topic}.md: \`bosun lesson supersede ${e.id} "<short text>" --detail "…"\``);
    if (e.link && !x.topicExists(e.link)) f('missing-topic', n, e.id, `${e.id} links to ${e.link}, which does not exist`, `create .bosun/memory/${e.link} or drop the link from the line`);
    if (retiredIds.has(e.id)) f('retired-still-listed', n, e.id, `${e.id} is in retired.md but still in the index`, `remove line ${n} from the index, or run \`bosun memory commit\` (ids are never reused)`);
    const dup = seen.find((s) => s.id !== e.id && isNearDuplicate(s.text, e.text));
    if (dup) f('near-duplicate', n, e.id, `${e.id} nearly repeats ${dup.id} (line ${dup.line})`, `keep one: \`bosun lesson retire ${e.id}\` or \`bosun lesson supersede ${dup.id} "<merged text>"\``);
    seen.push({ id: e.id, text: e.text, line: n });
  });
  for (const p of x.retiredProblems) f('bad-retired-line', p.line, null, `line ${p.line} of retired.md does not parse: ${p.text.slice(0, 120)}`, 'retired lines are `<index line> ← <why>`', x.retiredFile);
  if (x.journalBad) f('bad-journal-line', null, null, `${x.journalBad} line(s) of the memory journal could not be read (skipped)`, 'a crash mid-write can leave a torn line: the lesson it held is lost to other worktrees (re-add it if it is missing from `bosun lesson list`); later records are not affected', x.journalFile);
  const usage = usageOf(x.merged);
  const over = overBudget(usage, x.budget);
  const pending = x.view.pendingAdds.length ? ` (incl. ${x.view.pendingAdds.length} pending from other worktrees)` : '';
  if (over.length) f('over-budget', null, null, `the memory index is over budget: ${over.join(', ')}${pending}`, 'retire lessons that no longer hold (`bosun lesson retire <id>`), merge related ones (`bosun lesson supersede`), or move detail to topic files');
  else if (usage.lines > 0.9 * x.budget.lines || usage.bytes > 0.9 * x.budget.bytes)
    f('near-budget', null, null, `the memory index uses ${usage.lines}/${x.budget.lines} lines and ${usage.bytes}/${x.budget.bytes} bytes${pending}`, 'retire or merge lessons before the budget refuses new ones');
  return out;
}

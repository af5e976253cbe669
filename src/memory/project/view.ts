import { entriesOf, formatEntry, parseEntryLine, serializeIndex, withEntry, withoutEntry } from './index-format.ts';
import type { Budget, IndexEntry, JournalRecord, Lesson, ParsedIndex, RetiredEntry } from './types.ts';

/**
 * What a worktree sees, PURE: its own INDEX.md, plus the lessons other worktrees added (from the journal in
 * the git common dir) that its INDEX.md does not have yet, minus the lessons retired anywhere.
 */
export interface MemoryView {
  lessons: Lesson[];
  /** Journal additions not yet in this worktree's INDEX.md (`bosun memory commit` writes them). */
  pendingAdds: Array<Extract<JournalRecord, { op: 'add' }>>;
  /** Entries of this INDEX.md retired in another worktree (`bosun memory commit` moves them to retired.md). */
  pendingRetires: Array<Extract<JournalRecord, { op: 'retire' }>>;
}

export function buildView(index: ParsedIndex, retired: readonly RetiredEntry[], journal: readonly JournalRecord[]): MemoryView {
  const inIndex = new Set(entriesOf(index).map((e) => e.id));
  const retiredHere = new Set(retired.map((e) => e.id));
  const retires = new Map<string, Extract<JournalRecord, { op: 'retire' }>>();
  for (const r of journal) if (r.op === 'retire' && !retires.has(r.id)) retires.set(r.id, r);
  const pendingAdds: MemoryView['pendingAdds'] = [];
  const seen = new Set<string>();
  for (const r of journal) {
    if (r.op !== 'add' || seen.has(r.id)) continue;
    seen.add(r.id);
    if (!inIndex.has(r.id) && !retiredHere.has(r.id) && !retires.has(r.id)) pendingAdds.push(r);
  }
  const pendingRetires = [...retires.values()].filter((r) => inIndex.has(r.id));
  // retired.md wins over an index line that is still there (a hand edit, or a union merge that kept the line
  // one branch had retired): the lesson is not loaded, and lint reports the line.
  const gone = new Set([...pendingRetires.map((r) => r.id), ...retiredHere]);
  const lessons: Lesson[] = [
    ...entriesOf(index)
      .filter((e) => !gone.has(e.id))
      .map((e) => ({ ...e, pending: false })),
    ...pendingAdds.map((r) => ({ id: r.id, topic: r.topic, text: r.text, date: r.date, private: r.private, link: r.link, pending: true })),
  ];
  return { lessons, pendingAdds, pendingRetires };
}

export function toEntry(r: IndexEntry): IndexEntry {
  return { id: r.id, topic: r.topic, text: r.text, date: r.date, private: r.private, link: r.link };
}

/** The INDEX.md this worktree would have after `bosun memory commit`: what session start loads, and what the budget measures. */
export function mergedIndex(index: ParsedIndex, view: MemoryView): ParsedIndex {
  let doc = index;
  for (const r of view.pendingRetires) doc = withoutEntry(doc, r.id);
  for (const r of view.pendingAdds) doc = withEntry(doc, toEntry(r));
  return doc;
}

export interface Usage {
  lines: number;
  bytes: number;
}

export function usageOf(doc: ParsedIndex): Usage {
  const text = serializeIndex(doc);
  return { lines: text ? text.split('\n').length - 1 : 0, bytes: Buffer.byteLength(text) };
}

export function overBudget(u: Usage, b: Budget): string[] {
  const out: string[] = [];
  if (u.lines > b.lines) out.push(`${u.lines} lines (budget ${b.lines})`);
  if (u.bytes > b.bytes) out.push(`${u.bytes} bytes (budget ${b.bytes})`);
  return out;
}

/** Round-trip guard for callers building entries by hand: the line must parse back to the same entry. */
export function roundTrips(e: IndexEntry): boolean {
  const back = parseEntryLine(formatEntry(e));
  return back !== null && back.id === e.id && back.text === e.text && back.topic === e.topic && back.date === e.date && back.private === e.private && back.link === e.link;
}

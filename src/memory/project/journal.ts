import { ID_RE, TOPIC_RE } from './index-format.ts';
import type { JournalRecord } from './types.ts';

/**
 * The journal (`<git common dir>/bosun/memory/journal.jsonl`), PURE part: one JSON record per line, appended
 * under the memory lock. Every worktree of the repository reads it, so a lesson added in one worktree is
 * seen in all the others before any merge. A torn or hand-mangled line is skipped and counted, never fatal.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (o: Obj, k: string): string | null => (typeof o[k] === 'string' ? (o[k] as string) : null);

function toRecord(v: unknown): JournalRecord | null {
  if (!isObj(v)) return null;
  const id = s(v, 'id');
  const time = typeof v['time'] === 'number' ? v['time'] : null;
  const worktree = s(v, 'worktree') ?? '';
  if (!id || !ID_RE.test(id) || time === null) return null;
  if (v['op'] === 'add') {
    const topic = s(v, 'topic');
    const text = s(v, 'text');
    if (!topic || !TOPIC_RE.test(topic) || !text) return null;
    return { op: 'add', id, time, worktree, topic, text, date: s(v, 'date'), private: v['private'] === true, link: s(v, 'link'), detail: s(v, 'detail') };
  }
  if (v['op'] === 'retire') {
    return { op: 'retire', id, time, worktree, date: s(v, 'date') ?? '', reason: s(v, 'reason') ?? '', supersededBy: s(v, 'supersededBy') };
  }
  return null;
}

export function parseJournal(text: string): { records: JournalRecord[]; bad: number } {
  const records: JournalRecord[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let r: JournalRecord | null = null;
    try {
      r = toRecord(JSON.parse(line));
    } catch {
      r = null;
    }
    if (r) records.push(r);
    else bad++;
  }
  return { records, bad };
}

export function formatRecord(r: JournalRecord): string {
  return JSON.stringify(r) + '\n';
}

import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { entriesOf, formatId, formatRetired, idNumber, RETIRED_HEADER, serializeIndex, TOPIC_RE, withEntry, withoutEntry } from './index-format.ts';
import { formatRecord } from './journal.ts';
import { MAX_TEXT } from './limits.ts';
import { findNearDuplicate } from './similarity.ts';
import { loadMemory, readText, topicPath, usedIds, type LoadedMemory } from './store.ts';
import { mergedIndex, overBudget, toEntry, usageOf, type Usage } from './view.ts';
import { withLock as withLockFile, writeFileAtomic as writeAtomic } from '../../shared/fs-atomic.ts';
import type { Budget, IndexEntry, JournalRecord, Lesson, ParsedIndex, RetiredEntry } from './types.ts';

/**
 * Writing project memory. Every change runs under one lock in the git common dir (shared by all
 * worktrees), writes files through temp + rename, and appends to the journal so other worktrees see it.
 */

/** The project memory's lock: writers of every worktree wait for each other (a crashed holder's lock is taken over). */
const withLock = <T>(path: string, fn: () => T): T => withLockFile(path, { what: 'the project memory', staleMs: 30_000, waitMs: 20_000 }, fn);


export interface Where {
  root: string;
  commonDir: string;
  now: number;
}

export type AddRefusal =
  | { ok: false; reason: 'duplicate'; existing: Lesson; score: number }
  | { ok: false; reason: 'budget'; usage: Usage; budget: Budget; over: string[] }
  | { ok: false; reason: 'invalid'; message: string };

export type AddResult = { ok: true; entry: IndexEntry; usage: Usage } | AddRefusal;

export interface AddInput {
  text: string;
  topic?: string | null;
  detail?: string | null;
  private?: boolean;
  force?: boolean;
  budget: Budget;
  /** Supersede: the lesson this one replaces (left out of the duplicate and budget checks). */
  replaces?: string | null;
}

const dateOf = (now: number): string => new Date(now).toISOString().slice(0, 10);

export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function validate(text: string, topic: string): string | null {
  if (!text) return 'the lesson text is empty';
  if (text.length > MAX_TEXT) return `the lesson is ${text.length} characters (at most ${MAX_TEXT}): keep the index line short and put the rest in --detail (it goes to the topic file)`;
  if (!TOPIC_RE.test(topic)) return `topic "${topic}" is not a plain name (lowercase letters, digits, '.', '_', '-')`;
  if (/ ← /.test(text)) return "the lesson may not contain ' ← ' (retired.md uses it as a separator)";
  return null;
}

function nextId(m: LoadedMemory, where: Where): string {
  let max = 0;
  for (const id of usedIds(where.commonDir, m.journal, [where.root])) {
    const n = idNumber(id);
    if (n > max) max = n;
  }
  return formatId(max + 1);
}

function appendTopic(path: string, id: string, text: string, detail: string): void {
  const prev = readText(path);
  const head = prev ? (prev.endsWith('\n') ? prev : prev + '\n') + '\n' : `# ${path.replace(/^.*\/(.+)\.md$/, '$1')}\n\n`;
  writeAtomic(path, `${head}## ${id}: ${text}\n\n${detail.trim()}\n`);
}

/** True when the file exists, is not empty, and its last byte is not a newline (a writer crashed mid-line). */
function endsTorn(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

function journal(m: LoadedMemory, r: JournalRecord): void {
  mkdirSync(dirname(m.paths.journal), { recursive: true });
  // After a torn last line, start on a fresh line: glued to the torn one, this record would be unreadable too.
  appendFileSync(m.paths.journal, (endsTorn(m.paths.journal) ? '\n' : '') + formatRecord(r));
}

/**
 * `.bosun/memory/.gitattributes`, written once beside the first memory file bosun writes (never overwritten).
 * Every branch appends lessons at the end of INDEX.md, retired.md and the topic files, so two branches that
 * each learned something conflict on a plain merge; the built-in union driver keeps both sides' lines.
 */
export const MEMORY_GITATTRIBUTES = [
  '# bosun: branches append lessons here; a union merge keeps the lines of both sides (see docs/memory.md)',
  'INDEX.md merge=union',
  'retired.md merge=union',
  'topics/*.md merge=union',
  '',
].join('\n');

function ensureGitattributes(m: LoadedMemory): void {
  const p = join(m.paths.dir, '.gitattributes');
  if (!existsSync(p)) writeAtomic(p, MEMORY_GITATTRIBUTES);
}

function writeIndex(m: LoadedMemory, doc: ParsedIndex): void {
  ensureGitattributes(m);
  writeAtomic(m.paths.index, serializeIndex(doc));
}

function appendRetired(m: LoadedMemory, e: RetiredEntry): void {
  ensureGitattributes(m);
  const prev = readText(m.paths.retired);
  writeAtomic(m.paths.retired, (prev ? (prev.endsWith('\n') ? prev : prev + '\n') : RETIRED_HEADER) + formatRetired(e) + '\n');
}

function addLocked(m: LoadedMemory, where: Where, input: AddInput): AddResult {
  const text = cleanText(input.text);
  const topic = (input.topic ?? 'general').trim().toLowerCase();
  const invalid = validate(text, topic);
  if (invalid) return { ok: false, reason: 'invalid', message: invalid };
  const others = m.view.lessons.filter((l) => l.id !== input.replaces);
  if (!input.force) {
    const dup = findNearDuplicate(text, others);
    if (dup) return { ok: false, reason: 'duplicate', existing: dup.lesson, score: dup.score };
  }
  const id = nextId(m, where);
  const tPath = topicPath(m.paths, topic);
  const detail = input.detail?.trim() ? input.detail : null;
  const link = detail || existsSync(tPath) ? `topics/${topic}.md` : null;
  const entry: IndexEntry = { id, topic, text, date: dateOf(where.now), private: input.private === true, link };
  let after = mergedIndex(m.index, m.view);
  if (input.replaces) after = withoutEntry(after, input.replaces);
  after = withEntry(after, entry);
  const usage = usageOf(after);
  const over = overBudget(usage, input.budget);
  if (over.length) return { ok: false, reason: 'budget', usage, budget: input.budget, over };
  journal(m, { op: 'add', time: where.now, worktree: where.root, detail, ...entry });
  if (detail) appendTopic(tPath, id, text, detail);
  writeIndex(m, withEntry(m.index, entry));
  return { ok: true, entry, usage };
}

export function addLesson(where: Where, input: AddInput): AddResult {
  return withLock(loadMemory(where.root, where.commonDir).paths.lock, () => addLocked(loadMemory(where.root, where.commonDir), where, input));
}

export type RetireResult = { ok: true; entry: IndexEntry; note: string } | { ok: false; reason: 'unknown' | 'retired'; message: string };

function retireLocked(m: LoadedMemory, where: Where, id: string, reason: string, supersededBy: string | null): RetireResult {
  const live = m.view.lessons.find((l) => l.id === id);
  if (!live) {
    const gone = m.retired.find((e) => e.id === id) ?? m.journal.find((r) => r.op === 'retire' && r.id === id);
    return gone
      ? { ok: false, reason: 'retired', message: `${id} is already retired` }
      : { ok: false, reason: 'unknown', message: `no lesson ${id} in this repository's memory` };
  }
  const date = dateOf(where.now);
  const note = supersededBy ? `superseded by ${supersededBy} on ${date}` : `retired ${date}${reason ? `: ${cleanText(reason)}` : ''}`;
  journal(m, { op: 'retire', id, time: where.now, worktree: where.root, date, reason: cleanText(reason), supersededBy });
  const entry = toEntry(live);
  appendRetired(m, { ...entry, note });
  if (!live.pending) writeIndex(m, withoutEntry(m.index, id));
  return { ok: true, entry, note };
}

export function retireLesson(where: Where, id: string, reason: string): RetireResult {
  const m0 = loadMemory(where.root, where.commonDir);
  return withLock(m0.paths.lock, () => retireLocked(loadMemory(where.root, where.commonDir), where, id, reason, null));
}

export type SupersedeResult = { ok: true; entry: IndexEntry; replaced: IndexEntry } | AddRefusal | { ok: false; reason: 'unknown' | 'retired'; message: string };

export function supersedeLesson(where: Where, id: string, input: Omit<AddInput, 'replaces'>): SupersedeResult {
  const m0 = loadMemory(where.root, where.commonDir);
  return withLock(m0.paths.lock, () => {
    const m = loadMemory(where.root, where.commonDir);
    const old = m.view.lessons.find((l) => l.id === id);
    if (!old) {
      const gone = m.retired.some((e) => e.id === id) || m.journal.some((r) => r.op === 'retire' && r.id === id);
      return { ok: false, reason: gone ? 'retired' : 'unknown', message: gone ? `${id} is already retired` : `no lesson ${id} in this repository's memory` } as const;
    }
    const added = addLocked(m, where, { ...input, topic: input.topic ?? old.topic, private: input.private || old.private, replaces: id });
    if (!added.ok) return added;
    const r = retireLocked(loadMemory(where.root, where.commonDir), where, id, '', added.entry.id);
    if (!r.ok) return r;
    return { ok: true, entry: added.entry, replaced: r.entry };
  });
}

export interface CommitResult {
  added: IndexEntry[];
  retired: string[];
  usage: Usage;
}

/** Writes lessons pending from other worktrees into this worktree's INDEX.md (and topics), and moves out the ones retired elsewhere. */
export function commitPending(where: Where): CommitResult {
  const m0 = loadMemory(where.root, where.commonDir);
  return withLock(m0.paths.lock, () => {
    const m = loadMemory(where.root, where.commonDir);
    const { pendingAdds, pendingRetires } = m.view;
    for (const r of pendingRetires) {
      const e = m.index.lines.find((l) => l.kind === 'entry' && l.entry.id === r.id);
      if (e?.kind === 'entry' && !m.retired.some((x) => x.id === r.id)) appendRetired(m, { ...e.entry, note: r.supersededBy ? `superseded by ${r.supersededBy} on ${r.date}` : `retired ${r.date}${r.reason ? `: ${r.reason}` : ''}` });
    }
    for (const r of pendingAdds) {
      if (!r.detail) continue;
      const p = topicPath(m.paths, r.topic);
      if (!readText(p).includes(`## ${r.id}:`)) appendTopic(p, r.id, r.text, r.detail);
    }
    // Index lines of lessons already in retired.md (a union merge keeps a line one branch had retired) go too.
    const pendingIds = new Set(pendingRetires.map((r) => r.id));
    const stillListed = entriesOf(m.index).filter((e) => !pendingIds.has(e.id) && m.retired.some((x) => x.id === e.id)).map((e) => e.id);
    let doc = mergedIndex(m.index, m.view);
    for (const id of stillListed) doc = withoutEntry(doc, id);
    if (pendingAdds.length || pendingRetires.length || stillListed.length) writeIndex(m, doc);
    return { added: pendingAdds.map(toEntry), retired: [...pendingRetires.map((r) => r.id), ...stillListed], usage: usageOf(doc) };
  });
}

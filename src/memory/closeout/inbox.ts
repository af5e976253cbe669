import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { withLock, writeFileAtomic } from '../../shared/fs-atomic.ts';
import type { Candidate, InboxEntry, Provenance } from './types.ts';

/**
 * The close-out inbox lives in the common git dir, so candidates from every worktree land in one place:
 *   <commonDir>/bosun/memory/inbox/<id>.json        pending, one file per candidate
 *   <commonDir>/bosun/memory/inbox/done/<id>.json   accepted or rejected (the record of the review)
 * Files are written to a temp name and renamed; read-modify-write runs under a directory lock, so
 * several close-outs finishing together never lose a sighting or tear a file.
 */
export function inboxDir(commonDir: string): string {
  return join(commonDir, 'bosun', 'memory', 'inbox');
}

const ENTRY_FILE = /^(c[0-9a-f]{8,})\.json$/;
const MAX_SIGHTINGS = 10;
const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 10_000;

/** Pending candidates, counted without reading them (session start calls this). */
export function countPending(commonDir: string): number {
  try {
    return readdirSync(inboxDir(commonDir)).filter((f) => ENTRY_FILE.test(f)).length;
  } catch {
    return 0;
  }
}

function readJson(path: string): InboxEntry | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as InboxEntry;
  } catch {
    return null;
  }
}

function writeAtomic(path: string, entry: InboxEntry): void {
  writeFileAtomic(path, JSON.stringify(entry, null, 2) + '\n');
}

/** Runs `fn` holding `<inbox>/.lock`; a crashed holder's lock (dead pid, or older than LOCK_STALE_MS) is taken over. */
export function withInboxLock<T>(commonDir: string, fn: () => T): T {
  const dir = inboxDir(commonDir);
  mkdirSync(join(dir, 'done'), { recursive: true });
  return withLock(join(dir, '.lock'), { what: 'the close-out inbox', staleMs: LOCK_STALE_MS, waitMs: LOCK_WAIT_MS }, fn);
}

export interface FileResult {
  /** Ids of candidates new to the inbox. */
  added: string[];
  /** Ids already pending: the new sighting was added to them. */
  seen: string[];
  /** Ids already reviewed (accepted or rejected): not filed again. */
  reviewed: string[];
}

const sameSighting = (a: Provenance, b: Provenance): boolean => a.sessionId === b.sessionId && a.source === b.source && a.evidence === b.evidence;

/** Files candidates into the inbox, de-duplicated by id against pending and reviewed entries. */
export function fileCandidates(commonDir: string, candidates: readonly Candidate[], now: number): FileResult {
  const result: FileResult = { added: [], seen: [], reviewed: [] };
  if (candidates.length === 0) return result;
  const dir = inboxDir(commonDir);
  return withInboxLock(commonDir, () => {
    for (const c of candidates) {
      if (existsSync(join(dir, 'done', `${c.id}.json`))) {
        if (!result.reviewed.includes(c.id)) result.reviewed.push(c.id);
        continue;
      }
      const path = join(dir, `${c.id}.json`);
      const existing = readJson(path);
      if (existing) {
        if (!existing.sightings.some((s) => sameSighting(s, c.provenance)) && existing.sightings.length < MAX_SIGHTINGS) {
          writeAtomic(path, { ...existing, sightings: [...existing.sightings, c.provenance] });
        }
        if (!result.added.includes(c.id) && !result.seen.includes(c.id)) result.seen.push(c.id);
        continue;
      }
      writeAtomic(path, { id: c.id, kind: c.kind, text: c.text, topic: c.topic, key: c.key, status: 'pending', filedAt: now, sightings: [c.provenance] });
      result.added.push(c.id);
    }
    return result;
  });
}

function entriesIn(dir: string): InboxEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => ENTRY_FILE.test(f));
  } catch {
    return [];
  }
  return names.map((f) => readJson(join(dir, f))).filter((e): e is InboxEntry => e !== null);
}

/** Pending candidates, oldest first. */
export function listPending(commonDir: string): InboxEntry[] {
  return entriesIn(inboxDir(commonDir)).sort((a, b) => a.filedAt - b.filedAt || a.id.localeCompare(b.id));
}

/** Reviewed candidates (accepted and rejected), most recent first. */
export function listReviewed(commonDir: string): InboxEntry[] {
  return entriesIn(join(inboxDir(commonDir), 'done')).sort((a, b) => (b.resolution?.at ?? 0) - (a.resolution?.at ?? 0));
}

/** Finds a pending entry by id or unique id prefix; throws a usage error naming what exists. */
export function findPending(commonDir: string, idOrPrefix: string): InboxEntry {
  const pending = listPending(commonDir);
  const exact = pending.find((e) => e.id === idOrPrefix);
  const matches = exact ? [exact] : pending.filter((e) => e.id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0]!;
  const done = matches.length > 1 ? undefined : listReviewed(commonDir).find((e) => e.id === idOrPrefix || e.id.startsWith(idOrPrefix));
  const hint = matches.length > 1
    ? 'give more characters of the id, enough to name one candidate.'
    : done
    ? `${done.id} was already ${done.status}.`
    : pending.length === 0
      ? 'the inbox is empty: `bosun closeout` files candidates from a session transcript.'
      : `pending: ${pending.slice(0, 8).map((e) => e.id).join(', ')}${pending.length > 8 ? ', …' : ''} (see \`bosun lessons review\`).`;
  throw new BosunError({
    code: 'E_CANDIDATE',
    message: matches.length > 1 ? `candidate id "${idOrPrefix}" is ambiguous (${matches.map((e) => e.id).join(', ')})` : `no pending candidate "${idOrPrefix}"`,
    hint,
    exitCode: EXIT.usage,
  });
}

/** Changes a pending entry's text (the reviewer's edit), keeping the miner's wording in the record. */
export function editPending(commonDir: string, id: string, text: string): InboxEntry {
  return withInboxLock(commonDir, () => {
    const path = join(inboxDir(commonDir), `${id}.json`);
    const e = readJson(path);
    if (!e) throw new BosunError({ code: 'E_CANDIDATE', message: `no pending candidate "${id}"`, hint: 'another review may have resolved it: run `bosun lessons review`.', exitCode: EXIT.usage });
    const next: InboxEntry = { ...e, text, resolution: { ...(e.resolution ?? { at: 0, by: null }), originalText: e.resolution?.originalText ?? e.text } };
    writeAtomic(path, next);
    return next;
  });
}

/**
 * Moves a pending entry to done/ with its resolution. `apply` runs under the lock before the move and
 * may throw (the lesson could not be added): then nothing changes.
 */
export function resolvePending(commonDir: string, id: string, outcome: { status: 'accepted' | 'rejected'; at: number; by: string | null; note?: string | null }, apply?: (e: InboxEntry) => string | null): InboxEntry {
  return withInboxLock(commonDir, () => {
    const dir = inboxDir(commonDir);
    const path = join(dir, `${id}.json`);
    const e = readJson(path);
    if (!e) throw new BosunError({ code: 'E_CANDIDATE', message: `no pending candidate "${id}"`, hint: 'another review may have resolved it: run `bosun lessons review`.', exitCode: EXIT.usage });
    const lessonId = apply ? apply(e) : null;
    const done: InboxEntry = { ...e, status: outcome.status, resolution: { ...e.resolution, at: outcome.at, by: outcome.by, lessonId, note: outcome.note ?? null } };
    writeAtomic(join(dir, 'done', `${id}.json`), done);
    rmSync(path, { force: true });
    return done;
  });
}

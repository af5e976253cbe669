/**
 * The SQLite FTS5 index of the cross-project lessons, `$BOSUN_HOME/lessons/lessons.db`. Rebuilt whole on
 * every sync into a temp file that is renamed over the old one: a search never sees half an index.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync, renameSync } from 'node:fs';
import { BosunError, errorMessage } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { nativeAddon } from '../../shared/native.ts';
import { tempPathFor } from '../../shared/fs-atomic.ts';
import { buildFtsQuery } from './query.ts';
import type { LessonSource, SharedLesson } from './types.ts';

const SCHEMA = `
CREATE TABLE lessons (id INTEGER PRIMARY KEY, text TEXT NOT NULL, topic TEXT NOT NULL, date TEXT NOT NULL, workspaces TEXT NOT NULL, sources TEXT NOT NULL);
CREATE VIRTUAL TABLE lessons_fts USING fts5(text, topic, workspaces, content='lessons', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Column weights for bm25 (the text matters most, then the topic, then the workspace names), as FTS5's `rank`. */
const RANK = 'bm25(1.0, 0.5, 0.2)';

export function openDatabase(path: string, opts: { readonly?: boolean } = {}): Database.Database {
  const nativeBinding = nativeAddon('better-sqlite3', 'build/Release/better_sqlite3.node');
  return new Database(path, { readonly: opts.readonly === true, fileMustExist: opts.readonly === true, ...(nativeBinding ? { nativeBinding } : {}) });
}

/** Writes the whole index to a temp file beside `path`, then renames it into place. */
export function writeLessonsDb(path: string, lessons: SharedLesson[], meta: Record<string, string>): void {
  const tmp = tempPathFor(path);
  const db = openDatabase(tmp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const insert = db.prepare('INSERT INTO lessons (text, topic, date, workspaces, sources) VALUES (?, ?, ?, ?, ?)');
    const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (const l of lessons) insert.run(l.text, l.topic, l.date, [...new Set(l.sources.map((s) => s.workspace))].join(' '), JSON.stringify(l.sources));
      db.exec("INSERT INTO lessons_fts(lessons_fts) VALUES ('rebuild')");
      db.prepare("INSERT INTO lessons_fts(lessons_fts, rank) VALUES ('rank', ?)").run(RANK);
      for (const [k, v] of Object.entries(meta)) setMeta.run(k, v);
    })();
    db.exec("INSERT INTO lessons_fts(lessons_fts) VALUES ('optimize')");
    db.close();
    renameSync(tmp, path);
  } catch (err) {
    if (db.open) db.close();
    rmSync(tmp, { force: true });
    throw err;
  }
}

export interface SearchHit {
  text: string;
  topic: string;
  date: string;
  sources: LessonSource[];
  /** bm25: lower is better. */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** 'all': every word matched; 'any': no lesson had them all, these have some. */
  mode: 'all' | 'any' | 'none';
  /** More lessons match than the limit let through (so a cut list is never taken for the whole answer). */
  more: boolean;
}

function noIndex(path: string): BosunError {
  return new BosunError({ code: 'E_NO_LESSONS_INDEX', message: `no lessons index at ${path}`, hint: 'register workspaces (bosun workspaces add PATH) and run `bosun lessons sync`', exitCode: EXIT.environment });
}

interface Row {
  text: string;
  topic: string;
  date: string;
  sources: string;
  score: number;
}

/** A searcher over an open index: the benchmark reuses one; the CLI searches once. */
export function lessonSearcher(db: Database.Database): (query: string, limit: number) => SearchResult {
  // Rank inside FTS5 first (ORDER BY rank is sorted by the FTS5 module, reading only the index), then join
  // the few rows kept: joining before the LIMIT would read every matching lesson.
  const stmt = db.prepare<[string, number], Row>(
    'SELECT l.text, l.topic, l.date, l.sources, top.rank AS score FROM (SELECT rowid, rank FROM lessons_fts WHERE lessons_fts MATCH ? ORDER BY rank LIMIT ?) AS top JOIN lessons l ON l.id = top.rowid ORDER BY top.rank',
  );
  // One row past the limit tells whether more match, without counting every match.
  const run = (match: string, limit: number): { hits: SearchHit[]; more: boolean } => {
    const rows = stmt.all(match, limit + 1);
    return { hits: rows.slice(0, limit).map((r) => ({ text: r.text, topic: r.topic, date: r.date, sources: JSON.parse(r.sources) as LessonSource[], score: r.score })), more: rows.length > limit };
  };
  return (query, limit) => {
    const q = buildFtsQuery(query);
    if (!q.terms.length) return { hits: [], mode: 'none', more: false };
    const all = run(q.all, limit);
    if (all.hits.length || q.terms.length === 1) return { ...all, mode: all.hits.length ? 'all' : 'none' };
    const any = run(q.any, limit);
    return { ...any, mode: any.hits.length ? 'any' : 'none' };
  };
}

export function searchLessons(path: string, query: string, limit: number): SearchResult {
  if (!existsSync(path)) throw noIndex(path);
  let db: Database.Database;
  try {
    db = openDatabase(path, { readonly: true });
  } catch (err) {
    throw new BosunError({ code: 'E_LESSONS_INDEX', message: `cannot open ${path}: ${errorMessage(err)}`, hint: 'run `bosun lessons sync` to rebuild it', exitCode: EXIT.environment });
  }
  try {
    return lessonSearcher(db)(query, limit);
  } finally {
    db.close();
  }
}

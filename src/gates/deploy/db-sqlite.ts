/**
 * SQLite through better-sqlite3 (already bosun's ledger driver): the online backup API copies a live
 * database consistently, `PRAGMA integrity_check` proves the copy. Loaded only when a deploy uses SQLite.
 */
import { existsSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { nativeAddon } from '../../shared/native.ts';
import { compareTables, parseCount, StepError, type DbAdapter } from './db.ts';
import { countSql, quoteIdent, shellCommand } from './quote.ts';

type Db = BetterSqlite3.Database;

async function openDb(file: string, readonly: boolean): Promise<Db> {
  const { default: Database } = await import('better-sqlite3');
  const nativeBinding = nativeAddon('better-sqlite3', 'build/Release/better_sqlite3.node');
  try {
    return new Database(file, { readonly, fileMustExist: true, timeout: 5000, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    throw new StepError(`cannot open SQLite database ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function withDb<T>(file: string, fn: (db: Db) => T | Promise<T>): Promise<T> {
  const db = await openDb(file, true);
  try {
    return await fn(db);
  } catch (err) {
    if (err instanceof StepError) throw err;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) throw new StepError(`${file}: ${(err as Error).message} (${code})`);
    throw err;
  } finally {
    db.close();
  }
}

function tableCounts(db: Db): Map<string, number> {
  const names = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return new Map(names.map((n) => [n, parseCount(String(db.prepare(`SELECT count(*) FROM ${quoteIdent('sqlite', n)}`).pluck().get()), `count of ${n}`)]));
}

/** `PRAGMA integrity_check` on the copy: `ok`, or what is broken. A file that is not SQLite fails to open. */
export async function checkSqliteFile(file: string): Promise<string> {
  return withDb(file, (db) => {
    const rows = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    if (rows.length !== 1 || rows[0] !== 'ok') throw new StepError(`PRAGMA integrity_check on ${file}: ${rows.slice(0, 5).join('; ')}`);
    const tables = tableCounts(db).size;
    return `PRAGMA integrity_check: ok (${tables} tables)`;
  });
}

export function sqliteAdapter(file: string): DbAdapter {
  return {
    kind: 'sqlite',
    label: file,
    ext: 'sqlite',
    dbFile: file,
    tools: [],
    count: (target) =>
      withDb(file, (db) => {
        const sql = 'table' in target ? countSql('sqlite', target.table) : target.query;
        const row = db.prepare(sql).raw().all() as unknown[][];
        if (row.length !== 1 || row[0]!.length !== 1) throw new StepError(`${JSON.stringify(sql)} did not return one count (${row.length} rows)`);
        return parseCount(String(row[0]![0]), JSON.stringify(sql));
      }),
    async backup(dest) {
      if (!existsSync(file)) throw new StepError(`SQLite database ${file} does not exist`);
      const db = await openDb(file, true);
      try {
        await db.backup(dest);
      } catch (err) {
        throw new StepError(`SQLite backup of ${file} failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        db.close();
      }
    },
    check: (backup) => checkSqliteFile(backup),
    async fullCheck(backup) {
      const [live, restored] = [await withDb(file, tableCounts), await withDb(backup, tableCounts)];
      const problems = compareTables(live, restored);
      if (problems.length) throw new StepError(`the backup differs from the live database: ${problems.join('; ')}`);
      return `backup opened as a database: ${restored.size} tables, counts equal to live`;
    },
    // The CLI's .restore goes through SQLite's backup API, so a WAL file beside the database cannot resurrect old pages the way `cp` could.
    restoreCommand: (backup) => shellCommand(['sqlite3', file, `.restore ${sqliteArg(backup)}`]),
  };
}

/** An argument of a sqlite3 dot-command: double-quoted, backslash-escaped. */
function sqliteArg(s: string): string {
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

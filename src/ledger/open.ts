import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nativeAddon } from '../shared/native.ts';
import { ledgerError, ledgerMissingError, ledgerSchemaError } from './errors.ts';
import { createLedger } from './ledger.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';
import type { Ledger } from './types.ts';

/**
 * How long a writer waits for the write lock before failing. Hooks of several agents write at once;
 * each transaction holds the lock for well under a millisecond, so waiting is always the right call.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenLedgerOptions {
  /** The repository's common git dir (shared by all worktrees). */
  commonDir: string;
  /** Open without writing; the ledger must already exist and be migrated. */
  readonly?: boolean;
  busyTimeoutMs?: number;
}

export function ledgerPath(commonDir: string): string {
  return join(commonDir, 'bosun', 'ledger.db');
}

/**
 * Opens (creating if needed) `<commonDir>/bosun/ledger.db`. Cheap when the schema is current: one native
 * open and three pragmas. A file SQLite cannot read throws E_LEDGER; it is never recreated behind the user's back.
 */
export function openLedger(opts: OpenLedgerOptions): Ledger {
  const path = ledgerPath(opts.commonDir);
  const readonly = opts.readonly === true;
  let db: Database.Database;
  try {
    if (readonly && !existsSync(path)) throw ledgerMissingError(path);
    if (!readonly) ensureDir(dirname(path));
    const nativeBinding = nativeAddon('better-sqlite3', 'build/Release/better_sqlite3.node');
    db = new Database(path, { readonly, fileMustExist: readonly, timeout: opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    throw ledgerError(err, path, 'opening');
  }
  try {
    prepareConnection(db, path, readonly);
  } catch (err) {
    db.close();
    throw ledgerError(err, path, 'opening');
  }
  return createLedger(db, path);
}

/** Creates `<commonDir>/bosun` but not `commonDir` itself: a wrong common dir should fail, not sprout. */
function ensureDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function prepareConnection(db: Database.Database, path: string, readonly: boolean): void {
  if (!readonly) {
    ensureWal(db);
    db.pragma('synchronous = NORMAL');
  }
  const version = userVersion(db);
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    // Migrations only add, so reading a newer ledger is safe; writing to it is not.
    if (readonly) return;
    throw ledgerSchemaError(path, version, SCHEMA_VERSION);
  }
  if (readonly) throw ledgerSchemaError(path, version, SCHEMA_VERSION);
  migrate(db, path);
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const isBusy = (err: unknown): boolean => typeof err === 'object' && err !== null && /^SQLITE_BUSY/.test(String((err as { code?: unknown }).code));

/**
 * WAL is persistent in the file, so this reads the mode and switches only a file that is not in WAL
 * yet (a new one, or one someone switched back). Switching needs an exclusive lock, and SQLite may
 * answer SQLITE_BUSY at once instead of calling the busy handler when several processes create the
 * ledger together: retry with jitter, within the busy timeout.
 */
function ensureWal(db: Database.Database): void {
  const deadline = Date.now() + DEFAULT_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      Atomics.wait(sleepCell, 0, 0, 2 + Math.floor(Math.random() * 20));
    }
  }
}

/** Runs the pending migrations under the write lock, re-reading the version so racing first-openers migrate once. */
function migrate(db: Database.Database, path: string): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) throw ledgerSchemaError(path, version, SCHEMA_VERSION);
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

import type Database from 'better-sqlite3';
import { isEnvironmentFailure, ledgerError } from './errors.ts';

export type Params = Record<string, string | number | null>;

/**
 * Prepares statements on first use and keeps them for the connection's life: a hook that only records a
 * decision compiles one INSERT, not the whole API.
 */
export interface StatementCache {
  run(sql: string, params: Params): Database.RunResult;
  get<R>(sql: string, params: Params): R | undefined;
  all<R>(sql: string, params: Params): R[];
}

export function statementCache(db: Database.Database): StatementCache {
  const cache = new Map<string, Database.Statement<[Params]>>();
  const stmt = (sql: string): Database.Statement<[Params]> => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare<[Params]>(sql);
      cache.set(sql, s);
    }
    return s;
  };
  return {
    run: (sql, params) => stmt(sql).run(params),
    get: <R>(sql: string, params: Params) => stmt(sql).get(params) as R | undefined,
    all: <R>(sql: string, params: Params) => stmt(sql).all(params) as R[],
  };
}

/**
 * Runs `fn`, turning SQLite and file-system failures into E_LEDGER. Anything else (a TypeError from a bad
 * argument) is a bug and passes through untouched so it is reported as one.
 */
export function guarded<T>(path: string, doing: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isEnvironmentFailure(err)) throw ledgerError(err, path, doing);
    throw err;
  }
}

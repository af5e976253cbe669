/** Builds the adapter for a configured database: env references resolved, SQLite paths made absolute. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { postgresAdapter, pgConnection } from './db-postgres.ts';
import { mysqlAdapter, mysqlConnection } from './db-mysql.ts';
import { sqliteAdapter } from './db-sqlite.ts';
import { StepError, type DbAdapter } from './db.ts';
import { realDir } from './location.ts';
import { shellQuote } from './quote.ts';
import type { Conn, DatabaseSpec } from './types.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The connection string, or why it is missing (`$DATABASE_URL` unset). */
export function resolveConn(conn: Conn, env: Env, keyPath: string): { value: string; shown: string | null } {
  if ('literal' in conn) return { value: conn.literal, shown: null };
  const value = env[conn.envVar];
  if (value === undefined || value.trim() === '') throw new StepError(`${keyPath} reads $${conn.envVar}, which is not set in this environment`);
  return { value: value.trim(), shown: `"$${conn.envVar}"` };
}

export interface AdapterContext {
  repoRoot: string;
  env: Env;
  now: () => number;
}

export function databaseAdapter(spec: DatabaseSpec, ctx: AdapterContext): DbAdapter {
  const { value, shown } = resolveConn(spec.conn, ctx.env, spec.keyPath);
  if (spec.kind === 'sqlite') {
    const file = realDir(resolve(ctx.repoRoot, value));
    if (!existsSync(file)) throw new StepError(`${spec.keyPath}: the SQLite database ${file} does not exist`);
    return sqliteAdapter(file);
  }
  if (spec.kind === 'postgres') {
    const conn = pgConnection(value);
    return postgresAdapter({ conn, shown: shown ?? shellQuote(conn.arg), env: ctx.env, now: ctx.now });
  }
  let conn;
  try {
    conn = mysqlConnection(value);
  } catch (err) {
    if (err instanceof StepError) throw err;
    throw new StepError(`${spec.keyPath}: not a mysql:// URL`);
  }
  return mysqlAdapter({ conn, env: ctx.env, now: ctx.now });
}

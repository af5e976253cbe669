/**
 * PostgreSQL through its own clients: `pg_dump -Fc`, `pg_restore`, `psql`. The password never goes on a
 * command line (it moves to PGPASSWORD), and counts run in read-only sessions.
 */
import { compareTables, parseCount, scratchName, StepError, type DbAdapter } from './db.ts';
import { describeExit, execArgv, ok, type ExecResult } from './exec.ts';
import { countSql, quoteIdent, shellCommand, shellQuote } from './quote.ts';
import type { CountTarget } from './types.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface PgConnection {
  /** What libpq gets: a URL or key=value string, without the password. */
  arg: string;
  password: string | null;
}

const isUrl = (s: string): boolean => /^postgres(?:ql)?:\/\//.test(s);

/** Moves the password out of a connection string. */
export function pgConnection(raw: string): PgConnection {
  if (isUrl(raw)) {
    const u = new URL(raw);
    const fromQuery = u.searchParams.get('password');
    const password = u.password ? decodeURIComponent(u.password) : fromQuery;
    u.password = '';
    u.searchParams.delete('password');
    return { arg: u.toString(), password };
  }
  const m = /(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/.exec(raw);
  if (!m) return { arg: raw, password: null };
  const value = m[1]!.startsWith("'") ? m[1]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[1]!;
  return { arg: raw.replace(m[0], ' ').trim(), password: value };
}

/** The same server, another database. */
export function pgWithDatabase(arg: string, database: string): string {
  if (!isUrl(arg)) return `${arg} dbname=${database}`;
  const u = new URL(arg);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export interface PgAdapterOptions {
  conn: PgConnection;
  /** How the restore command names the database: `"$DATABASE_URL"` for an env reference, else the password-free URL. */
  shown: string;
  env: Env;
  now: () => number;
}

export function postgresAdapter(opts: PgAdapterOptions): DbAdapter {
  const env = (readOnly: boolean): Env => ({
    ...opts.env,
    PGCONNECT_TIMEOUT: opts.env['PGCONNECT_TIMEOUT'] ?? '10',
    ...(opts.conn.password === null ? {} : { PGPASSWORD: opts.conn.password }),
    ...(readOnly ? { PGOPTIONS: `${opts.env['PGOPTIONS'] ?? ''} -c default_transaction_read_only=on`.trim() } : {}),
  });
  const psql = (db: string, sql: string, readOnly: boolean, timeoutMs?: number): Promise<ExecResult> =>
    execArgv(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], { env: env(readOnly), ...(timeoutMs ? { timeoutMs } : {}) });

  const countIn = async (db: string, target: CountTarget): Promise<number> => {
    const sql = 'table' in target ? countSql('postgres', target.table) : target.query;
    const r = await psql(db, sql, true);
    if (!ok(r)) throw new StepError(describeExit(r));
    return parseCount(r.stdout, `psql -c ${JSON.stringify(sql)}`);
  };

  const tableCounts = async (db: string): Promise<Map<string, number>> => {
    const r = await psql(db, `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`, true);
    if (!ok(r)) throw new StepError(describeExit(r));
    const counts = new Map<string, number>();
    for (const qualified of r.stdout.split('\n').filter(Boolean)) {
      const c = await psql(db, `SELECT count(*) FROM ${qualified}`, true);
      if (!ok(c)) throw new StepError(describeExit(c));
      counts.set(qualified, parseCount(c.stdout, `count of ${qualified}`));
    }
    return counts;
  };

  return {
    kind: 'postgres',
    label: opts.conn.arg,
    ext: 'pgdump',
    dbFile: null,
    tools: ['psql', 'pg_dump', 'pg_restore'],
    count: (target) => countIn(opts.conn.arg, target),
    async backup(file, timeoutMs) {
      const r = await execArgv(['pg_dump', '-Fc', '--no-password', '-f', file, '-d', opts.conn.arg], { env: env(false), timeoutMs });
      if (!ok(r)) throw new StepError(describeExit(r, timeoutMs));
    },
    check: (file, timeoutMs) => checkPgDump(file, opts.env, timeoutMs),
    async fullCheck(file, timeoutMs) {
      const scratch = scratchName(opts.now());
      const scratchDb = pgWithDatabase(opts.conn.arg, scratch);
      const created = await psql(opts.conn.arg, `CREATE DATABASE ${quoteIdent('postgres', scratch)}`, false);
      if (!ok(created)) throw new StepError(`could not create the scratch database ${scratch} for the full restore check: ${describeExit(created)}`);
      try {
        const r = await execArgv(['pg_restore', '--no-owner', '--no-acl', '--exit-on-error', '-d', scratchDb, file], { env: env(false), timeoutMs });
        if (!ok(r)) throw new StepError(`restoring into the scratch database ${scratch} failed: ${describeExit(r, timeoutMs)}`);
        const [live, restored] = [await tableCounts(opts.conn.arg), await tableCounts(scratchDb)];
        const problems = compareTables(live, restored);
        if (problems.length) throw new StepError(`the restored copy differs from the live database: ${problems.join('; ')}`);
        return `restored into scratch database ${scratch}: ${restored.size} tables, counts equal to live`;
      } finally {
        await psql(opts.conn.arg, `DROP DATABASE IF EXISTS ${quoteIdent('postgres', scratch)} WITH (FORCE)`, false);
      }
    },
    restoreCommand: (file) => `${shellCommand(['pg_restore', '--clean', '--if-exists', '--single-transaction', '-d'])} ${opts.shown} ${shellQuote(file)}`,
  };
}

/** `pg_restore --list` reads the table of contents; restoring to /dev/null reads every data block (a truncated dump fails here). */
export async function checkPgDump(file: string, env: Env, timeoutMs: number): Promise<string> {
  const list = await execArgv(['pg_restore', '--list', file], { env, timeoutMs });
  if (!ok(list)) throw new StepError(`pg_restore --list cannot read the backup: ${describeExit(list, timeoutMs)}`);
  const entries = list.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';')).length;
  const full = await execArgv(['pg_restore', '-f', '/dev/null', file], { env, timeoutMs });
  if (!ok(full)) throw new StepError(`pg_restore cannot read the backup to its end: ${describeExit(full, timeoutMs)}`);
  return `pg_restore --list: ${entries} entries; every data block read`;
}

/**
 * MySQL and MariaDB through their clients: `mariadb-dump`/`mysqldump`, `mariadb`/`mysql`, whichever is
 * installed (MariaDB's names first). The password travels in MYSQL_PWD, never on a command line.
 */
import { open, stat } from 'node:fs/promises';
import { compareTables, parseCount, scratchName, StepError, type DbAdapter } from './db.ts';
import { describeExit, execArgv, ok, onPath, type ExecResult } from './exec.ts';
import { countSql, quoteIdent, shellCommand, shellQuote } from './quote.ts';
import type { CountTarget } from './types.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface MysqlConnection {
  host: string | null;
  port: string | null;
  user: string | null;
  password: string | null;
  database: string;
  socket: string | null;
}

export function mysqlConnection(url: string): MysqlConnection {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new StepError(`the MySQL URL names no database (mysql://user@host:3306/<database>)`);
  return {
    host: u.hostname || null,
    port: u.port || null,
    user: u.username ? decodeURIComponent(u.username) : null,
    password: u.password ? decodeURIComponent(u.password) : null,
    database,
    socket: u.searchParams.get('socket'),
  };
}

/** The client and dump programs: MariaDB's names when installed, else MySQL's. */
export function mysqlTools(env: Env): { client: string; dump: string } {
  return onPath('mariadb', env) ? { client: 'mariadb', dump: onPath('mariadb-dump', env) ? 'mariadb-dump' : 'mysqldump' } : { client: 'mysql', dump: 'mysqldump' };
}

function connArgs(c: MysqlConnection): string[] {
  const args: string[] = [];
  if (c.socket) args.push(`--socket=${c.socket}`);
  else if (c.host) args.push(`--host=${c.host}`, '--protocol=TCP');
  if (c.port) args.push(`--port=${c.port}`);
  if (c.user) args.push(`--user=${c.user}`);
  return args;
}

export interface MysqlAdapterOptions {
  conn: MysqlConnection;
  env: Env;
  now: () => number;
}

export function mysqlAdapter(opts: MysqlAdapterOptions): DbAdapter {
  const { client, dump } = mysqlTools(opts.env);
  const env: Env = { ...opts.env, ...(opts.conn.password === null ? {} : { MYSQL_PWD: opts.conn.password }) };
  const base = connArgs(opts.conn);
  const sql = (database: string, statement: string, readOnly: boolean, extra: { stdinFile?: string; timeoutMs?: number } = {}): Promise<ExecResult> =>
    execArgv([client, ...base, '--connect-timeout=10', '--batch', '--skip-column-names', ...(statement ? [`--execute=${readOnly ? 'SET SESSION TRANSACTION READ ONLY; ' : ''}${statement}`] : []), ...(database ? [database] : [])], { env, ...extra });

  const countIn = async (database: string, target: CountTarget): Promise<number> => {
    const statement = 'table' in target ? countSql('mysql', target.table) : target.query;
    const r = await sql(database, statement, true);
    if (!ok(r)) throw new StepError(describeExit(r));
    return parseCount(r.stdout, `${client} --execute=${JSON.stringify(statement)}`);
  };

  const tableCounts = async (database: string): Promise<Map<string, number>> => {
    const r = await sql(database, `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1`, true);
    if (!ok(r)) throw new StepError(describeExit(r));
    const counts = new Map<string, number>();
    for (const table of r.stdout.split('\n').filter(Boolean)) counts.set(table, await countIn(database, { table: [table] }));
    return counts;
  };

  return {
    kind: 'mysql',
    label: `mysql://${opts.conn.user ? `${opts.conn.user}@` : ''}${opts.conn.host ?? 'localhost'}${opts.conn.port ? `:${opts.conn.port}` : ''}/${opts.conn.database}`,
    ext: 'sql',
    dbFile: null,
    tools: [client, dump],
    count: (target) => countIn(opts.conn.database, target),
    async backup(file, timeoutMs) {
      const r = await execArgv([dump, ...base, '--single-transaction', '--hex-blob', '--no-tablespaces', `--result-file=${file}`, opts.conn.database], { env, timeoutMs });
      if (!ok(r)) throw new StepError(describeExit(r, timeoutMs));
    },
    check: (file) => checkMysqlDump(file),
    async fullCheck(file, timeoutMs) {
      const scratch = scratchName(opts.now());
      const created = await sql('', `CREATE DATABASE ${quoteIdent('mysql', scratch)}`, false);
      if (!ok(created)) throw new StepError(`could not create the scratch database ${scratch} for the full restore check: ${describeExit(created)}`);
      try {
        const r = await sql(scratch, '', false, { stdinFile: file, timeoutMs });
        if (!ok(r)) throw new StepError(`restoring into the scratch database ${scratch} failed: ${describeExit(r, timeoutMs)}`);
        const [live, restored] = [await tableCounts(opts.conn.database), await tableCounts(scratch)];
        const problems = compareTables(live, restored);
        if (problems.length) throw new StepError(`the restored copy differs from the live database: ${problems.join('; ')}`);
        return `restored into scratch database ${scratch}: ${restored.size} tables, counts equal to live`;
      } finally {
        await sql('', `DROP DATABASE IF EXISTS ${quoteIdent('mysql', scratch)}`, false);
      }
    },
    restoreCommand: (file) => `${shellCommand([client, ...connArgs(opts.conn), ...(opts.conn.password === null ? [] : ['-p']), opts.conn.database])} < ${shellQuote(file)}`,
  };
}

async function readEnds(file: string, n: number): Promise<{ head: string; tail: string; size: number }> {
  const { size } = await stat(file);
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(n, size));
    await fh.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(n, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    return { head: head.toString('utf8'), tail: tail.toString('utf8'), size };
  } finally {
    await fh.close();
  }
}

/**
 * Without a server, the best proof is the dump's own framing: the client's header at the top and the
 * `-- Dump completed` line mysqldump writes only when it finished. A truncated or foreign file fails.
 * `restore_check: full` restores it for real.
 */
export async function checkMysqlDump(file: string): Promise<string> {
  const { head, tail, size } = await readEnds(file, 4096);
  if (!/^-- (MariaDB|MySQL) dump/m.test(head)) throw new StepError(`${file} does not start like a mysqldump/mariadb-dump file (no "-- MariaDB dump" / "-- MySQL dump" header)`);
  if (!/-- Dump completed/.test(tail)) throw new StepError(`${file} does not end with "-- Dump completed": the dump is truncated (or made with --skip-comments; use restore_check: full then)`);
  return `dump framing complete (${size} bytes, header and "Dump completed" trailer)`;
}

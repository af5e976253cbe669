/**
 * Quoting, pure. Commands bosun runs itself are spawned with argv arrays and need none of this; these
 * functions render commands for a person to paste (the restore command) and SQL identifiers for the
 * count queries sent to psql, mariadb and SQLite as one argument.
 */

/** POSIX shell single-quoting: safe for any byte string but NUL. Plain words stay bare. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new RangeError('a shell argument cannot contain NUL');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite';

/** One identifier: `"a""b"` (PostgreSQL, SQLite) or `` `a``b` `` (MySQL/MariaDB). */
export function quoteIdent(dialect: SqlDialect, name: string): string {
  if (name === '' || name.includes('\0')) throw new RangeError(`not an SQL identifier: ${JSON.stringify(name)}`);
  return dialect === 'mysql' ? `\`${name.replaceAll('`', '``')}\`` : `"${name.replaceAll('"', '""')}"`;
}

/** A table, optionally schema-qualified (`[schema, table]`), quoted part by part. */
export function quoteTable(dialect: SqlDialect, parts: readonly string[]): string {
  return parts.map((p) => quoteIdent(dialect, p)).join('.');
}

/** `SELECT count(*) FROM <table>` with the table quoted: a table name is never SQL. */
export function countSql(dialect: SqlDialect, table: readonly string[]): string {
  return `SELECT count(*) FROM ${quoteTable(dialect, table)}`;
}

/** A string literal for SQLite's and PostgreSQL's SQL: `'it''s'`. */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new RangeError('an SQL string cannot contain NUL');
  return `'${value.replaceAll("'", "''")}'`;
}

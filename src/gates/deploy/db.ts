/** What the pipeline needs from a database, whatever its kind; implemented by db-postgres, db-mysql, db-sqlite. */
import type { CountTarget, DbKind } from './types.ts';

/** An expected failure of a step (a dump that failed, a backup that does not restore): reported, not a bug. */
export class StepError extends Error {
  /** What the step saw (the CI verdict, the counts), kept in the ledger. */
  readonly details: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.name = 'StepError';
    this.details = details;
  }
}

export interface DbAdapter {
  kind: DbKind;
  /** The database as shown to people and in the ledger: never a password. */
  label: string;
  /** Extension of its backup files. */
  ext: string;
  /** The SQLite file (symlinks resolved), for the backup-location rules; null for servers. */
  dbFile: string | null;
  /** Executables it runs (checked by --dry-run). */
  tools: string[];
  /** An exact count, in a read-only session. */
  count(target: CountTarget): Promise<number>;
  /** Writes a backup to `file`. */
  backup(file: string, timeoutMs: number): Promise<void>;
  /** Proves `file` restorable without touching the database; says how. */
  check(file: string, timeoutMs: number): Promise<string>;
  /** Restores `file` into a scratch database, compares every table's count with the live one, drops it. */
  fullCheck(file: string, timeoutMs: number): Promise<string>;
  /** The command a person runs to put `file` back. */
  restoreCommand(file: string): string;
}

/** Parses one count printed by a client: a single non-negative integer and nothing else. */
export function parseCount(output: string, what: string): number {
  const text = output.trim();
  if (!/^\d+$/.test(text)) throw new StepError(`${what} did not return one count${text ? `: got ${JSON.stringify(text.slice(0, 200))}` : ' (no rows)'}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new StepError(`${what} returned ${text}, too large to compare exactly`);
  return n;
}

/** Compares per-table counts of the live database and a restored copy. */
export function compareTables(live: ReadonlyMap<string, number>, restored: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  for (const [table, n] of live) {
    const r = restored.get(table);
    if (r === undefined) problems.push(`${table} is missing from the restored copy`);
    else if (r !== n) problems.push(`${table}: ${n} rows live, ${r} restored`);
  }
  for (const table of restored.keys()) if (!live.has(table)) problems.push(`${table} is in the restored copy but not live`);
  return problems;
}

/** `bosun_restore_check_<time>_<random>`: a scratch database name nobody else uses. */
export function scratchName(now: number): string {
  return `bosun_restore_check_${now.toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

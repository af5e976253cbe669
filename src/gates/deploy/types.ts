/** Types of the deploy pipeline (issue 5 §4): the parsed `deploy.<env>` and what each step reports. */
import type { CiConfig } from '../ci/index.ts';
import type { CountRule } from './rules.ts';

export type DbKind = 'postgres' | 'mysql' | 'sqlite';

/** A connection string as written, or `$NAME` / `${NAME}`: read from the environment when the deploy runs. */
export type Conn = { literal: string } | { envVar: string };

/** `conn` of a SQLite database is its file path (relative to the repository root, or `$VAR`). */
export interface DatabaseSpec {
  kind: DbKind;
  conn: Conn;
  keyPath: string;
}

export type RestoreCheck = 'basic' | 'full';

interface BackupCommon {
  /** Directory for backups as written (`~/…` allowed); null: `$BOSUN_HOME/backups/<repo>/<env>`. */
  to: string | null;
  restoreCheck: RestoreCheck;
  timeoutSeconds: number;
}

export type BackupSpec =
  | (BackupCommon & { source: 'database'; db: DatabaseSpec })
  | (BackupCommon & {
      source: 'command';
      /** Writes the backup to $BOSUN_BACKUP_FILE. */
      command: string;
      /** What the file is, so bosun can prove it restorable with the matching tool. */
      format: DbKind | null;
      /** Exits 0 when $BOSUN_BACKUP_FILE is restorable. */
      check: string | null;
      /** Restores $BOSUN_BACKUP_FILE: printed after a failure. */
      restore: string | null;
    });

export type CountTarget = { table: string[] } | { query: string };

export interface CountSpec {
  name: string;
  target: CountTarget;
  rule: CountRule;
  /** The rule as written, for plans and the ledger. */
  ruleText: string;
}

export interface CommandSpec {
  command: string;
  timeoutSeconds: number;
}

export interface DeployEnv {
  name: string;
  /** `deploy.staging`. */
  keyPath: string;
  /** `agents: allowed`: agent sessions may deploy this environment. */
  agentsAllowed: boolean;
  /** null: `ci: false`, deployed without asking CI (said out loud in the plan and the ledger). */
  ci: CiConfig | null;
  backup: BackupSpec | null;
  /** Where counts are taken: `database`, else the backed-up database. */
  database: DatabaseSpec | null;
  counts: CountSpec[];
  run: CommandSpec;
  smoke: CommandSpec | null;
}

export const STEPS = ['ci', 'backup', 'counts', 'run', 'verify', 'smoke'] as const;
export type StepName = (typeof STEPS)[number];

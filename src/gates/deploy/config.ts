/**
 * `deploy.<env>` from the fleet file (free-form there): parsed and checked here, every problem collected
 * with its key path and thrown together as E_DEPLOY_CONFIG (exit 3). Pure.
 */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { suggest } from '../../shared/suggest.ts';
import { parseCiConfig, type CiConfig } from '../ci/index.ts';
import { parseCountRule } from './rules.ts';
import type { BackupSpec, CommandSpec, Conn, CountSpec, DatabaseSpec, DbKind, DeployEnv, RestoreCheck } from './types.ts';

const ENV_KEYS = ['agents', 'ci', 'backup', 'database', 'counts', 'run', 'smoke'] as const;
const DB_KEYS = ['postgres', 'mysql', 'mariadb', 'sqlite'] as const;
const BACKUP_KEYS = [...DB_KEYS, 'command', 'format', 'check', 'restore', 'to', 'restore_check', 'timeout_seconds'] as const;
const COUNT_KEYS = ['table', 'query', 'expect'] as const;
const COMMAND_KEYS = ['command', 'timeout_seconds'] as const;
const FORMATS: readonly DbKind[] = ['postgres', 'mysql', 'sqlite'];
/** `bosun deploy log` lists deploys, so no environment may be called that. */
export const RESERVED_ENV_NAMES = ['log'] as const;

export const DEFAULT_TIMEOUTS = { backup: 3600, run: 3600, smoke: 600 } as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${String(v)}`;
}

class Issues {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  unknownKeys(obj: Obj, path: string, known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const close = suggest(key, known);
      this.add(`${path}.${key}`, `unknown key${close ? ` (did you mean "${close}"?)` : ''}; known: ${known.join(', ')}`);
    }
  }
}

function deployConfigError(file: string, issues: readonly string[]): BosunError {
  return new BosunError({
    code: 'E_DEPLOY_CONFIG',
    message: `invalid deploy configuration in ${file}:\n${issues.map((i) => `  ${i}`).join('\n')}`,
    hint: 'Fix the keys named above (docs/gates.md, "Deploy", shows every key), then check with `bosun deploy <env> --dry-run`.',
    exitCode: EXIT.config,
    details: issues,
  });
}

function text(issues: Issues, v: unknown, path: string): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  issues.add(path, `expected a non-empty string, got ${describe(v)}`);
  return null;
}

function seconds(issues: Issues, v: unknown, path: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 7 * 24 * 3600) return v;
  issues.add(path, `expected a whole number of seconds (1 to 604800), got ${describe(v)}`);
  return fallback;
}

function conn(value: string): Conn {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(value);
  return m ? { envVar: (m[1] ?? m[2])! } : { literal: value };
}

function connection(issues: Issues, kind: DbKind, raw: unknown, path: string): DatabaseSpec | null {
  const value = text(issues, raw, path);
  if (value === null) return null;
  const c = conn(value);
  if (kind !== 'sqlite' && 'literal' in c) {
    const schemes = kind === 'postgres' ? ['postgres:', 'postgresql:'] : ['mysql:', 'mariadb:'];
    const keyValue = kind === 'postgres' && /^\s*\w+\s*=/.test(value);
    let ok = keyValue;
    try {
      ok ||= schemes.includes(new URL(value).protocol);
    } catch {
      // not a URL: reported below
    }
    if (!ok) issues.add(path, `expected a ${schemes.map((s) => `${s}//`).join(' or ')} URL${kind === 'postgres' ? ' (or a key=value connection string)' : ''}, or $VAR to read it from the environment; got ${describe(value)}`);
  }
  return { kind, conn: c, keyPath: path };
}

/** The one database key (`postgres`, `mysql`/`mariadb`, `sqlite`) of a mapping, or null when it has none. */
function databaseIn(issues: Issues, obj: Obj, path: string): DatabaseSpec | null | undefined {
  const present = DB_KEYS.filter((k) => obj[k] !== undefined);
  if (present.length === 0) return undefined;
  if (present.length > 1) issues.add(path, `names ${present.join(' and ')}: one database per environment`);
  const key = present[0]!;
  return connection(issues, key === 'mariadb' ? 'mysql' : key, obj[key], `${path}.${key}`);
}

function command(issues: Issues, raw: unknown, path: string, fallback: number): CommandSpec | null {
  if (typeof raw === 'string') {
    const c = text(issues, raw, path);
    return c === null ? null : { command: c, timeoutSeconds: fallback };
  }
  if (!isObj(raw)) {
    issues.add(path, `expected a command (a string) or { command, timeout_seconds }, got ${describe(raw)}`);
    return null;
  }
  issues.unknownKeys(raw, path, COMMAND_KEYS);
  const c = text(issues, raw['command'], `${path}.command`);
  const timeoutSeconds = seconds(issues, raw['timeout_seconds'], `${path}.timeout_seconds`, fallback);
  return c === null ? null : { command: c, timeoutSeconds };
}

function backup(issues: Issues, raw: unknown, path: string): BackupSpec | null {
  if (!isObj(raw)) {
    issues.add(path, `expected a mapping like { postgres: "postgresql://…" } (or mysql:, sqlite:, command:), got ${describe(raw)}`);
    return null;
  }
  issues.unknownKeys(raw, path, BACKUP_KEYS);
  const to = raw['to'] === undefined ? null : text(issues, raw['to'], `${path}.to`);
  if (to !== null && !to.startsWith('/') && !to.startsWith('~/') && !to.startsWith('$BOSUN_HOME/')) {
    issues.add(`${path}.to`, `expected an absolute directory (or ~/…, $BOSUN_HOME/…) outside the repository, got ${describe(to)}`);
  }
  let restoreCheck: RestoreCheck = 'basic';
  const rc = raw['restore_check'];
  if (rc === 'full') restoreCheck = 'full';
  else if (rc !== undefined && rc !== 'basic' && rc !== 'list') issues.add(`${path}.restore_check`, `expected basic or full, got ${describe(rc)}`);
  const common = { to, restoreCheck, timeoutSeconds: seconds(issues, raw['timeout_seconds'], `${path}.timeout_seconds`, DEFAULT_TIMEOUTS.backup) };

  const db = databaseIn(issues, raw, path);
  if (raw['command'] === undefined) {
    for (const k of ['format', 'check', 'restore'] as const) if (raw[k] !== undefined) issues.add(`${path}.${k}`, 'applies to a command: backup only');
    if (db === undefined) issues.add(path, 'says nothing to back up: give one of postgres, mysql, sqlite or command');
    return db ? { ...common, source: 'database', db } : null;
  }
  if (db !== undefined) issues.add(path, 'has both a database and a command: choose one (set `database:` on the environment for counts)');
  const cmd = text(issues, raw['command'], `${path}.command`);
  const format = raw['format'] === undefined ? null : (raw['format'] as DbKind);
  if (format !== null && !FORMATS.includes(format)) issues.add(`${path}.format`, `expected one of ${FORMATS.join(', ')}, got ${describe(raw['format'])}`);
  const check = raw['check'] === undefined ? null : text(issues, raw['check'], `${path}.check`);
  const restore = raw['restore'] === undefined ? null : text(issues, raw['restore'], `${path}.restore`);
  if (format === null && check === null) {
    issues.add(path, 'a command backup must be provable: say what the file is (format: postgres|mysql|sqlite) or give check: <a command that exits 0 when $BOSUN_BACKUP_FILE restores>');
  }
  return cmd === null ? null : { ...common, source: 'command', command: cmd, format, check, restore };
}

function counts(issues: Issues, raw: unknown, path: string): CountSpec[] {
  if (raw === undefined) return [];
  if (!isObj(raw)) {
    issues.add(path, `expected a mapping of table → rule, like { users: no-decrease, orders: "+-5%" }, got ${describe(raw)}`);
    return [];
  }
  const out: CountSpec[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const at = `${path}.${name}`;
    let ruleRaw: unknown = value;
    let tableName = name;
    let query: string | null = null;
    if (isObj(value)) {
      issues.unknownKeys(value, at, COUNT_KEYS);
      ruleRaw = value['expect'];
      if (value['table'] !== undefined && value['query'] !== undefined) issues.add(at, 'has both table and query: choose one');
      if (value['table'] !== undefined) tableName = text(issues, value['table'], `${at}.table`) ?? name;
      if (value['query'] !== undefined) query = text(issues, value['query'], `${at}.query`);
      if (ruleRaw === undefined) issues.add(`${at}.expect`, 'missing: say what the count may do (no-decrease, unchanged, +-N%, +N..M)');
    }
    if (ruleRaw === undefined) continue;
    if (typeof ruleRaw !== 'string') {
      issues.add(isObj(value) ? `${at}.expect` : at, `expected a count rule (no-decrease, unchanged, +-N%, +N..M), got ${describe(ruleRaw)}`);
      continue;
    }
    const rule = parseCountRule(ruleRaw);
    if (!rule.ok) {
      issues.add(isObj(value) ? `${at}.expect` : at, rule.message);
      continue;
    }
    if (query !== null) {
      out.push({ name, target: { query: query.replace(/;\s*$/, '') }, rule: rule.rule, ruleText: ruleRaw.trim() });
      continue;
    }
    const parts = tableName.split('.');
    if (parts.length > 2 || parts.some((p) => p === '' || p.includes('\0'))) {
      issues.add(at, `"${tableName}" is not a table name: write table or schema.table (use { query: … } for anything else)`);
      continue;
    }
    out.push({ name, target: { table: parts }, rule: rule.rule, ruleText: ruleRaw.trim() });
  }
  return out;
}

/** `deploy.<env>.ci`: a mapping (over `gates.ci` when it names the same provider), `true` for `gates.ci`, `false` for none. */
function ci(issues: Issues, raw: unknown, gatesCi: unknown, path: string): CiConfig | null {
  if (raw === false) return null;
  let value: unknown = raw;
  let keyPath = path;
  if (raw === undefined || raw === true) {
    if (gatesCi === undefined) {
      issues.add(path, 'missing: a deploy starts by asking CI about the exact commit; set ci: { provider: local, required: [test] } (or gates.ci), or ci: false to deploy without CI');
      return null;
    }
    value = gatesCi;
    keyPath = 'gates.ci';
  } else if (isObj(raw) && isObj(gatesCi) && (raw['provider'] === undefined || raw['provider'] === gatesCi['provider'])) {
    value = { ...gatesCi, ...raw };
  }
  try {
    return parseCiConfig(value, keyPath);
  } catch (err) {
    if (err instanceof BosunError && Array.isArray(err.details)) for (const d of err.details) issues.list.push(String(d));
    else throw err;
    return null;
  }
}

export interface ParseDeployOptions {
  /** The fleet's `deploy` mapping. */
  deploy: Readonly<Record<string, unknown>> | undefined;
  /** The fleet's `gates.ci`, inherited by `deploy.<env>.ci`. */
  gatesCi: unknown;
  env: string;
  /** The fleet file as shown in messages. */
  file: string;
}

export function deployEnvNames(deploy: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.keys(deploy ?? {});
}

export function parseDeployEnv(opts: ParseDeployOptions): DeployEnv {
  const names = deployEnvNames(opts.deploy);
  const raw = opts.deploy?.[opts.env];
  const path = `deploy.${opts.env}`;
  if (raw === undefined) {
    const close = suggest(opts.env, names);
    throw new BosunError({
      code: 'E_DEPLOY_UNKNOWN_ENV',
      message: names.length
        ? `no environment "${opts.env}" under deploy in ${opts.file}${close ? ` (did you mean "${close}"?)` : ''}; known: ${names.join(', ')}`
        : `${opts.file} configures no deploy environments (no deploy: key)`,
      hint: names.length ? 'Run `bosun deploy <env>` with one of the names above.' : 'Add deploy: { staging: { ci: …, backup: …, run: … } } to the fleet file (docs/gates.md, "Deploy").',
      exitCode: names.length ? EXIT.usage : EXIT.config,
    });
  }
  const issues = new Issues();
  if ((RESERVED_ENV_NAMES as readonly string[]).includes(opts.env)) issues.add(path, `"${opts.env}" is reserved (bosun deploy ${opts.env} is a command): rename the environment`);
  if (!isObj(raw)) throw deployConfigError(opts.file, [`${path}: expected a mapping with run: and usually ci:, backup:, counts:, smoke:, got ${describe(raw)}`]);
  issues.unknownKeys(raw, path, ENV_KEYS);

  const agents = raw['agents'];
  if (agents !== undefined && agents !== 'allowed' && agents !== 'refused') issues.add(`${path}.agents`, `expected allowed or refused, got ${describe(agents)}`);
  const ciConfig = ci(issues, raw['ci'], opts.gatesCi, `${path}.ci`);
  const backupSpec = raw['backup'] === undefined ? null : backup(issues, raw['backup'], `${path}.backup`);
  let database: DatabaseSpec | null = null;
  if (raw['database'] !== undefined) {
    if (!isObj(raw['database'])) issues.add(`${path}.database`, `expected a mapping like { postgres: "postgresql://…" }, got ${describe(raw['database'])}`);
    else {
      issues.unknownKeys(raw['database'], `${path}.database`, DB_KEYS);
      database = databaseIn(issues, raw['database'], `${path}.database`) ?? null;
      if (database === null) issues.add(`${path}.database`, 'names no database: give one of postgres, mysql, sqlite');
      else if (backupSpec?.source === 'database' && (backupSpec.db.kind !== database.kind || JSON.stringify(backupSpec.db.conn) !== JSON.stringify(database.conn))) {
        // Counts and restore proofs must be about the database that was backed up: two different ones is a mistake.
        issues.add(`${path}.database`, 'names a different database than backup: does; the counts and the restore must be about the database backed up — remove database: (backup: already names it)');
      }
    }
  } else if (backupSpec?.source === 'database') database = backupSpec.db;
  const countSpecs = counts(issues, raw['counts'], `${path}.counts`);
  if (countSpecs.length > 0 && database === null) issues.add(`${path}.counts`, 'needs a database to count in: back one up (backup: { postgres: … }) or name it (database: { postgres: … })');
  if (backupSpec?.source === 'command' && backupSpec.restoreCheck === 'full' && (backupSpec.format === null || backupSpec.format !== database?.kind)) {
    issues.add(`${path}.backup.restore_check`, 'full needs format: and a database: of the same kind to restore into a scratch copy of');
  }
  const run = raw['run'] === undefined ? null : command(issues, raw['run'], `${path}.run`, DEFAULT_TIMEOUTS.run);
  if (raw['run'] === undefined) issues.add(`${path}.run`, 'missing: the deploy command (like ./scripts/deploy.sh)');
  const smoke = raw['smoke'] === undefined ? null : command(issues, raw['smoke'], `${path}.smoke`, DEFAULT_TIMEOUTS.smoke);

  if (issues.list.length || run === null) throw deployConfigError(opts.file, issues.list);
  return { name: opts.env, keyPath: path, agentsAllowed: agents === 'allowed', ci: ciConfig, backup: backupSpec, database, counts: countSpecs, run, smoke };
}

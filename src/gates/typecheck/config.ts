/**
 * `gates.pre_commit` and `gates.typecheck` in the fleet file. Pure: validates the free-form `gates` mapping's
 * two keys this gate owns, collecting every problem with its key path (other `gates.*` keys belong to other
 * gates and are left alone).
 *
 * ```yaml
 * gates:
 *   typecheck: { enabled: true, projects: [tsconfig.json, "packages/*\/tsconfig.json"] }
 *   pre_commit:
 *     - glob: "**\/*.py"                       # or a list of globs
 *       run: python -m py_compile {files}     # {files}: the matching changed files, shell-quoted;
 *                                             # without {files} it runs once as written (cargo check)
 *       name: py-compile                      # optional, for messages
 *       timeout: 300                          # seconds, optional (default 600)
 * ```
 */
import type { JsonObject, JsonValue } from '../../fleet/index.ts';
import { suggest } from '../../shared/suggest.ts';

export interface PreCommitCommand {
  name: string;
  globs: string[];
  run: string;
  timeoutMs: number;
}

export interface TypecheckSettings {
  enabled: boolean;
  /** tsconfig paths or globs: the projects bosun considers instead of every tsconfig.json; null = discover. */
  projects: string[] | null;
}

export interface GateSettings {
  typecheck: TypecheckSettings;
  commands: PreCommitCommand[];
}

export type GateSettingsResult = { ok: true; settings: GateSettings } | { ok: false; issues: string[] };

const DEFAULT_TIMEOUT_S = 600;
const COMMAND_KEYS = ['glob', 'run', 'name', 'timeout'];
const TYPECHECK_KEYS = ['enabled', 'projects'];

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: JsonValue | undefined): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

function unknownKeys(obj: JsonObject, known: readonly string[], at: string, issues: string[]): void {
  for (const k of Object.keys(obj)) {
    if (known.includes(k)) continue;
    const s = suggest(k, known);
    issues.push(`${at}.${k}: unknown key${s ? ` (did you mean "${s}"?)` : ''}; expected one of ${known.join(', ')}`);
  }
}

function stringList(v: JsonValue | undefined, at: string, issues: string[]): string[] | null {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || !list.every((g) => typeof g === 'string' && g.trim() !== '')) {
    issues.push(`${at}: expected a glob or a non-empty list of globs, got ${describe(v)}`);
    return null;
  }
  return list as string[];
}

function parseTypecheck(v: JsonValue | undefined, issues: string[]): TypecheckSettings {
  const out: TypecheckSettings = { enabled: true, projects: null };
  if (v === undefined) return out;
  if (typeof v === 'boolean') return { ...out, enabled: v };
  if (!isObject(v)) {
    issues.push(`gates.typecheck: expected a mapping like { enabled: true, projects: [tsconfig.json] } or true/false, got ${describe(v)}`);
    return out;
  }
  unknownKeys(v, TYPECHECK_KEYS, 'gates.typecheck', issues);
  if (v['enabled'] !== undefined) {
    if (typeof v['enabled'] === 'boolean') out.enabled = v['enabled'];
    else issues.push(`gates.typecheck.enabled: expected true or false, got ${describe(v['enabled'])}`);
  }
  if (v['projects'] !== undefined) out.projects = stringList(v['projects'], 'gates.typecheck.projects', issues);
  return out;
}

function parseCommand(v: JsonValue, i: number, issues: string[]): PreCommitCommand | null {
  const at = `gates.pre_commit[${i}]`;
  if (!isObject(v)) {
    issues.push(`${at}: expected a mapping like { glob: "**/*.py", run: "python -m py_compile {files}" }, got ${describe(v)}`);
    return null;
  }
  const before = issues.length;
  unknownKeys(v, COMMAND_KEYS, at, issues);
  const globs = v['glob'] === undefined ? (issues.push(`${at}.glob: missing (the staged files the command checks, e.g. "**/*.py")`), null) : stringList(v['glob'], `${at}.glob`, issues);
  const run = v['run'];
  if (typeof run !== 'string' || run.trim() === '') issues.push(`${at}.run: expected a shell command (use {files} for the matching files), got ${describe(run)}`);
  const name = v['name'];
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) issues.push(`${at}.name: expected a non-empty string, got ${describe(name)}`);
  const timeout = v['timeout'];
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) issues.push(`${at}.timeout: expected a number of seconds > 0, got ${JSON.stringify(timeout)}`);
  if (issues.length > before || globs === null || typeof run !== 'string') return null;
  return {
    name: typeof name === 'string' ? name : run.split(/\s+/).slice(0, 3).join(' '),
    globs,
    run,
    timeoutMs: (typeof timeout === 'number' ? timeout : DEFAULT_TIMEOUT_S) * 1000,
  };
}

export function parseGateSettings(gates: JsonObject | undefined): GateSettingsResult {
  const issues: string[] = [];
  const typecheck = parseTypecheck(gates?.['typecheck'], issues);
  const commands: PreCommitCommand[] = [];
  const pc = gates?.['pre_commit'];
  if (pc !== undefined && pc !== null) {
    if (!Array.isArray(pc)) issues.push(`gates.pre_commit: expected a list of { glob, run } mappings, got ${describe(pc)}`);
    else pc.forEach((c, i) => {
      const cmd = parseCommand(c, i, issues);
      if (cmd) commands.push(cmd);
    });
  }
  return issues.length ? { ok: false, issues } : { ok: true, settings: { typecheck, commands } };
}

/** POSIX shell quoting of one argument. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command line with `{files}` replaced; a command without `{files}` (`cargo check`) runs as written. */
export function expandCommand(run: string, files: readonly string[]): string {
  return run.split('{files}').join(files.map(shellQuote).join(' '));
}

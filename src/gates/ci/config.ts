/**
 * `gates.ci` (and `deploy.<env>.ci`) from the fleet file, which keeps both as free-form data: parsed here,
 * every problem collected with its key path, and thrown as one E_CI_CONFIG (exit 3). Pure.
 */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { suggest } from '../../shared/suggest.ts';
import type { CiConfig, CiProviderName } from './types.ts';

const PROVIDERS: readonly CiProviderName[] = ['github', 'gitlab', 'local'];

const KEYS: Record<CiProviderName, readonly string[]> = {
  github: ['provider', 'required', 'api_url', 'repository', 'token_env', 'branch'],
  gitlab: ['provider', 'required', 'api_url', 'project_id', 'token_env'],
  local: ['provider', 'required'],
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Secrets pasted where the variable's name belongs: GitHub (ghp_, github_pat_…) and GitLab (glpat-…) token shapes. */
const TOKEN_LIKE = /^(?:gh[pousr]_|github_pat_|glpat-)/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${String(v)}`;
}

function httpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function ciConfigError(keyPath: string, issues: readonly string[]): BosunError {
  return new BosunError({
    code: 'E_CI_CONFIG',
    message: `invalid CI configuration at ${keyPath}:\n${issues.map((i) => `  ${i}`).join('\n')}`,
    hint: `Fix ${keyPath} in .bosun/fleet.yaml, e.g. ${keyPath.split('.').at(-1) ?? 'ci'}: { provider: github, required: [test, lint] } (see docs/gates.md, "CI status").`,
    exitCode: EXIT.config,
    details: issues,
  });
}

/** Validates the CI configuration at `keyPath` (e.g. `gates.ci`, `deploy.staging.ci`); throws E_CI_CONFIG listing every problem. */
export function parseCiConfig(value: unknown, keyPath: string): CiConfig {
  const issues: string[] = [];
  const at = (key: string): string => `${keyPath}.${key}`;
  if (!isRecord(value)) throw ciConfigError(keyPath, [`${keyPath}: expected a mapping like { provider: github, required: [test] }, got ${describe(value)}`]);

  const provider = value['provider'];
  if (typeof provider !== 'string' || !(PROVIDERS as readonly string[]).includes(provider)) {
    const hint = typeof provider === 'string' ? suggest(provider, PROVIDERS) : undefined;
    const got = provider === undefined ? 'nothing' : describe(provider);
    throw ciConfigError(keyPath, [`${at('provider')}: expected one of ${PROVIDERS.join(', ')}, got ${got}${hint ? ` (did you mean ${hint}?)` : ''}`]);
  }
  const name = provider as CiProviderName;

  for (const key of Object.keys(value)) {
    if (KEYS[name].includes(key)) continue;
    const close = suggest(key, KEYS[name]);
    const elsewhere = PROVIDERS.filter((p) => p !== name && KEYS[p].includes(key));
    const why = close ? ` (did you mean ${close}?)` : elsewhere.length ? ` (it belongs to provider ${elsewhere.join('/')})` : '';
    issues.push(`${at(key)}: unknown key for provider ${name}${why}; known: ${KEYS[name].join(', ')}`);
  }

  const required: string[] = [];
  const raw = value['required'];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) issues.push(`${at('required')}: expected a list of check names, got ${describe(raw)}`);
    else {
      raw.forEach((item, i) => {
        if (typeof item !== 'string' || item.trim() === '') issues.push(`${at('required')}[${i}]: expected a check name, got ${describe(item)}`);
        else if (required.includes(item.trim())) issues.push(`${at('required')}[${i}]: "${item}" is listed twice`);
        else required.push(item.trim());
      });
    }
  }
  if (name === 'local' && raw !== undefined && Array.isArray(raw) && raw.length === 0) issues.push(`${at('required')}: the local provider needs at least one check name (what \`bosun ci record <check> …\` records)`);
  if (name === 'local' && (raw === undefined || raw === null)) issues.push(`${at('required')}: missing; the local provider needs the names of the checks \`bosun ci record\` records, e.g. required: [test]`);

  const str = (key: string, check?: (v: string) => string | null): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      issues.push(`${at(key)}: expected a non-empty string, got ${describe(v)}`);
      return undefined;
    }
    const problem = check?.(v.trim());
    if (problem) {
      issues.push(`${at(key)}: ${problem}`);
      return undefined;
    }
    return v.trim();
  };
  const url = (v: string): string | null => (httpUrl(v) ? null : `expected an http(s) URL, got ${JSON.stringify(v)}`);
  const envName = (v: string): string | null => (ENV_NAME.test(v) && !TOKEN_LIKE.test(v) ? null : `expected the NAME of an environment variable holding the token (never the token itself), got ${JSON.stringify(v.length > 12 ? `${v.slice(0, 4)}…` : v)}`);

  if (name === 'github') {
    const apiUrl = str('api_url', url);
    const repository = str('repository', (v) => (GITHUB_REPOSITORY.test(v) ? null : `expected owner/name, got ${JSON.stringify(v)}`));
    const tokenEnv = str('token_env', envName);
    const branch = str('branch');
    if (issues.length) throw ciConfigError(keyPath, issues);
    return { provider: 'github', keyPath, required, ...(apiUrl ? { apiUrl } : {}), ...(repository ? { repository } : {}), ...(tokenEnv ? { tokenEnv } : {}), ...(branch ? { branch } : {}) };
  }
  if (name === 'gitlab') {
    const apiUrl = str('api_url', url);
    const rawId = value['project_id'];
    let projectId: string | undefined;
    if (typeof rawId === 'number') {
      if (Number.isSafeInteger(rawId) && rawId > 0) projectId = String(rawId);
      else issues.push(`${at('project_id')}: expected a project number (> 0) or a group/project path, got ${rawId}`);
    } else projectId = str('project_id');
    const tokenEnv = str('token_env', envName);
    if (issues.length) throw ciConfigError(keyPath, issues);
    return { provider: 'gitlab', keyPath, required, ...(apiUrl ? { apiUrl } : {}), ...(projectId ? { projectId } : {}), ...(tokenEnv ? { tokenEnv } : {}) };
  }
  if (issues.length) throw ciConfigError(keyPath, issues);
  return { provider: 'local', keyPath, required };
}

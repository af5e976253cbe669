/**
 * GitHub: commit statuses AND check runs for the exact SHA (the combined-status endpoint is not used: it
 * ignores check runs, so GitHub Actions, and says `pending` when nothing reported). Both are paginated.
 * Required checks come from the configuration, else from branch protection and rulesets; with neither, fail closed.
 */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { getJson, getPages, type ApiClient } from './http.ts';
import { originUrl, parseRemoteUrl, webHost } from './remote.ts';
import type { CheckState, CiVerdict, GithubCiConfig, Observation } from './types.ts';
import { buildVerdict, shortSha } from './verdict.ts';
import type { ProviderOptions } from './provider.ts';

const DEFAULT_API = 'https://api.github.com';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function githubRepository(cfg: GithubCiConfig, env: ProviderOptions['env'], root: string, base: string): string {
  const fromEnv = str(env['GITHUB_REPOSITORY']);
  if (cfg.repository) return cfg.repository;
  if (fromEnv) return fromEnv;
  const origin = originUrl(root);
  const remote = origin ? parseRemoteUrl(origin) : null;
  if (remote && remote.host === webHost(base) && remote.path.split('/').length === 2) return remote.path;
  throw new BosunError({
    code: 'E_CI_REPOSITORY',
    message: `which GitHub repository? Neither ${cfg.keyPath ?? 'gates.ci'}.repository nor GITHUB_REPOSITORY is set${origin ? `, and remote "origin" (${origin}) is not on ${webHost(base)}` : ', and there is no remote "origin"'}`,
    hint: `Set ${cfg.keyPath ?? 'gates.ci'}.repository: owner/name in .bosun/fleet.yaml (or export GITHUB_REPOSITORY=owner/name).`,
    exitCode: EXIT.environment,
  });
}

/** The SHA a status belongs to, from its `url` (…/statuses/<sha>), when it says. */
function statusSha(s: Record<string, unknown>): string | undefined {
  const m = /\/statuses\/([0-9a-f]{40}|[0-9a-f]{64})$/i.exec(str(s['url']) ?? '');
  return m?.[1]?.toLowerCase();
}

const STATUS_STATES: Record<string, CheckState> = { success: 'success', failure: 'failure', error: 'error', pending: 'pending' };

/** The latest status per context (GitHub keeps every status ever posted; the newest one counts). */
export function statusObservations(pages: readonly unknown[], sha: string, problems: string[]): Observation[] {
  const latest = new Map<string, { at: string; id: number; obs: Observation }>();
  let others = 0;
  for (const page of pages) {
    if (!Array.isArray(page)) {
      problems.push('GitHub commit statuses: malformed answer (expected a list)');
      return [];
    }
    for (const s of page) {
      const context = isObject(s) ? str(s['context']) : undefined;
      const state = isObject(s) ? STATUS_STATES[String(s['state'])] : undefined;
      if (!isObject(s) || context === undefined || state === undefined) {
        problems.push('GitHub commit statuses: malformed status (no context or an unknown state)');
        continue;
      }
      const forSha = statusSha(s);
      if (forSha !== undefined && forSha !== sha) {
        others++;
        continue;
      }
      const at = str(s['created_at']) ?? '';
      const id = typeof s['id'] === 'number' ? s['id'] : 0;
      const seen = latest.get(context);
      if (seen && (seen.at > at || (seen.at === at && seen.id > id))) continue;
      const url = str(s['target_url']);
      latest.set(context, { at, id, obs: { name: context, state, ...(url ? { url } : {}) } });
    }
  }
  if (others) problems.push(`GitHub returned ${others} status${others === 1 ? '' : 'es'} for another commit than ${shortSha(sha)}; ignored`);
  return [...latest.values()].map((v) => v.obs);
}

function checkRunState(status: string | undefined, conclusion: string | undefined): { state: CheckState; warning?: string } {
  if (status !== 'completed') return { state: 'pending', warning: status ? `status ${status}` : 'no status' };
  switch (conclusion) {
    case 'success':
      return { state: 'success' };
    case 'failure':
    case 'startup_failure':
      return { state: 'failure', ...(conclusion === 'startup_failure' ? { warning: 'startup failure' } : {}) };
    case 'timed_out':
      return { state: 'failure', warning: 'timed out' };
    case 'cancelled':
      return { state: 'cancelled' };
    case 'skipped':
      return { state: 'skipped' };
    case 'neutral':
      return { state: 'neutral' };
    case 'action_required':
      return { state: 'pending', warning: 'action required' };
    case 'stale':
      return { state: 'error', warning: 'stale (never completed)' };
    default:
      return { state: 'error', warning: `unknown conclusion ${JSON.stringify(conclusion ?? null)}` };
  }
}

/** Check runs (GitHub Actions and other apps), latest per name and app. */
export function checkRunObservations(pages: readonly unknown[], sha: string, problems: string[]): Observation[] {
  const latest = new Map<string, { id: number; obs: Observation }>();
  let others = 0;
  let total: number | undefined;
  let seen = 0;
  for (const page of pages) {
    const runs = isObject(page) ? page['check_runs'] : undefined;
    if (!isObject(page) || !Array.isArray(runs)) {
      problems.push('GitHub check runs: malformed answer (expected { check_runs: [...] })');
      return [];
    }
    if (typeof page['total_count'] === 'number') total = page['total_count'];
    for (const r of runs as unknown[]) {
      seen++;
      const name = isObject(r) ? str(r['name']) : undefined;
      if (!isObject(r) || name === undefined) {
        problems.push('GitHub check runs: malformed check run (no name)');
        continue;
      }
      const headSha = str(r['head_sha'])?.toLowerCase();
      if (headSha !== sha) {
        others++;
        continue;
      }
      const app = isObject(r['app']) ? String(r['app']['id'] ?? r['app']['slug'] ?? '') : '';
      const id = typeof r['id'] === 'number' ? r['id'] : 0;
      const key = `${app}\u0000${name}`;
      const prior = latest.get(key);
      if (prior && prior.id > id) continue;
      const { state, warning } = checkRunState(str(r['status']), str(r['conclusion']));
      const url = str(r['html_url']) ?? str(r['details_url']);
      latest.set(key, { id, obs: { name, state, ...(url ? { url } : {}), ...(warning ? { warning } : {}) } });
    }
  }
  if (others) problems.push(`GitHub returned ${others} check run${others === 1 ? '' : 's'} for another commit than ${shortSha(sha)} (head_sha differs); ignored`);
  if (total !== undefined && seen < total) problems.push(`GitHub reported ${total} check runs but its pages held ${seen}; some were not read`);
  return [...latest.values()].map((v) => v.obs);
}

interface RequiredResult {
  names: string[];
  permanent: string[];
  problems: string[];
}

const transient = (r: { rateLimited?: boolean; status?: number }): boolean => r.rateLimited === true || r.status === undefined || r.status >= 500;

/**
 * The required checks of the branch, from classic branch protection and from repository rulesets (either
 * may hold them). Any unread source that might still answer makes the result a transient problem.
 */
async function requiredFromProtection(api: ApiClient, cfg: GithubCiConfig, repoPath: string): Promise<RequiredResult> {
  const where = `${cfg.keyPath ?? 'gates.ci'}.required`;
  const fail = (why: string, isTransient: boolean): RequiredResult => {
    const reason = `${where} is empty and the required checks could not be read from branch protection (${why}): list the checks that must pass in ${where}`;
    return { names: [], permanent: isTransient ? [] : [reason], problems: isTransient ? [reason] : [] };
  };
  let branch = cfg.branch;
  if (!branch) {
    const r = await getJson(api, `${api.base}/repos/${repoPath}`);
    if (!r.ok) return fail(r.reason, transient(r));
    branch = isObject(r.body) ? str(r.body['default_branch']) : undefined;
    if (!branch) return fail('the repository has no default branch', false);
  }
  const b = encodeURIComponent(branch);
  const [classic, rules] = await Promise.all([
    getJson(api, `${api.base}/repos/${repoPath}/branches/${b}/protection/required_status_checks`),
    getJson(api, `${api.base}/repos/${repoPath}/rules/branches/${b}?per_page=100`),
  ]);
  const names = new Set<string>();
  if (classic.ok && isObject(classic.body)) {
    for (const c of Array.isArray(classic.body['contexts']) ? classic.body['contexts'] : []) if (typeof c === 'string' && c) names.add(c);
    for (const c of Array.isArray(classic.body['checks']) ? classic.body['checks'] : []) if (isObject(c) && str(c['context'])) names.add(str(c['context'])!);
  }
  if (rules.ok && Array.isArray(rules.body)) {
    for (const rule of rules.body) {
      if (!isObject(rule) || rule['type'] !== 'required_status_checks' || !isObject(rule['parameters'])) continue;
      const checks = rule['parameters']['required_status_checks'];
      for (const c of Array.isArray(checks) ? checks : []) if (isObject(c) && str(c['context'])) names.add(str(c['context'])!);
    }
  }
  const unread = [classic, rules].filter((r): r is Extract<typeof r, { ok: false }> => !r.ok);
  if (unread.some(transient)) return fail(unread.map((r) => r.reason).join('; '), true);
  if (names.size === 0) {
    const why = unread.length === 2 ? unread.map((r) => r.reason).join('; ') : `neither the branch protection nor the rulesets of "${branch}" require a status check${unread.length ? ` (${unread[0]!.reason})` : ''}`;
    return fail(why, false);
  }
  return { names: [...names], permanent: [], problems: [] };
}

export async function githubStatus(opts: ProviderOptions<GithubCiConfig>): Promise<CiVerdict> {
  const { config: cfg, env, sha } = opts;
  const base = (cfg.apiUrl ?? str(env['GITHUB_API_URL']) ?? DEFAULT_API).replace(/\/+$/, '');
  const repoPath = githubRepository(cfg, env, opts.repo.root, base);
  const tokenEnv = cfg.tokenEnv ?? 'GITHUB_TOKEN';
  const token = str(env[tokenEnv]) ?? (cfg.tokenEnv ? undefined : str(env['GH_TOKEN']));
  const api: ApiClient = {
    fetch: opts.fetch,
    base,
    label: 'GitHub',
    now: opts.now,
    tokenHint: token ? `check that the token in ${tokenEnv} can read ${repoPath} (statuses, checks)` : `no token in ${tokenEnv}: export one that can read ${repoPath}`,
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'bosun-ci-gate',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  };
  const commit = `${base}/repos/${repoPath}/commits/${sha}`;
  const [statuses, runs, required] = await Promise.all([
    getPages(api, `${commit}/statuses?per_page=100`),
    getPages(api, `${commit}/check-runs?per_page=100&filter=latest`),
    cfg.required.length ? Promise.resolve<RequiredResult>({ names: [...cfg.required], permanent: [], problems: [] }) : requiredFromProtection(api, cfg, repoPath),
  ]);
  const problems: string[] = [...required.problems];
  // A commit GitHub does not know, or a refused token, does not get better by waiting.
  const permanent = [...required.permanent];
  const observations: Observation[] = [];
  if (statuses.ok) observations.push(...statusObservations(statuses.pages, sha, problems));
  else (isPermanent(statuses.status) ? permanent : problems).push(statuses.reason);
  if (runs.ok) observations.push(...checkRunObservations(runs.pages, sha, problems));
  else (isPermanent(runs.status) ? permanent : problems).push(runs.reason);
  return buildVerdict({ provider: 'github', sha, required: required.names, observations, problems, permanent });
}

function isPermanent(status: number | undefined): boolean {
  return status === 401 || status === 404 || status === 422;
}

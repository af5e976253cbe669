/**
 * GitLab: the newest pipeline for the exact SHA and its jobs (paginated). A job with `allow_failure` that
 * failed leaves the pipeline `success`; bosun shows it as a warning, and a required job that failed is red
 * whatever its allow_failure says. Without a `required` list, the pipeline's own status is the one check.
 */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { getJson, getPages, type ApiClient } from './http.ts';
import { originUrl, parseRemoteUrl, webHost } from './remote.ts';
import type { CheckState, CiVerdict, GitlabCiConfig, Observation } from './types.ts';
import { buildVerdict, shortSha } from './verdict.ts';
import type { ProviderOptions } from './provider.ts';

const DEFAULT_API = 'https://gitlab.com/api/v4';

/** The whole-pipeline check used when no job is listed in `required`. */
export const PIPELINE_CHECK = 'pipeline';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const STATES: Record<string, CheckState> = {
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
  canceling: 'cancelled',
  skipped: 'skipped',
  manual: 'pending',
  created: 'pending',
  pending: 'pending',
  running: 'pending',
  preparing: 'pending',
  scheduled: 'pending',
  waiting_for_resource: 'pending',
  waiting_for_callback: 'pending',
};

function stateOf(status: string | undefined): { state: CheckState; warning?: string } {
  const state = status === undefined ? undefined : STATES[status];
  if (state === undefined) return { state: 'error', warning: `unknown status ${JSON.stringify(status ?? null)}` };
  if (status === 'manual') return { state, warning: 'manual: waits for someone to run it' };
  return { state };
}

function projectId(cfg: GitlabCiConfig, env: ProviderOptions['env'], root: string, base: string): string {
  if (cfg.projectId) return cfg.projectId;
  const fromEnv = str(env['CI_PROJECT_ID']);
  if (fromEnv) return fromEnv;
  const origin = originUrl(root);
  const remote = origin ? parseRemoteUrl(origin) : null;
  if (remote && remote.host === webHost(base)) return remote.path;
  throw new BosunError({
    code: 'E_CI_PROJECT',
    message: `which GitLab project? Neither ${cfg.keyPath ?? 'gates.ci'}.project_id nor CI_PROJECT_ID is set${origin ? `, and remote "origin" (${origin}) is not on ${webHost(base)}` : ', and there is no remote "origin"'}`,
    hint: `Set ${cfg.keyPath ?? 'gates.ci'}.project_id (the numeric id or group/project) in .bosun/fleet.yaml, or export CI_PROJECT_ID.`,
    exitCode: EXIT.environment,
  });
}

/** Jobs, latest per name (a retried job keeps its name; the newest id counts). */
export function jobObservations(pages: readonly unknown[], required: ReadonlySet<string>, problems: string[]): Observation[] {
  const latest = new Map<string, { id: number; obs: Observation }>();
  for (const page of pages) {
    if (!Array.isArray(page)) {
      problems.push('GitLab jobs: malformed answer (expected a list)');
      return [];
    }
    for (const j of page) {
      const name = isObject(j) ? str(j['name']) : undefined;
      if (!isObject(j) || name === undefined) {
        problems.push('GitLab jobs: malformed job (no name)');
        continue;
      }
      const id = typeof j['id'] === 'number' ? j['id'] : 0;
      const prior = latest.get(name);
      if (prior && prior.id > id) continue;
      const status = str(j['status']);
      const { state, warning } = stateOf(status);
      const allowed = j['allow_failure'] === true && (state === 'failure' || state === 'cancelled');
      const allowWarning = allowed
        ? required.has(name)
          ? `${status} with allow_failure: GitLab still calls the pipeline green, but this job is required`
          : `${status}, allowed to fail (allow_failure): GitLab still calls the pipeline green`
        : undefined;
      const url = str(j['web_url']);
      const note = allowWarning ?? warning;
      latest.set(name, { id, obs: { name, state, ...(url ? { url } : {}), ...(note ? { warning: note } : {}) } });
    }
  }
  return [...latest.values()].map((v) => v.obs);
}

export async function gitlabStatus(opts: ProviderOptions<GitlabCiConfig>): Promise<CiVerdict> {
  const { config: cfg, env, sha } = opts;
  const base = (cfg.apiUrl ?? str(env['CI_API_V4_URL']) ?? DEFAULT_API).replace(/\/+$/, '');
  const project = projectId(cfg, env, opts.repo.root, base);
  const tokenEnv = cfg.tokenEnv ?? 'GITLAB_TOKEN';
  const token = str(env[tokenEnv]);
  const api: ApiClient = {
    fetch: opts.fetch,
    base,
    label: 'GitLab',
    now: opts.now,
    tokenHint: token ? `check that the token in ${tokenEnv} can read project ${project} (read_api)` : `no token in ${tokenEnv}: export one with read_api`,
    headers: { accept: 'application/json', 'user-agent': 'bosun-ci-gate', ...(token ? { 'private-token': token } : {}) },
  };
  const projectUrl = `${base}/projects/${encodeURIComponent(project)}`;
  const verdict = (observations: Observation[], problems: string[], permanent: string[] = []): CiVerdict =>
    buildVerdict({ provider: 'gitlab', sha, required: cfg.required, observations, problems, permanent, noun: 'job' });

  const list = await getJson(api, `${projectUrl}/pipelines?sha=${sha}&order_by=id&sort=desc&per_page=20`);
  if (!list.ok) return list.status === 401 || list.status === 404 ? verdict([], [], [list.reason]) : verdict([], [list.reason]);
  if (!Array.isArray(list.body)) return verdict([], ['GitLab pipelines: malformed answer (expected a list)']);
  const pipelines = list.body.filter((p): p is Record<string, unknown> => isObject(p) && typeof p['id'] === 'number' && str(p['sha'])?.toLowerCase() === sha);
  const ignored = list.body.length - pipelines.length;
  const problems = ignored ? [`GitLab returned ${ignored} pipeline${ignored === 1 ? '' : 's'} for another commit than ${shortSha(sha)}; ignored`] : [];
  const newest = pipelines.sort((a, b) => (b['id'] as number) - (a['id'] as number))[0];
  if (!newest) {
    const none = `GitLab has no pipeline for ${shortSha(sha)} in project ${project} (not pushed yet, or CI did not run for it)`;
    return verdict(cfg.required.length ? [] : [{ name: PIPELINE_CHECK, state: 'missing', required: true }], [...problems, none]);
  }
  const jobs = await getPages(api, `${projectUrl}/pipelines/${newest['id'] as number}/jobs?per_page=100`);
  if (!jobs.ok) problems.push(jobs.reason);
  const observations = jobs.ok ? jobObservations(jobs.pages, new Set(cfg.required), problems) : [];
  if (cfg.required.length === 0) {
    const { state, warning } = stateOf(str(newest['status']));
    const url = str(newest['web_url']);
    observations.push({ name: PIPELINE_CHECK, state, required: true, ...(url ? { url } : {}), ...(warning ? { warning } : {}) });
  }
  return verdict(observations, problems);
}

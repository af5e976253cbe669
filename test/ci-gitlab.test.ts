// The GitLab CI provider against a loopback server replaying crafted pipelines and jobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ciStatus, type CiVerdict, type GitlabCiConfig } from '../src/gates/index.ts';
import { json, replayServer, type Handler, type ReplayRequest, type Reply } from './ci-replay-server.ts';

const SHA = 'c'.repeat(40);
const OTHER = 'd'.repeat(40);
const PROJECT = 'group/sub/app';
const NO_REPO = { root: '/nonexistent', commonDir: '/nonexistent/.git' };

const job = (name: string, status: string, id: number, allowFailure = false): Record<string, unknown> => ({
  id,
  name,
  status,
  stage: 'test',
  allow_failure: allowFailure,
  web_url: `https://gitlab.example/${PROJECT}/-/jobs/${id}`,
});

interface Fake {
  pipelines?: Record<string, unknown>[];
  jobs?: Record<number, Record<string, unknown>[]>;
  perPage?: number;
  override?: (req: ReplayRequest) => Reply | undefined;
}

const pipeline = (id: number, status: string, sha = SHA): Record<string, unknown> => ({ id, iid: id, sha, ref: 'main', status, web_url: `https://gitlab.example/${PROJECT}/-/pipelines/${id}` });

/** A crafted GitLab API v4 under /api/v4, paginated by Link headers like GitLab's offset pagination. */
function gitlab(fake: Fake): Handler {
  const project = `/api/v4/projects/${encodeURIComponent(PROJECT)}`;
  return (req, api) => {
    const o = fake.override?.(req);
    if (o) return o;
    const raw = req.path;
    if (raw === `${project}/pipelines`) {
      const sha = req.query.get('sha');
      return json(200, (fake.pipelines ?? []).filter((p) => sha === null || p['sha'] === sha));
    }
    const m = new RegExp(`^${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/pipelines/(\\d+)/jobs$`).exec(raw);
    if (m) {
      const all = fake.jobs?.[Number(m[1])] ?? [];
      const per = fake.perPage ?? Number(req.query.get('per_page') ?? '20');
      const page = Number(req.query.get('page') ?? '1');
      const pages = Math.max(1, Math.ceil(all.length / per));
      const headers: Record<string, string> = { 'x-total': String(all.length), 'x-page': String(page) };
      if (page < pages) headers['link'] = `<${api.url}${raw}?page=${page + 1}&per_page=${per}>; rel="next", <${api.url}${raw}?page=1&per_page=${per}>; rel="first"`;
      return json(200, all.slice((page - 1) * per, page * per), headers);
    }
    return undefined;
  };
}

async function check(handler: Handler, extra: Partial<GitlabCiConfig> = {}): Promise<{ v: CiVerdict; requests: ReplayRequest[] }> {
  await using api = await replayServer(handler);
  const config: GitlabCiConfig = { provider: 'gitlab', required: ['build', 'test'], apiUrl: `${api.url}/api/v4`, projectId: PROJECT, ...extra };
  const v = await ciStatus({ config, sha: SHA, env: {}, repo: NO_REPO });
  return { v, requests: api.requests };
}

test('trap: an allow_failure job that failed leaves the pipeline "success" → green, with the failure shown as a warning', async () => {
  const { v } = await check(gitlab({ pipelines: [pipeline(7, 'success')], jobs: { 7: [job('build', 'success', 1), job('test', 'success', 2), job('lint', 'failed', 3, true)] } }));
  assert.equal(v.green, true, v.reasons.join('\n'));
  const lint = v.checks.find((c) => c.name === 'lint');
  assert.equal(lint?.state, 'failure');
  assert.equal(lint?.required, false);
  assert.match(lint?.warning ?? '', /allowed to fail \(allow_failure\): GitLab still calls the pipeline green/);
});

test('a required job that failed is red, even when it is allowed to fail and the pipeline says success', async () => {
  for (const allow of [false, true]) {
    const { v } = await check(gitlab({ pipelines: [pipeline(7, 'success')], jobs: { 7: [job('build', 'success', 1), job('test', 'failed', 2, allow)] } }));
    assert.equal(v.green, false, `allow_failure ${allow}`);
    assert.equal(v.checks.find((c) => c.name === 'test')?.state, 'failure');
    assert.match(v.reasons.join('\n'), /required job "test" failed/);
    if (allow) assert.match(v.checks.find((c) => c.name === 'test')?.warning ?? '', /this job is required/);
  }
});

test('no pipeline for the SHA → not green (required jobs missing; without required, the pipeline check missing)', async () => {
  const other = { pipelines: [pipeline(3, 'success', OTHER)], jobs: { 3: [job('build', 'success', 1), job('test', 'success', 2)] } };
  const { v } = await check(gitlab(other));
  assert.equal(v.green, false);
  assert.match(v.reasons.join('\n'), /GitLab has no pipeline for cccccccccccc in project group\/sub\/app/);
  assert.deepEqual(v.checks.map((c) => [c.name, c.state]), [['build', 'missing'], ['test', 'missing']]);
  const bare = await check(gitlab(other), { required: [] });
  assert.equal(bare.v.green, false);
  assert.deepEqual(bare.v.checks.map((c) => [c.name, c.state, c.required]), [['pipeline', 'missing', true]]);
});

test('a pipeline of another SHA in the answer is ignored and said', async () => {
  const { v } = await check(gitlab({ override: (r) => (r.path.endsWith('/pipelines') ? json(200, [pipeline(9, 'success', OTHER)]) : undefined), jobs: { 9: [job('build', 'success', 1), job('test', 'success', 2)] } }));
  assert.equal(v.green, false);
  assert.match(v.reasons.join('\n'), /1 pipeline for another commit than cccccccccccc; ignored/);
});

test('the newest pipeline for the SHA counts, and the newest job per name', async () => {
  const { v, requests } = await check(
    gitlab({
      pipelines: [pipeline(5, 'success'), pipeline(8, 'running')],
      jobs: { 5: [job('build', 'success', 1), job('test', 'success', 2)], 8: [job('build', 'success', 10), job('test', 'failed', 11), job('test', 'running', 12)] },
    }),
  );
  assert.equal(v.green, false);
  assert.equal(v.checks.find((c) => c.name === 'test')?.state, 'pending');
  assert.ok(requests.some((r) => r.path.endsWith('/pipelines/8/jobs')));
  assert.ok(!requests.some((r) => r.path.endsWith('/pipelines/5/jobs')));
});

test('jobs are paginated: the failing required job on page 2 is found', async () => {
  const jobs = Array.from({ length: 130 }, (_, i) => job(`job-${i}`, 'success', i + 1));
  jobs[120] = job('test', 'failed', 121);
  jobs[0] = job('build', 'success', 1);
  const { v, requests } = await check(gitlab({ pipelines: [pipeline(7, 'success')], jobs: { 7: jobs } }));
  assert.equal(v.green, false);
  assert.equal(v.checks.find((c) => c.name === 'test')?.state, 'failure');
  assert.deepEqual(requests.filter((r) => r.path.endsWith('/jobs')).map((r) => r.query.get('page') ?? '1'), ['1', '2']);
});

test('without required: the pipeline status is the check; skipped, manual or canceled required jobs are not green', async () => {
  const green = await check(gitlab({ pipelines: [pipeline(7, 'success')], jobs: { 7: [job('build', 'success', 1), job('lint', 'failed', 2, true)] } }), { required: [] });
  assert.equal(green.v.green, true, green.v.reasons.join('\n'));
  assert.ok(green.v.checks.find((c) => c.name === 'lint')?.warning);
  const failed = await check(gitlab({ pipelines: [pipeline(7, 'failed')], jobs: { 7: [job('build', 'failed', 1)] } }), { required: [] });
  assert.equal(failed.v.green, false);
  assert.match(failed.v.reasons.join('\n'), /required job "pipeline" failed/);
  for (const [status, state] of [['skipped', 'skipped'], ['manual', 'pending'], ['canceled', 'cancelled'], ['created', 'pending']] as const) {
    const { v } = await check(gitlab({ pipelines: [pipeline(7, 'success')], jobs: { 7: [job('build', 'success', 1), job('test', status, 2)] } }));
    assert.equal(v.green, false, status);
    assert.equal(v.checks.find((c) => c.name === 'test')?.state, state, status);
  }
});

test('API 500, malformed JSON, 404 → not green with the reason', async () => {
  const cases: Array<[Reply, RegExp]> = [
    [json(500, { message: '500 Internal Server Error' }), /GitLab GET .*pipelines.*HTTP 500 500 Internal Server Error/],
    [{ status: 200, body: 'not json' }, /malformed JSON/],
    [json(404, { message: '404 Project Not Found' }), /not found \(HTTP 404: 404 Project Not Found\).*no token in GITLAB_TOKEN/],
  ];
  for (const [reply, reason] of cases) {
    const { v } = await check(gitlab({ override: (r) => (r.path.endsWith('/pipelines') ? reply : undefined) }));
    assert.equal(v.green, false);
    assert.match(v.reasons.join('\n'), reason);
  }
  const jobs500 = await check(gitlab({ pipelines: [pipeline(7, 'success')], override: (r) => (r.path.endsWith('/jobs') ? json(500, { message: 'boom' }) : undefined) }));
  assert.equal(jobs500.v.green, false);
  assert.match(jobs500.v.reasons.join('\n'), /HTTP 500 boom/);
});

test('environment: CI_API_V4_URL, CI_PROJECT_ID and GITLAB_TOKEN (sent as PRIVATE-TOKEN)', async () => {
  await using api = await replayServer(gitlab({ pipelines: [pipeline(7, 'success')], jobs: { 7: [job('build', 'success', 1), job('test', 'success', 2)] } }));
  const env = { CI_API_V4_URL: `${api.url}/api/v4`, CI_PROJECT_ID: PROJECT, GITLAB_TOKEN: 'glpat-xyz' };
  const v = await ciStatus({ config: { provider: 'gitlab', required: ['build', 'test'] }, sha: SHA, env, repo: NO_REPO });
  assert.equal(v.green, true, v.reasons.join('\n'));
  assert.ok(api.requests.length >= 2);
  assert.ok(api.requests.every((r) => r.headers['private-token'] === 'glpat-xyz'));
  assert.equal(api.requests[0]?.query.get('sha'), SHA);
});

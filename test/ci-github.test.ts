// The GitHub CI provider against a loopback server: recorded real responses from @octokit/fixtures and
// crafted cases, one per trap in LANDSCAPE.md ("GitHub CI-status traps").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ciStatus, waitForCi, type CiVerdict, type GithubCiConfig } from '../src/gates/index.ts';
import { json, octokitScenario, fixtureReply, replayScenario, replayServer, type Handler, type ReplayRequest, type Reply } from './ci-replay-server.ts';

const SHA = 'a'.repeat(40);
const MERGE_SHA = 'b'.repeat(40);
const REPO = 'octo/app';
const NO_REPO = { root: '/nonexistent', commonDir: '/nonexistent/.git' };

const status = (context: string, state: string, id: number, at = '2026-01-01T00:00:00Z', sha = SHA): Record<string, unknown> => ({
  url: `https://api.github.com/repos/${REPO}/statuses/${sha}`,
  id,
  state,
  context,
  target_url: `https://ci.example/${context}/${id}`,
  created_at: at,
  updated_at: at,
});

const run = (name: string, conclusion: string | null, id: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name,
  head_sha: SHA,
  status: conclusion === null ? 'in_progress' : 'completed',
  conclusion,
  html_url: `https://github.com/${REPO}/runs/${id}`,
  app: { id: 15368, slug: 'github-actions' },
  ...extra,
});

interface Fake {
  statuses?: Record<string, unknown>[];
  runs?: Record<string, unknown>[];
  /** Check runs per page (default 100), linked with rel="next" like GitHub does. */
  perPage?: number;
  combined?: unknown;
  sha?: string;
  override?: (req: ReplayRequest) => Reply | undefined;
}

/** A crafted GitHub: statuses and check runs for one SHA, paginated the way the API does. */
function github(fake: Fake): Handler {
  const sha = fake.sha ?? SHA;
  const commit = `/repos/${REPO}/commits/${sha}`;
  return (req, api) => {
    const o = fake.override?.(req);
    if (o) return o;
    const page = Number(req.query.get('page') ?? '1');
    if (req.path === `${commit}/statuses`) return json(200, fake.statuses ?? []);
    if (req.path === `${commit}/status`) return json(200, fake.combined ?? { state: 'pending', statuses: [], sha, total_count: 0 });
    if (req.path === `${commit}/check-runs`) {
      const all = fake.runs ?? [];
      const per = fake.perPage ?? Math.min(100, Number(req.query.get('per_page') ?? '30'));
      const pages = Math.max(1, Math.ceil(all.length / per));
      const link: Record<string, string> = page < pages ? { link: `<${api.url}${commit}/check-runs?per_page=${per}&filter=latest&page=${page + 1}>; rel="next", <${api.url}${commit}/check-runs?per_page=${per}&filter=latest&page=${pages}>; rel="last"` } : {};
      return json(200, { total_count: all.length, check_runs: all.slice((page - 1) * per, page * per) }, link);
    }
    if (/\/commits\/[0-9a-f]{40}\/(statuses|check-runs|status)$/.test(req.path)) {
      // Another commit: GitHub answers with nothing for it.
      return req.path.endsWith('check-runs') ? json(200, { total_count: 0, check_runs: [] }) : json(200, []);
    }
    return undefined;
  };
}

function config(api: { url: string }, extra: Partial<GithubCiConfig> = {}): GithubCiConfig {
  return { provider: 'github', required: ['test'], apiUrl: api.url, repository: REPO, ...extra };
}

async function check(handler: Handler, extra: Partial<GithubCiConfig> = {}, sha = SHA): Promise<{ v: CiVerdict; requests: ReplayRequest[] }> {
  await using api = await replayServer(handler);
  const v = await ciStatus({ config: config(api, extra), sha, env: {}, repo: NO_REPO });
  return { v, requests: api.requests };
}

function state(v: CiVerdict, name: string): string | undefined {
  return v.checks.find((c) => c.name === name)?.state;
}

// ---- recorded real responses (@octokit/fixtures) ----

test('fixture create-status: the recorded statuses of a commit, read per context', async () => {
  const scenario = octokitScenario('api.github.com/create-status');
  const sha = '0000000000000000000000000000000000000001';
  const noRuns: Handler = (req) => (req.path.endsWith('/check-runs') ? json(200, { total_count: 0, check_runs: [] }) : undefined);
  await using api = await replayServer(replayScenario(scenario, noRuns));
  const cfg = (required: string[]): GithubCiConfig => ({ provider: 'github', required, apiUrl: api.url, repository: 'octokit-fixture-org/create-status' });

  const ok = await ciStatus({ config: cfg(['example/2']), sha, env: {}, repo: NO_REPO });
  assert.equal(ok.green, true, ok.reasons.join('\n'));
  assert.deepEqual(ok.checks.map((c) => [c.name, c.state, c.required]), [['example/2', 'success', true], ['example/1', 'failure', false]]);
  assert.equal(ok.checks[0]?.url, 'https://example.com');

  const red = await ciStatus({ config: cfg(['example/1', 'example/2']), sha, env: {}, repo: NO_REPO });
  assert.equal(red.green, false);
  assert.match(red.reasons.join('\n'), /required check "example\/1" failed/);
  assert.equal(red.settled, true);
  // The gate reads the per-status list, never the combined endpoint (which ignores check runs).
  assert.ok(api.requests.some((r) => r.path.endsWith(`/commits/${sha}/statuses`)));
  assert.ok(!api.requests.some((r) => r.path.endsWith(`/commits/${sha}/status`)));
});

test('fixture branch-protection: "Branch not protected" (recorded 404) and no required list → fail closed, says to configure required', async () => {
  const notProtected = octokitScenario('api.github.com/branch-protection').find((f) => f.method === 'get' && f.status === 404);
  assert.ok(notProtected, 'the scenario records GET protection → 404');
  const repoFixture = octokitScenario('api.github.com/get-repository');
  const checksRoute = github({ runs: [run('test', 'success', 1)], sha: SHA });
  await using api = await replayServer((req, a) => {
    // The repository (default branch "master") as recorded; its protection as recorded for an unprotected branch.
    if (req.path === '/repos/octo/app') return fixtureReply(repoFixture[0]!, a.url);
    if (req.path === '/repos/octo/app/branches/master/protection/required_status_checks') return fixtureReply(notProtected, a.url);
    if (req.path === '/repos/octo/app/rules/branches/master') return json(200, []);
    return checksRoute(req, a);
  });
  const v = await ciStatus({ config: config(api, { required: [] }), sha: SHA, env: {}, repo: NO_REPO });
  assert.equal(v.green, false);
  assert.equal(v.settled, true);
  assert.match(v.reasons.join('\n'), /gates\.ci\.required is empty.*Branch not protected.*list the checks that must pass in gates\.ci\.required/s);
  assert.deepEqual(v.checks.map((c) => [c.name, c.state, c.required]), [['test', 'success', false]]);
});

test('fixture branch-protection: required checks read from the recorded protection (contexts ["foo/bar"])', async () => {
  const put = octokitScenario('api.github.com/branch-protection').find((f) => f.method === 'put' && JSON.stringify(f.response).includes('foo/bar'));
  assert.ok(put);
  const required = (put.response as { required_status_checks: unknown }).required_status_checks;
  for (const [statuses, green] of [[[], false], [[status('foo/bar', 'success', 5)], true]] as const) {
    const base = github({ statuses: [...statuses], runs: [run('unrelated', 'failure', 9)] });
    const { v, requests } = await check((req, a) => (req.path.endsWith('/branches/main/protection/required_status_checks') ? fixtureReply(put, a.url, required) : base(req, a)), { required: [], branch: 'main' });
    assert.equal(v.green, green, v.reasons.join('\n'));
    assert.deepEqual(v.checks.filter((c) => c.required).map((c) => [c.name, c.state]), [['foo/bar', green ? 'success' : 'missing']]);
    assert.ok(!requests.some((r) => r.path === '/repos/octo/app'), 'with a configured branch the repository is not fetched');
  }
});

test('required checks from repository rulesets when classic protection says "Branch not protected"; an unreadable source is not green', async () => {
  const notProtected = octokitScenario('api.github.com/branch-protection').find((f) => f.method === 'get' && f.status === 404)!;
  const ruleset = [
    { type: 'deletion', ruleset_id: 1 },
    { type: 'required_status_checks', ruleset_id: 2, parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: 'ci / test', integration_id: 15368 }] } },
  ];
  const routes = (rules: Reply): Handler => {
    const base = github({ runs: [run('ci / test', 'success', 1), run('lint', 'failure', 2)] });
    return (req, a) => {
      if (req.path.endsWith('/branches/main/protection/required_status_checks')) return fixtureReply(notProtected, a.url);
      if (req.path === '/repos/octo/app/rules/branches/main') return rules;
      return base(req, a);
    };
  };
  const { v } = await check(routes(json(200, ruleset)), { required: [], branch: 'main' });
  assert.equal(v.green, true, v.reasons.join('\n'));
  assert.deepEqual(v.checks.map((c) => [c.name, c.required]), [['ci / test', true], ['lint', false]]);
  const down = await check(routes(json(503, { message: 'Service Unavailable' })), { required: [], branch: 'main' });
  assert.equal(down.v.green, false);
  assert.equal(down.v.settled, false, 'a source that may answer later is worth waiting for');
  assert.match(down.v.reasons.join('\n'), /HTTP 503 Service Unavailable/);
});

// ---- crafted: every trap in LANDSCAPE.md ----

test('trap: combined status says pending with zero statuses, nothing else reported → not green, the check is missing', async () => {
  const { v } = await check(github({ statuses: [], runs: [], combined: { state: 'pending', statuses: [], total_count: 0 } }));
  assert.equal(v.green, false);
  assert.equal(state(v, 'test'), 'missing');
  assert.equal(v.settled, false, 'a missing check may still arrive: --wait keeps polling');
  assert.match(v.reasons.join('\n'), /"test" has not reported for aaaaaaaaaaaa/);
});

test('trap: check runs only (GitHub Actions) with empty statuses and a pending combined status → green from the check runs', async () => {
  const { v, requests } = await check(github({ statuses: [], runs: [run('test', 'success', 1), run('lint', 'success', 2)] }), { required: ['test', 'lint'] });
  assert.equal(v.green, true, v.reasons.join('\n'));
  assert.deepEqual(v.reasons, []);
  assert.ok(requests.some((r) => r.path.endsWith('/check-runs')));
});

test('trap: >100 check runs across pages, the failing required one on page 2 → not green', async () => {
  const runs = Array.from({ length: 150 }, (_, i) => run(`job-${String(i).padStart(3, '0')}`, 'success', i + 1));
  runs[130] = run('e2e', 'failure', 131);
  const { v, requests } = await check(github({ runs }), { required: ['job-000', 'e2e'] });
  assert.equal(v.green, false);
  assert.equal(state(v, 'e2e'), 'failure');
  assert.equal(state(v, 'job-000'), 'success');
  assert.equal(v.checks.length, 150);
  const pages = requests.filter((r) => r.path.endsWith('/check-runs')).map((r) => r.query.get('page') ?? '1');
  assert.deepEqual(pages, ['1', '2']);
  assert.equal(requests.find((r) => r.path.endsWith('/check-runs'))?.query.get('per_page'), '100');
});

test('pagination: a total_count larger than what the pages held is not green', async () => {
  const { v } = await check(github({ override: (r) => (r.path.endsWith('/check-runs') ? json(200, { total_count: 120, check_runs: [run('test', 'success', 1)] }) : undefined) }));
  assert.equal(v.green, false);
  assert.match(v.reasons.join('\n'), /reported 120 check runs but its pages held 1/);
});

test('trap: a skipped or neutral required check is not green (GitHub counts it as passing)', async () => {
  for (const conclusion of ['skipped', 'neutral']) {
    const { v } = await check(github({ runs: [run('test', conclusion, 1), run('lint', 'success', 2)] }), { required: ['test', 'lint'] });
    assert.equal(v.green, false, conclusion);
    assert.equal(state(v, 'test'), conclusion);
    assert.equal(v.settled, true);
    assert.match(v.reasons.join('\n'), new RegExp(`"test" concluded ${conclusion}.*GitHub counts ${conclusion} as passing, bosun does not`));
  }
  // Not required: skipped is fine.
  const { v } = await check(github({ runs: [run('test', 'success', 1), run('docs', 'skipped', 2)] }));
  assert.equal(v.green, true, v.reasons.join('\n'));
});

test('trap: a required check never reported (path-filtered workflow) → --wait polls with backoff and gives up as not green', async () => {
  await using api = await replayServer(github({ runs: [run('build', 'success', 1)] }));
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const polls: string[] = [];
  const v = await waitForCi({
    config: config(api, { required: ['build', 'test'] }),
    sha: SHA,
    env: {},
    repo: NO_REPO,
    timeoutMs: 60_000,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    onPoll: (p) => polls.push(p.checks.map((c) => `${c.name}:${c.state}`).join(',')),
  });
  assert.equal(v.green, false);
  assert.equal(state(v, 'test'), 'missing');
  assert.deepEqual(sleeps, [5_000, 10_000, 20_000, 25_000], 'exponential backoff, the last pause cut at the deadline');
  assert.equal(polls.length, 4);
  assert.match(v.reasons.at(-1) ?? '', /gave up waiting after 60 s \(5 polls\): not green/);
  assert.equal(api.requests.filter((r) => r.path.endsWith('/check-runs')).length, 5);
});

test('--wait returns as soon as the check arrives green, and at once on a conclusive failure', async () => {
  let polls = 0;
  await using api = await replayServer((req, a) => github({ runs: polls >= 2 ? [run('test', 'success', 1)] : [run('test', null, 1)] })(req, a));
  const clock = { t: 0 };
  const v = await waitForCi({
    config: config(api),
    sha: SHA,
    env: {},
    repo: NO_REPO,
    timeoutMs: 600_000,
    now: () => clock.t,
    sleep: async (ms) => {
      clock.t += ms;
    },
    onPoll: () => polls++,
  });
  assert.equal(v.green, true, v.reasons.join('\n'));
  assert.equal(polls, 2);

  let redPolls = 0;
  await using red = await replayServer(github({ runs: [run('test', 'failure', 1)] }));
  const r = await waitForCi({ config: config(red), sha: SHA, env: {}, repo: NO_REPO, timeoutMs: 600_000, now: () => 0, sleep: async () => {}, onPoll: () => redPolls++ });
  assert.equal(r.green, false);
  assert.equal(redPolls, 0, 'a failed required check does not turn green by waiting');
});

test('trap: statuses and check runs exist only for the merge commit of a pull request → the landing SHA is not green', async () => {
  const onMerge = github({ sha: MERGE_SHA, statuses: [status('test', 'success', 1, undefined, MERGE_SHA)], runs: [{ ...run('test', 'success', 2), head_sha: MERGE_SHA }] });
  const merge = await check(onMerge, {}, MERGE_SHA);
  assert.equal(merge.v.green, true, 'sanity: the merge commit itself is green');
  const { v } = await check(onMerge, {}, SHA);
  assert.equal(v.green, false);
  assert.equal(state(v, 'test'), 'missing');
});

test('another SHA in the answer (head_sha / status url differ) is ignored and said', async () => {
  const { v } = await check(github({ statuses: [status('test', 'success', 1, undefined, MERGE_SHA)], runs: [{ ...run('test', 'success', 2), head_sha: MERGE_SHA }] }));
  assert.equal(v.green, false);
  assert.equal(state(v, 'test'), 'missing');
  assert.match(v.reasons.join('\n'), /1 status for another commit than aaaaaaaaaaaa/);
  assert.match(v.reasons.join('\n'), /1 check run for another commit than aaaaaaaaaaaa \(head_sha differs\)/);
});

test('the latest status per context wins, and a status and a check run of one name must both pass', async () => {
  const later = '2026-01-02T00:00:00Z';
  const cases: Array<[Record<string, unknown>[], Record<string, unknown>[], boolean]> = [
    [[status('test', 'success', 2, later), status('test', 'failure', 1)], [], true],
    [[status('test', 'failure', 2, later), status('test', 'success', 1)], [], false],
    [[status('test', 'pending', 3, later), status('test', 'success', 1)], [], false],
    [[status('test', 'success', 1)], [run('test', 'failure', 7)], false],
    [[status('test', 'error', 1)], [], false],
  ];
  for (const [statuses, runs, green] of cases) {
    const { v } = await check(github({ statuses, runs }));
    assert.equal(v.green, green, JSON.stringify({ statuses: statuses.map((s) => s['state']), runs: runs.map((r) => r['conclusion']) }));
  }
});

test('check runs still running, cancelled, timed out → not green with the state', async () => {
  const cases: Array<[string | null, string]> = [[null, 'pending'], ['cancelled', 'cancelled'], ['timed_out', 'failure'], ['action_required', 'pending'], ['stale', 'error']];
  for (const [conclusion, expected] of cases) {
    const { v } = await check(github({ runs: [run('test', conclusion, 1)] }));
    assert.equal(v.green, false, String(conclusion));
    assert.equal(state(v, 'test'), expected, String(conclusion));
  }
});

test('trap: rate limiting (403 with x-ratelimit-remaining: 0, 429 with retry-after) → not green, and --wait waits at least that long', async () => {
  const reset = Math.floor(Date.UTC(2026, 0, 1, 0, 10) / 1000);
  const limited: Reply[] = [
    json(403, { message: 'API rate limit exceeded for 127.0.0.1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }),
    json(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '120' }),
    json(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '90' }),
  ];
  for (const reply of limited) {
    const { v } = await check(github({ runs: [run('test', 'success', 1)], override: (r) => (r.path.endsWith('/statuses') ? reply : undefined) }));
    assert.equal(v.green, false, `HTTP ${reply.status}`);
    assert.equal(v.settled, false);
    assert.match(v.reasons.join('\n'), new RegExp(`rate limited \\(HTTP ${reply.status}`));
  }
  await using api = await replayServer(github({ runs: [run('test', 'success', 1)], override: (r) => (r.path.endsWith('/statuses') ? limited[1] : undefined) }));
  const sleeps: number[] = [];
  let clock = 0;
  const v = await waitForCi({ config: config(api), sha: SHA, env: {}, repo: NO_REPO, timeoutMs: 300_000, now: () => clock, sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  assert.equal(v.green, false);
  assert.ok(sleeps[0]! >= 120_000, `first pause ${sleeps[0]} honours retry-after: 120`);
});

test('a forbidden answer without rate-limit headers is an error, not rate limiting', async () => {
  const { v } = await check(github({ override: (r) => (r.path.endsWith('/statuses') ? json(403, { message: 'Resource not accessible by integration' }, { 'x-ratelimit-remaining': '4000' }) : undefined) }));
  assert.equal(v.green, false);
  assert.match(v.reasons.join('\n'), /forbidden \(HTTP 403: Resource not accessible by integration\)/);
});

test('API errors: 500, 502, malformed JSON, 404, 422, unreachable → not green with the reason', async () => {
  const cases: Array<[Reply, RegExp, boolean]> = [
    [json(500, { message: 'Server Error' }), /HTTP 500 Server Error/, false],
    [{ status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } }, /HTTP 502 <html>Bad gateway<\/html>/, false],
    [{ status: 200, body: '[{"state": "success", "context": "te' }, /malformed JSON/, false],
    [json(404, { message: 'Not Found' }), /not found \(HTTP 404: Not Found\).*no token in GITHUB_TOKEN/, true],
    [json(422, { message: `No commit found for SHA: ${SHA}` }), /HTTP 422 No commit found for SHA/, true],
    [json(200, { state: 'success' }), /malformed answer \(expected a list\)/, false],
  ];
  for (const [reply, reason, settled] of cases) {
    const { v } = await check(github({ runs: [run('test', 'success', 1)], override: (r) => (r.path.endsWith('/statuses') ? reply : undefined) }));
    assert.equal(v.green, false, String(reason));
    assert.match(v.reasons.join('\n'), reason);
    assert.equal(v.settled, settled, String(reason));
  }
  const closed = await replayServer(() => undefined);
  const url = closed.url;
  await closed.close();
  const v = await ciStatus({ config: { provider: 'github', required: ['test'], apiUrl: url, repository: REPO }, sha: SHA, env: {}, repo: NO_REPO });
  assert.equal(v.green, false);
  assert.match(v.reasons.join('\n'), /could not reach 127\.0\.0\.1/);
});

test('environment: GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_TOKEN; token_env from the fleet; the token never leaves the API origin', async () => {
  await using api = await replayServer(github({ runs: [run('test', 'success', 1)] }));
  const env = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: REPO, GITHUB_TOKEN: 'tok-123', MY_TOKEN: 'mine-456' };
  const v = await ciStatus({ config: { provider: 'github', required: ['test'] }, sha: SHA, env, repo: NO_REPO });
  assert.equal(v.green, true, v.reasons.join('\n'));
  assert.ok(api.requests.every((r) => r.headers.authorization === 'Bearer tok-123'));
  assert.ok(api.requests.every((r) => r.headers['x-github-api-version'] === '2022-11-28'));
  const before = api.requests.length;
  await ciStatus({ config: { provider: 'github', required: ['test'], tokenEnv: 'MY_TOKEN' }, sha: SHA, env, repo: NO_REPO });
  assert.ok(api.requests.slice(before).every((r) => r.headers.authorization === 'Bearer mine-456'));

  await using elsewhere = await replayServer(() => json(200, { total_count: 1, check_runs: [] }));
  const { v: w, requests } = await check(github({ override: (r) => (r.path.endsWith('/check-runs') ? json(200, { total_count: 200, check_runs: [run('test', 'success', 1)] }, { link: `<${elsewhere.url}/steal?page=2>; rel="next"` }) : undefined) }));
  assert.equal(w.green, false);
  assert.match(w.reasons.join('\n'), /next page is on another origin/);
  assert.equal(elsewhere.requests.length, 0);
  assert.ok(requests.length > 0);
});

test('a malformed SHA is refused before asking anything', async () => {
  await using api = await replayServer(github({}));
  for (const sha of ['main', 'abc123', `${SHA}x`]) {
    await assert.rejects(ciStatus({ config: config(api), sha, env: {}, repo: NO_REPO }), /full commit id/);
  }
  assert.equal(api.requests.length, 0);
});

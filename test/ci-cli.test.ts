// `bosun ci record|status` through the real CLI (run from source) in temp git repos: the local provider
// end to end, exit codes, and the GitHub provider against a loopback server including --wait giving up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';
import { json, replayServer } from './ci-replay-server.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = import.meta.resolve('tsx');

const FLEET = (ci: string): string => `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
gates:
  ci: ${ci}
`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI from source, async (a loopback server in this process must keep answering meanwhile). */
function bosun(repo: TmpRepo, args: string[], env: Record<string, string> = {}): Promise<Result> {
  const base = Object.fromEntries(Object.entries(repo.env).filter(([k]) => !/^(GITHUB_|GITLAB_|CI_|GH_)/.test(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: repo.root, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function show(r: Result): string {
  return `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

test('local provider: record and status through the CLI; a later record supersedes; another commit does not count', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET('{ provider: local, required: [test, lint] }'), 'a.txt': '1' } });
  const first = repo.git('rev-parse', 'HEAD').trim();

  let r = await bosun(repo, ['ci', 'status']);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stdout, /NOT green/);
  assert.match(r.stdout, /nothing recorded yet/);

  r = await bosun(repo, ['ci', 'record', 'test', 'success']);
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, new RegExp(`recorded test: success for ${first.slice(0, 12)}`));
  r = await bosun(repo, ['ci', 'record', 'lint', 'failure', '--url', 'https://ci.example/1']);
  assert.equal(r.code, 0, show(r));

  r = await bosun(repo, ['ci', 'status']);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stdout, /lint\s+failure\s+yes\s+https:\/\/ci\.example\/1/);
  assert.match(r.stdout, /required check "lint" failed/);

  r = await bosun(repo, ['ci', 'record', 'lint', 'success']);
  assert.equal(r.code, 0, show(r));
  r = await bosun(repo, ['ci', 'status', '--json']);
  assert.equal(r.code, 0, show(r));
  const v = JSON.parse(r.stdout) as { green: boolean; sha: string; provider: string; checks: Array<{ name: string; state: string; required: boolean }> };
  assert.equal(v.green, true);
  assert.equal(v.sha, first);
  assert.equal(v.provider, 'local');
  assert.deepEqual(v.checks.map((c) => [c.name, c.state, c.required]), [['test', 'success', true], ['lint', 'success', true]]);

  // A new commit: the results of the old one do not carry over.
  repo.write('a.txt', '2');
  repo.git('commit', '-qam', 'two');
  r = await bosun(repo, ['ci', 'status']);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stdout, /"test" has not reported/);
  r = await bosun(repo, ['ci', 'status', '--sha', 'HEAD~1']);
  assert.equal(r.code, 0, show(r));
  r = await bosun(repo, ['ci', 'status', '--sha', first]);
  assert.equal(r.code, 0, show(r));

  // Recording for an older commit by --sha.
  for (const check of ['test', 'lint']) assert.equal((await bosun(repo, ['ci', 'record', check, 'success', '--sha', 'HEAD'])).code, 0);
  r = await bosun(repo, ['ci', 'record', 'lint', 'failure', '--sha', first]);
  assert.equal(r.code, 0, show(r));
  assert.equal((await bosun(repo, ['ci', 'status'])).code, 0);
  assert.equal((await bosun(repo, ['ci', 'status', '--sha', first])).code, 1);
});

test('exit codes: bad usage 2, missing or invalid gates.ci 3, no repository or no commit 4', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET('{ provider: local, required: [test] }') } });
  const usage: string[][] = [['ci'], ['ci', 'frob'], ['ci', 'record', 'test'], ['ci', 'record', 'test', 'passed'], ['ci', 'status', '--timeout', '5s'], ['ci', 'status', '--wait', '--timeout', 'soon'], ['ci', 'status', '--sha', 'no-such-rev'], ['ci', 'status', 'extra']];
  for (const args of usage) {
    const r = await bosun(repo, args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${show(r)}`);
  }
  const help = await bosun(repo, ['ci', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: bosun ci <status\|record>/);

  repo.write('.bosun/fleet.yaml', FLEET('{ provider: githb, required: [test] }'));
  let r = await bosun(repo, ['ci', 'status']);
  assert.equal(r.code, 3, show(r));
  assert.match(r.stderr, /gates\.ci\.provider: expected one of github, gitlab, local, got "githb" \(did you mean github\?\)/);
  repo.write('.bosun/fleet.yaml', FLEET('{ provider: github, required: test, token_env: ghp_abcdefghijkl }'));
  r = await bosun(repo, ['ci', 'status']);
  assert.equal(r.code, 3, show(r));
  assert.match(r.stderr, /gates\.ci\.required: expected a list of check names/);
  assert.match(r.stderr, /gates\.ci\.token_env: expected the NAME of an environment variable/);
  assert.doesNotMatch(r.stderr, /ghp_abcdefghijkl/, 'a pasted token is not echoed');
  repo.write('.bosun/fleet.yaml', FLEET('{ provider: local, required: [test] }').replace(/gates:\n.*\n/, ''));
  r = await bosun(repo, ['ci', 'status']);
  assert.equal(r.code, 3, show(r));
  assert.match(r.stderr, /no gates\.ci in/);

  repo.write('.bosun/fleet.yaml', FLEET('{ provider: github, required: [test] }'));
  r = await bosun(repo, ['ci', 'status']);
  assert.equal(r.code, 4, show(r));
  assert.match(r.stderr, /which GitHub repository\?/);

  await using empty = await createTmpRepo();
  r = await bosun({ ...empty, root: empty.home } as TmpRepo, ['ci', 'record', 'test', 'success']);
  assert.equal(r.code, 4, show(r));
  assert.match(r.stderr, /not inside a git repository/);
});

test('no commit yet: ci record and ci status exit 4', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET('{ provider: local, required: [test] }') } });
  repo.git('checkout', '-q', '--orphan', 'fresh');
  for (const args of [['ci', 'record', 'test', 'success'], ['ci', 'status']]) {
    const r = await bosun(repo, args);
    assert.equal(r.code, 4, show(r));
    assert.match(r.stderr, /HEAD of .* is not a commit/);
  }
});

test('github provider through the CLI: green from check runs; --wait --timeout gives up as not green when a required check never reports', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET('{ provider: github, required: [build, test] }') } });
  const sha = repo.git('rev-parse', 'HEAD').trim();
  let reported = ['build'];
  await using api = await replayServer((req) => {
    if (req.path === `/repos/octo/app/commits/${sha}/statuses`) return json(200, []);
    if (req.path === `/repos/octo/app/commits/${sha}/check-runs`) {
      return json(200, { total_count: reported.length, check_runs: reported.map((name, i) => ({ id: i + 1, name, head_sha: sha, status: 'completed', conclusion: 'success' })) });
    }
    return undefined;
  });
  const env = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'octo/app', GITHUB_TOKEN: 't0k' };

  let r = await bosun(repo, ['ci', 'status', '--wait', '--timeout', '1s'], env);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stdout, /test\s+missing\s+yes/);
  assert.match(r.stdout, /gave up waiting after 1 s/);
  assert.match(r.stderr, /not green yet \(test: missing\); polling again/);
  assert.ok(api.requests.filter((q) => q.path.endsWith('/check-runs')).length >= 2, 'polled more than once');
  assert.ok(api.requests.every((q) => q.headers.authorization === 'Bearer t0k'));

  reported = ['build', 'test'];
  r = await bosun(repo, ['ci', 'status', '--json'], env);
  assert.equal(r.code, 0, show(r));
  assert.equal((JSON.parse(r.stdout) as { green: boolean }).green, true);

  r = await bosun(repo, ['ci', 'status', '--sha', 'f'.repeat(40)], env);
  assert.equal(r.code, 1, 'a full SHA this clone does not have is still asked about, and is not green');
  assert.match(r.stdout, /ffffffffffff \(github\): NOT green/);
});

test('ci record names the recorder even when $USER is unset (a CI container): the OS account', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET('{ provider: local, required: [test] }') } });
  const env = Object.fromEntries(Object.entries(repo.env).filter(([k]) => k !== 'USER' && k !== 'USERNAME' && k !== 'LOGNAME'));
  const r = await new Promise<Result>((resolve) => {
    execFile(process.execPath, ['--import', TSX, MAIN, 'ci', 'record', 'test', 'success', '--json'], { cwd: repo.root, env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err && typeof err.code === 'number' ? err.code : err ? -1 : 0, stdout, stderr });
    });
  });
  assert.equal(r.code, 0, show(r));
  assert.equal((JSON.parse(r.stdout) as { recordedBy: string | null }).recordedBy, userInfo().username);
  const bad = await bosun(repo, ['ci', 'record', 'test', 'maybe']);
  assert.equal(bad.code, 2, show(bad));
  assert.match(bad.stderr, /Run `bosun ci --help` for usage/);
});

test('ci record refuses inside an agent session, and records nothing', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET('{ provider: local, required: [test] }'), 'a.txt': '1' } });
  for (const marker of ['CLAUDECODE', 'BOSUN_AGENT', 'CODEX_SANDBOX']) {
    const r = await bosun(repo, ['ci', 'record', 'test', 'success'], { [marker]: '1' });
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /ci record refused: this is an agent session/);
    assert.match(r.stderr, new RegExp(marker));
  }
  const status = await bosun(repo, ['ci', 'status']);
  assert.equal(status.code, 1, 'nothing was recorded, so CI is not green');
  assert.match(status.stdout, /nothing recorded yet/);
});

// runDeploy with an injected CI gate: the answers the real providers rarely give (another SHA, an
// exception) must stop the deploy before the backup, and ci: false is said out loud.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { BosunError } from '../../shared/errors.ts';
import type { CiStatusOptions, CiVerdict } from '../ci/index.ts';
import { parseDeployEnv } from './config.ts';
import { runDeploy, type DeployDeps } from './pipeline.ts';

interface Sandbox extends Disposable {
  root: string;
  home: string;
  marker: string;
  sha: string;
}

function sandbox(): Sandbox {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-deploy-unit-')));
  const root = join(dir, 'repo');
  const home = join(dir, 'home');
  mkdirSync(root);
  mkdirSync(home);
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: home };
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: root, env, encoding: 'utf8' });
  git('init', '-q');
  writeFileSync(join(root, 'README.md'), 'x\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  mkdirSync(join(dir, 'data'));
  execFileSync('sqlite3', [join(dir, 'data', 'app.db'), 'CREATE TABLE users (id INTEGER); INSERT INTO users VALUES (1), (2);']);
  return { root, home, marker: join(dir, 'ran'), sha: git('rev-parse', 'HEAD').trim(), [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

function envFor(s: Sandbox, ci: unknown) {
  return parseDeployEnv({
    deploy: { staging: { ci, backup: { sqlite: join(s.root, '..', 'data', 'app.db') }, counts: { users: 'unchanged' }, run: `touch '${s.marker}'` } },
    gatesCi: undefined,
    env: 'staging',
    file: '.bosun/fleet.yaml',
  });
}

function deps(s: Sandbox, ciStatus: (o: CiStatusOptions) => Promise<CiVerdict>): DeployDeps {
  return { ciStatus, env: { ...process.env, BOSUN_AGENT: '', CLAUDECODE: '', CLAUDE_CODE_ENTRYPOINT: '' }, now: Date.now, bosunHome: join(s.home, '.bosun'), home: s.home, actor: 't@h', log: () => {}, output: new PassThrough(), ledger: null };
}

const green = (sha: string): CiVerdict => ({ green: true, sha, provider: 'local', checks: [{ name: 'test', state: 'success', required: true }], reasons: [] });
const backups = (s: Sandbox): string[] => (existsSync(join(s.home, '.bosun')) ? readdirSync(join(s.home, '.bosun'), { recursive: true }).map(String) : []);

test('a green verdict for another SHA stops the deploy at ci', async () => {
  using s = sandbox();
  const r = await runDeploy({ env: envFor(s, { provider: 'local', required: ['test'] }), repo: { root: s.root, commonDir: join(s.root, '.git') }, dryRun: false }, deps(s, async () => green('0'.repeat(40))));
  assert.equal(r.status, 'failed');
  assert.equal(r.failedStep, 'ci');
  assert.match(r.reason ?? '', new RegExp(`CI answered for 000000000000, but HEAD is ${s.sha.slice(0, 12)}`));
  assert.equal(existsSync(s.marker), false);
  assert.deepEqual(backups(s), []);
});

test('a CI gate that throws fails closed at ci', async () => {
  using s = sandbox();
  const boom = async (): Promise<CiVerdict> => {
    throw new BosunError({ code: 'E_CI_REPO', message: 'cannot tell which repository to ask', hint: 'set GITHUB_REPOSITORY' });
  };
  const r = await runDeploy({ env: envFor(s, { provider: 'local', required: ['test'] }), repo: { root: s.root, commonDir: join(s.root, '.git') }, dryRun: false }, deps(s, boom));
  assert.equal(r.failedStep, 'ci');
  assert.match(r.reason ?? '', /CI could not be asked: cannot tell which repository to ask \(set GITHUB_REPOSITORY\)/);
  assert.equal(existsSync(s.marker), false);
});

test('the CI gate is asked about HEAD, with the configuration of the environment', async () => {
  using s = sandbox();
  const asked: CiStatusOptions[] = [];
  const r = await runDeploy({ env: envFor(s, { provider: 'local', required: ['test'] }), repo: { root: s.root, commonDir: join(s.root, '.git') }, dryRun: false }, deps(s, async (o) => (asked.push(o), green(o.sha))));
  assert.equal(r.status, 'succeeded', JSON.stringify(r, null, 2));
  assert.equal(asked.length, 1);
  assert.equal(asked[0]!.sha, s.sha);
  assert.deepEqual(asked[0]!.config, { provider: 'local', keyPath: 'deploy.staging.ci', required: ['test'] });
  assert.ok(existsSync(s.marker));
  assert.equal(backups(s).filter((f) => f.endsWith('.sqlite')).length, 1);
});

test('ci: false skips the gate and says so', async () => {
  using s = sandbox();
  const r = await runDeploy({ env: envFor(s, false), repo: { root: s.root, commonDir: join(s.root, '.git') }, dryRun: false }, deps(s, async () => assert.fail('CI must not be asked')));
  assert.equal(r.status, 'succeeded');
  assert.deepEqual(r.steps[0], { step: 'ci', status: 'skipped', summary: 'deploy.staging.ci is false: deploying without asking CI', durationMs: r.steps[0]!.durationMs });
});

test('bosun failing mid-deploy (here: the ledger) still finishes the deploy in the ledger and prints the restore command', async () => {
  using s = sandbox();
  const finished: unknown[] = [];
  const logged: string[] = [];
  const ledger: NonNullable<DeployDeps['ledger']> = {
    startDeploy: () => 7,
    recordDeployStep: (step) => {
      if (step.step === 'run') throw new Error('disk I/O error');
    },
    finishDeploy: (f) => void finished.push(f),
  };
  const d = { ...deps(s, async (o) => green(o.sha)), ledger, log: (l: string) => void logged.push(l) };
  await assert.rejects(runDeploy({ env: envFor(s, { provider: 'local', required: ['test'] }), repo: { root: s.root, commonDir: join(s.root, '.git') }, dryRun: false }, d), /disk I\/O error/);
  assert.equal(finished.length, 1, 'the deploy is not left "running"');
  const f = finished[0] as { deployId: number; status: string; failedStep: string; reason: string; backupFile: string | null; restoreCommand: string | null };
  assert.equal(f.deployId, 7);
  assert.equal(f.status, 'failed');
  assert.equal(f.failedStep, 'run');
  assert.match(f.reason, /bosun stopped unexpectedly during run: disk I\/O error/);
  assert.ok(f.backupFile && f.restoreCommand, 'the backup and its restore command are recorded');
  assert.ok(logged.some((l) => l.includes('To restore the backup taken before this deploy, run:') && l.includes(f.restoreCommand!)), logged.join('\n'));
});

test('a signal between steps stops the deploy before the next one and finishes it as failed (never left running)', async () => {
  using s = sandbox();
  const logs: string[] = [];
  const finished: Array<{ status: string; failedStep: string | null; reason: string | null }> = [];
  const ledger = { startDeploy: () => 7, recordDeployStep: () => {}, finishDeploy: (f: { status: string; failedStep: string | null; reason: string | null }) => void finished.push(f) };
  const before = process.listenerCount('SIGINT');
  const d: DeployDeps = {
    ...deps(s, async () => {
      process.emit('SIGINT', 'SIGINT'); // Ctrl-C while the CI gate is being asked: no child runs, the step completes
      return green(s.sha);
    }),
    log: (m: string) => void logs.push(m),
    ledger: ledger as unknown as DeployDeps['ledger'],
  };
  const r = await runDeploy({ env: envFor(s, { provider: 'local', required: ['test'] }), repo: { root: s.root, commonDir: join(s.root, '.git') }, dryRun: false }, d);
  assert.equal(r.status, 'failed');
  assert.equal(r.failedStep, 'backup');
  assert.equal(r.reason, 'interrupted by SIGINT before backup');
  assert.deepEqual(finished.map((f) => [f.status, f.failedStep]), [['failed', 'backup']], 'the ledger row is finished');
  assert.ok(logs.some((m) => /SIGINT received: stopping after the current step/.test(m)), logs.join('\n'));
  assert.deepEqual(backups(s), [], 'no backup was taken');
  assert.equal(existsSync(s.marker), false, 'run never ran');
  assert.equal(process.listenerCount('SIGINT'), before, 'the handler is removed afterwards');
});

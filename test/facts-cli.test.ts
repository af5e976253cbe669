// `bosun facts` end to end: a temp BOSUN_HOME, real evidence files and real commands, the real CLI spawned.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { factsSessionSummary } from '../src/memory/index.ts';
import { inheritedEnv } from './helpers/child-env.ts';

const mainTs = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-facts-')));
const home = join(dir, 'bosun-home');
const userHome = join(dir, 'user');
mkdirSync(userHome);
const env = { ...inheritedEnv(), HOME: userHome, BOSUN_HOME: home, TMPDIR: dir };
after(() => rmSync(dir, { recursive: true, force: true }));

function bosun(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, mainTs, 'facts', ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: { code: number | null; stdout: string; stderr: string }): string {
  assert.equal(r.code, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

interface JsonFact {
  id: string;
  state: string;
  verified: string;
  reason: string | null;
  staleReason: string | null;
}

describe('bosun facts', () => {
  const hosts = join(dir, 'hosts.yaml');
  writeFileSync(hosts, 'primary: db1.internal\nreplica: db2.internal\n');
  const flag = join(dir, 'flag');
  writeFileSync(flag, 'on');

  test('add checks the evidence first: a file that does not say it is refused, nothing filed', () => {
    const r = bosun('add', 'Primary is db9', '--owner', 'ops', '--file', hosts, '--cites', 'db9.internal');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no longer contains "db9\.internal"; nothing was filed/);
    assert.equal(existsSync(join(home, 'facts', 'primary-is-db9.md')), false);
  });

  test('a title or owner typed over several lines is kept on one line', () => {
    const r = JSON.parse(ok(bosun('add', 'Billing\n  is owned   by\tteam X', '--owner', 'biz\nteam', '--note', 'ask Alice', '--json'))) as { fact: { id: string; title: string; owner: string } };
    assert.deepEqual([r.fact.id, r.fact.title, r.fact.owner], ['billing-is-owned-by-team-x', 'Billing is owned by team X', 'biz team']);
    assert.match(readFileSync(join(home, 'facts', 'billing-is-owned-by-team-x.md'), 'utf8'), /^title: Billing is owned by team X$/m);
    rmSync(join(home, 'facts', 'billing-is-owned-by-team-x.md'));
  });

  test('add with a --file relative to the current directory: refused, and the hint gives the path that works', () => {
    const r = bosun('add', 'Primary is db1', '--owner', 'ops', '--file', 'hosts.yaml', '--cites', 'db1.internal');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /evidence file .*bosun-home\/facts\/hosts\.yaml is missing; nothing was filed/);
    assert.ok(r.stderr.includes(`hint: relative --file paths are relative to the vault (${join(home, 'facts')}), not to the current directory: pass --file ${hosts}`), r.stderr);
    assert.equal(existsSync(join(home, 'facts', 'primary-is-db1.md')), false);
  });

  test('add with a file, a command and a note; the file is human-editable markdown', () => {
    ok(bosun('add', 'The primary database is db1', '--owner', 'ops', '--file', hosts, '--cites', 'primary: db1.internal', '--id', 'db-primary', '--body', 'Failover: db2.'));
    ok(bosun('add', 'The flag is on', '--owner', 'web team', '--command', `test -f ${flag}`, '--ttl', '2w'));
    ok(bosun('add', 'Billing belongs to Dana', '--owner', 'dana', '--note', 'org chart'));
    const text = readFileSync(join(home, 'facts', 'db-primary.md'), 'utf8');
    assert.match(text, /^---\nid: db-primary\ntitle: The primary database is db1\nowner: ops\nevidence-file: .+hosts\.yaml\nevidence-text: primary: db1\.internal\nverified: \d{4}-\d\d-\d\d\n/);
    assert.match(text, /\nttl: 90d\n---\nFailover: db2\.\n$/);
    const dup = bosun('add', 'The primary database is db1', '--owner', 'x', '--note', 'n', '--id', 'db-primary');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
    const list = JSON.parse(ok(bosun('list', '--json'))) as { facts: JsonFact[] };
    assert.deepEqual(list.facts.map((f) => [f.id, f.state]), [
      ['billing-belongs-to-dana', 'fresh'],
      ['db-primary', 'fresh'],
      ['the-flag-is-on', 'fresh'],
    ]);
    assert.equal(bosun('stale').code, 0);
  });

  test('verify: evidence that still holds is re-dated; failing and uncheckable evidence marks the fact stale with the reason', () => {
    // Make the facts look old, as if verified long ago, by editing the files like a person would.
    for (const id of ['db-primary', 'the-flag-is-on']) {
      const f = join(home, 'facts', `${id}.md`);
      writeFileSync(f, readFileSync(f, 'utf8').replace(/^verified: .*$/m, 'verified: 2020-01-01'));
    }
    rmSync(flag);
    const r = bosun('verify', '--json');
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { checks: { id: string; outcome: string; detail: string }[]; failed: number };
    assert.deepEqual(out.checks.map((c) => [c.id, c.outcome]), [
      ['billing-belongs-to-dana', 'unchecked'],
      ['db-primary', 'verified'],
      ['the-flag-is-on', 'failed'],
    ]);
    assert.match(out.checks[2]!.detail, /`test -f .+flag` exited 1/);
    const facts = Object.fromEntries((JSON.parse(ok(bosun('list', '--json'))) as { facts: JsonFact[] }).facts.map((f) => [f.id, f]));
    assert.equal(facts['db-primary']!.state, 'fresh');
    assert.notEqual(facts['db-primary']!.verified, '2020-01-01');
    assert.equal(facts['the-flag-is-on']!.state, 'stale');
    assert.equal(facts['the-flag-is-on']!.verified, '2020-01-01', 'a failed check keeps the last good date');
    assert.match(facts['billing-belongs-to-dana']!.staleReason ?? '', /cannot be checked mechanically \(org chart\)/);

    const stale = bosun('stale');
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /stale +the-flag-is-on/);
    assert.match(stale.stdout, /stale +billing-belongs-to-dana/);
    assert.doesNotMatch(stale.stdout, /db-primary/);

    // The evidence holds again: verify only that one.
    writeFileSync(flag, 'on');
    ok(bosun('verify', 'the-flag-is-on'));
    assert.equal((JSON.parse(ok(bosun('show', 'the-flag-is-on', '--json'))) as JsonFact).state, 'fresh');
  });

  test('the cited file changing makes the fact stale', () => {
    writeFileSync(hosts, 'primary: db3.internal\n');
    const r = bosun('verify', 'db-primary');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /STALE +db-primary: evidence file .+hosts\.yaml no longer contains "primary: db1\.internal"/);
  });

  test('a command that hangs is killed at the timeout and the fact goes stale', () => {
    ok(bosun('add', 'Slow check', '--owner', 'me', '--note', 'placeholder', '--id', 'slow'));
    const f = join(home, 'facts', 'slow.md');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/^evidence-note: .*$/m, 'evidence-command: sleep 30'));
    const r = bosun('verify', 'slow', '--timeout', '0.5');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /timed out after/);
  });

  test('confirm: a person vouches by hand; refused inside an agent session', () => {
    const agent = spawnSync(process.execPath, ['--import', tsxLoader, mainTs, 'facts', 'verify', 'billing-belongs-to-dana', '--confirm'], { cwd: dir, env: { ...env, BOSUN_AGENT: 'lead' }, encoding: 'utf8' });
    assert.equal(agent.status, 1);
    assert.match(agent.stderr, /refuses to run inside an agent session/);
    ok(bosun('verify', 'billing-belongs-to-dana', '--confirm'));
    assert.equal((JSON.parse(ok(bosun('show', 'billing-belongs-to-dana', '--json'))) as JsonFact).state, 'fresh');
  });

  test('session summary: compact, stale first, counted', () => {
    const s = factsSessionSummary({ home, now: Date.now() });
    assert.equal(s.stale, 2, s.text);
    const lines = s.text.trimEnd().split('\n');
    assert.match(lines[0]!, /^## Facts vault \(4 facts, 2 stale: run `bosun facts stale`\)$/);
    assert.match(lines[1]!, /^- (db-primary|slow): .* — STALE: /);
    assert.match(lines[2]!, /^- (db-primary|slow): .* — STALE: /);
    assert.deepEqual(factsSessionSummary({ home: join(dir, 'nowhere'), now: Date.now() }), { text: '', stale: 0 });
  });

  test('an invalid fact file is reported by list and stale, and counted by the summary', () => {
    writeFileSync(join(home, 'facts', 'broken.md'), '---\nid: broken\ntitle: no owner\n---\n');
    const stale = bosun('stale', '--json');
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /owner: missing/);
    assert.equal(factsSessionSummary({ home, now: Date.now() }).stale, 3);
    rmSync(join(home, 'facts', 'broken.md'));
  });

  test('config.json factsDir: the vault lives elsewhere (e.g. its own git repo); --dir overrides it', () => {
    const vault = join(dir, 'team-facts');
    writeFileSync(join(home, 'config.json'), JSON.stringify({ factsDir: vault }));
    ok(bosun('add', 'Vault elsewhere', '--owner', 'me', '--note', 'n'));
    assert.ok(existsSync(join(vault, 'vault-elsewhere.md')));
    assert.deepEqual((JSON.parse(ok(bosun('list', '--json'))) as { facts: JsonFact[] }).facts.map((f) => f.id), ['vault-elsewhere']);
    assert.equal((JSON.parse(ok(bosun('list', '--json', '--dir', join(home, 'facts')))) as { facts: JsonFact[] }).facts.length, 4);
    writeFileSync(join(home, 'config.json'), '{"factsdir": "x"}');
    const bad = bosun('list');
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /unknown key "factsdir"/);
    rmSync(join(home, 'config.json'));
  });

  test('usage errors', () => {
    assert.equal(bosun('add', 'x', '--owner', 'o').code, 2);
    assert.equal(bosun('show', 'nope').code, 2);
    assert.equal(bosun('frobnicate').code, 2);
    assert.equal(bosun('list', '--owner', 'x').code, 2);
    assert.match(ok(bosun('--help')), /Usage: bosun facts/);
  });
});

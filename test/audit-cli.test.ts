// `bosun audit` through the built CLI in a temp repo: a fresh `bosun init` passes, broken wiring and a
// missing git hook fail with the fix named, the stamp is written, and session start stops asking for it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { bosun, bosunInit, requireBuilt } from './helpers/bosun.ts';
import { createTmpRepo } from './helpers/tmp-repo.ts';

interface Check {
  name: string;
  state: 'ok' | 'warn' | 'fail';
  detail: string;
  fix: string;
}

function audit(repo: Parameters<typeof bosun>[0]): { code: number | null; checks: Check[] } {
  const r = bosun(repo, ['audit', '--json']);
  const parsed = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
  assert.equal(parsed.ok, r.code === 0, r.stdout);
  return { code: r.code, checks: parsed.checks };
}

const state = (checks: Check[], name: string): Check => {
  const c = checks.find((x) => x.name === name);
  assert.ok(c, `no check named ${name}: ${checks.map((x) => x.name).join(', ')}`);
  return c;
};

before(() => requireBuilt());

test('after bosun init every check passes, and the stamp silences the session-start flag', async () => {
  await using repo = await createTmpRepo({ prefix: 'bosun-audit-' });
  bosunInit(repo);
  const before = bosun(repo, ['memory', 'show', '--session-start']);
  assert.match(before.stdout, /self-audit has never run/);

  const { code, checks } = audit(repo);
  assert.equal(code, 0, JSON.stringify(checks, null, 2));
  for (const name of ['fleet file', 'claude-code wiring', 'git pre-commit hook', 'project memory', 'sacred tests', 'close-out inbox', 'facts vault', 'lessons sync']) {
    assert.notEqual(state(checks, name).state, 'fail', name);
  }
  const stampFile = join(repo.root, '.git', 'bosun', 'audit-last-run');
  assert.ok(existsSync(stampFile));
  assert.ok(Math.abs(Number(readFileSync(stampFile, 'utf8')) - Date.now()) < 60_000);

  const after = bosun(repo, ['memory', 'show', '--session-start']);
  assert.doesNotMatch(after.stdout, /self-audit/);
});

test('hooks removed from .claude/settings.json and a deleted git hook fail, naming bosun init', async () => {
  await using repo = await createTmpRepo({ prefix: 'bosun-audit-' });
  bosunInit(repo);
  const settings = join(repo.root, '.claude', 'settings.json');
  const s = JSON.parse(readFileSync(settings, 'utf8')) as { hooks: Record<string, unknown> };
  delete s.hooks['PreToolUse'];
  writeFileSync(settings, JSON.stringify(s, null, 2));
  rmSync(join(repo.root, '.git', 'hooks', 'pre-commit'));

  const { code, checks } = audit(repo);
  assert.equal(code, 1);
  const wiring = state(checks, 'claude-code wiring');
  assert.equal(wiring.state, 'fail');
  assert.match(wiring.detail, /\.claude\/settings\.json/);
  assert.match(wiring.fix, /bosun init/);
  assert.equal(state(checks, 'git pre-commit hook').state, 'fail');

  // The human-readable form says the same, one line per check.
  const text = bosun(repo, ['audit']);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /FAIL\s+claude-code wiring/);
  assert.match(text.stdout, /2 failed/);
});

test('an invalid fleet fails the audit without crashing the other checks', async () => {
  await using repo = await createTmpRepo({ prefix: 'bosun-audit-' });
  bosunInit(repo);
  writeFileSync(join(repo.root, '.bosun', 'fleet.yaml'), 'version: 1\nagents: [unclosed\n');
  const { code, checks } = audit(repo);
  assert.equal(code, 1);
  assert.equal(state(checks, 'fleet file').state, 'fail');
  assert.match(state(checks, 'fleet file').fix, /bosun fleet validate/);
  assert.equal(state(checks, 'git pre-commit hook').state, 'ok');
});

test('usage errors exit 2', async () => {
  await using repo = await createTmpRepo({ prefix: 'bosun-audit-' });
  assert.equal(bosun(repo, ['audit', 'extra']).code, 2);
  assert.equal(bosun(repo, ['audit', '--bogus']).code, 2);
});

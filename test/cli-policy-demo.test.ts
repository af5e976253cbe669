// `bosun policy check` and `bosun demo`, spawned as a user runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bosun, BOSUN_BIN } from './helpers/bosun.ts';
import { createTmpRepo } from './helpers/tmp-repo.ts';

const FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**"]
    run: ["@read-only", "npm *"]
  security-auditor:
    role: Reads everything, edits nothing.
    autonomy: plan-only
    run: ["@read-only", "grep *", "git log *", "python3 *"]
`;

const AUDITOR: Array<[string, 'allow' | 'deny']> = [
  ['echo x > src/a.js', 'deny'],
  ["bash -c 'rm src/a.js'", 'deny'],
  ['find src -delete', 'deny'],
  [`python3 -c "open('a','w')"`, 'deny'],
  ['git log -5', 'allow'],
  ['grep -rn TODO src', 'allow'],
];

test('policy check: the read-only auditor examples of the issue, with --json and exit codes', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET }, prefix: 'bosun-policy-' });
  for (const [cmd, want] of AUDITOR) {
    const r = bosun(repo, ['policy', 'check', '--agent', 'security-auditor', '--bash', cmd, '--json']);
    const d = JSON.parse(r.stdout) as { decision: string; rule: string; reason: string };
    assert.equal(d.decision, want, `${cmd}: ${d.reason}`);
    assert.equal(r.code, want === 'allow' ? 0 : 1);
    assert.ok(d.rule && d.reason, 'decision, rule and reason');
  }
});

test('policy check: file tools, --cwd, and human output', async () => {
  await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET }, prefix: 'bosun-policy-' });
  mkdirSync(join(repo.root, 'src/lib'), { recursive: true });
  const ok = bosun(repo, ['policy', 'check', '--agent', 'lead', '--tool', 'Write', '--path', 'x.js', '--cwd', join(repo.root, 'src/lib')]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^ALLOW/);
  const no = bosun(repo, ['policy', 'check', '--agent', 'lead', '--tool', 'Edit', '--path', '../x.js', '--cwd', join(repo.root, 'src')]);
  assert.equal(no.code, 1);
  assert.match(no.stdout, /^DENY {2}\(rule: edit-scope, target: x\.js\)/);
});

test('policy check: usage errors exit 2, a missing fleet exits 3, outside a repo exits 4', async () => {
  await using repo = await createTmpRepo({ prefix: 'bosun-policy-' });
  assert.equal(bosun(repo, ['policy', 'check', '--bash', 'ls']).code, 2, '--agent is required');
  assert.equal(bosun(repo, ['policy', 'check', '--agent', 'lead']).code, 2, 'needs --tool or --bash');
  const missing = bosun(repo, ['policy', 'check', '--agent', 'lead', '--bash', 'ls']);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /bosun init/);
  const outside = bosun(repo, ['policy', 'check', '--agent', 'lead', '--bash', 'ls'], { cwd: repo.home });
  assert.equal(outside.code, 4, outside.stderr);
});

test('bosun demo replays its scripted session and every decision is as expected', () => {
  const r = spawnSync(process.execPath, [BOSUN_BIN, 'demo', '--json'], { encoding: 'utf8', env: { ...process.env, BOSUN_AGENT: '' } });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    results: Array<{ decision: string; expected: string; title: string }>;
    ledger: { total: number; deny: number };
    memory: { injected: boolean; contextChars: number };
    stop: { blocked: boolean };
  };
  assert.ok(out.results.length >= 10);
  assert.equal(out.memory.injected, true, 'the recorded lesson reaches the SessionStart context');
  assert.equal(out.stop.blocked, true, 'the false claim at Stop is blocked');
  for (const x of out.results) assert.equal(x.decision, x.expected, x.title);
  assert.equal(out.ledger.total, out.results.length, 'every tool call is in the ledger');
  assert.ok(out.ledger.deny >= 6);
});

test('unknown commands get a did-you-mean and exit 2', () => {
  const r = spawnSync(process.execPath, [BOSUN_BIN, 'polcy'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /did you mean "policy"/);
});

// Stop-time verification through the real hook processes (no model): evidence from PostToolUse,
// claims from Stop's last_assistant_message, checks run by bosun when nobody ran them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bosun, bosunInit, HOOK_JS } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const FLEET = `version: 1
default_agent: lead
checks:
  test: npm test
verify:
  max_blocks: 2
  timeout_seconds: 60
agents:
  lead:
    role: Tech lead.
    edit: ["src/**", "test/**"]
    run: ["@read-only", "npm *"]
  helper:
    role: Helps.
    edit: ["src/**"]
    run: ["npm *"]
# These tests are about verification/policy; the close-out checklist has its own tests.
memory:
  closeout: off
`;

const FILES = {
  '.bosun/fleet.yaml': FLEET,
  'package.json': JSON.stringify({ name: 'acme', private: true, type: 'module', scripts: { test: 'node --test test/' } }, null, 2),
  'src/math.js': 'export const add = (a, b) => a - b;\n',
  'test/math.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\ntest('adds', () => assert.equal(add(2, 3), 5));\ntest('adds zero', () => assert.equal(add(2, 0), 2));\n",
};
const FIXED = 'export const add = (a, b) => a + b;\n';

type Out = { code: number | null; stdout: string; stderr: string };

function hook(repo: TmpRepo, event: string, payload: Record<string, unknown>): Out {
  const full = { session_id: 'sess-v', transcript_path: join(repo.home, 't.jsonl'), cwd: repo.root, permission_mode: 'default', hook_event_name: event, ...payload };
  const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code', event], { cwd: repo.root, env: repo.env, input: JSON.stringify(full), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What the agent's Bash call did, reported as Claude Code reports it. */
function ranBash(repo: TmpRepo, command: string, extra: Record<string, unknown> = {}): void {
  const r = spawnSync('bash', ['-c', command], { cwd: repo.root, env: repo.env, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status === 0) hook(repo, 'PostToolUse', { tool_name: 'Bash', tool_input: { command }, tool_response: { stdout: r.stdout, stderr: r.stderr, interrupted: false }, ...extra });
  else hook(repo, 'PostToolUseFailure', { tool_name: 'Bash', tool_input: { command }, error: `Exit code ${r.status}\n${output}`, duration_ms: 100, ...extra });
}

function edited(repo: TmpRepo, rel: string, content: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(join(repo.root, rel), content);
  hook(repo, 'PostToolUse', { tool_name: 'Edit', tool_input: { file_path: join(repo.root, rel), old_string: 'x', new_string: 'y', replace_all: false }, tool_response: {}, ...extra });
}

function stop(repo: TmpRepo, message: string, stopHookActive = false, extra: Record<string, unknown> = {}): Out {
  return hook(repo, (extra['agent_id'] ? 'SubagentStop' : 'Stop'), { stop_hook_active: stopHookActive, last_assistant_message: message, ...extra });
}

const blocked = (o: Out): string => {
  assert.equal(o.code, 0, o.stderr);
  const j = JSON.parse(o.stdout) as { decision: string; reason: string };
  assert.equal(j.decision, 'block');
  return j.reason;
};
const allowed = (o: Out): void => {
  assert.equal(o.code, 0, o.stderr);
  assert.equal(o.stdout, '', 'no block');
};

async function repo(): Promise<TmpRepo> {
  const r = await createTmpRepo({ files: FILES, prefix: 'bosun-stop-' });
  bosunInit(r);
  return r;
}

function status(r: TmpRepo): { verdict: string; verdicts: Array<{ verdict: string; event: string }>; runs: Array<{ check: string; source: string; exitCode: number }> } {
  const s = bosun(r, ['status', '--json']);
  assert.equal(s.code, 0, s.stderr);
  return (JSON.parse(s.stdout) as { sessions: Array<{ verdict: string; verdicts: Array<{ verdict: string; event: string }>; runs: Array<{ check: string; source: string; exitCode: number }> }> }).sessions[0]!;
}

test('a false "all tests pass" after a failing run is blocked, with the failing check in the reason; after the fix it is allowed', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', 'export const add = (a, b) => a - b; // tidy\n');
  ranBash(r, 'npm test 2>&1 | tail -30; exit ${PIPESTATUS[0]}');
  ranBash(r, 'npm test');
  const reason = blocked(stop(r, 'All tests pass and the feature is complete.'));
  assert.match(reason, /"All tests pass/);
  assert.match(reason, /check `test` \(npm test\)/);
  assert.match(reason, /exit code 1/);
  assert.match(reason, /1 failed, 1 passed of 2/);
  edited(r, 'src/math.js', FIXED);
  ranBash(r, 'npm test');
  allowed(stop(r, 'Fixed: all tests pass now.', true));
  const s = status(r);
  assert.equal(s.verdict, 'verified');
  assert.deepEqual(s.verdicts.map((v) => v.verdict), ['blocked', 'verified']);
});

test('a claim with no run since the last edit: bosun runs the check itself and blocks when it fails', async () => {
  await using r = await repo();
  ranBash(r, 'npm test'); // fails, but the edit below makes it stale anyway
  edited(r, 'src/math.js', 'export const add = (a, b) => a * b;\n');
  const reason = blocked(stop(r, 'Done — the tests should pass.'));
  assert.match(reason, /bosun ran it after your last edit/);
  const s = status(r);
  assert.ok(s.runs.some((x) => x.source === 'bosun' && x.exitCode !== 0), JSON.stringify(s.runs));
});

test('an honest session: the agent ran the passing check after its edit, so the stop is not blocked and bosun runs nothing', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', FIXED);
  ranBash(r, 'npm test');
  allowed(stop(r, 'All tests pass.'));
  const s = status(r);
  assert.equal(s.verdict, 'verified');
  assert.ok(s.runs.every((x) => x.source === 'agent'), 'bosun did not need to run the check');
});

test('bosun runs a missing check that passes: allowed, verified', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', FIXED);
  allowed(stop(r, 'Implemented the fix; all tests pass.'));
  assert.equal(status(r).verdict, 'verified');
});

test('no claim, no verification: an honest "the tests still fail" is not blocked', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', 'export const add = (a, b) => a - b; // tried\n');
  ranBash(r, 'npm test');
  allowed(stop(r, 'I could not get the tests to pass: add still subtracts. The tests are not passing yet.'));
  assert.equal(status(r).verdict, 'no-claims');
});

test('a model that keeps claiming falsely: blocked up to the cap, then let through and recorded UNVERIFIED', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', 'export const add = (a, b) => a - b; // v2\n');
  ranBash(r, 'npm test');
  blocked(stop(r, 'All tests pass.', false));
  blocked(stop(r, 'All tests pass, really.', true));
  allowed(stop(r, 'All tests pass!', true));
  const s = status(r);
  assert.deepEqual(s.verdicts.map((v) => v.verdict), ['blocked', 'blocked', 'unverified']);
  assert.equal(s.verdict, 'unverified');
});

test('a subagent claiming success is verified at SubagentStop the same way', async () => {
  await using r = await repo();
  const sub = { agent_id: 'agent-1', agent_type: 'helper' };
  edited(r, 'src/math.js', 'export const add = (a, b) => b - a;\n', sub);
  ranBash(r, 'npm test', sub);
  const reason = blocked(stop(r, 'Done: all tests pass.', false, sub));
  assert.match(reason, /check `test`/);
  const s = status(r);
  assert.deepEqual(s.verdicts.map((v) => [v.event, v.verdict]), [['SubagentStop', 'blocked']]);
});

test('a masked exit status is not evidence: `npm test || true` proves nothing, bosun runs the check', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', 'export const add = (a, b) => a - b; // m\n');
  ranBash(r, 'npm test || true');
  const reason = blocked(stop(r, 'All tests pass.'));
  assert.match(reason, /fail/);
});

test('bosun verify runs the same verdict on demand', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', 'export const add = (a, b) => a - b; // d\n');
  const v = bosun(r, ['verify', '--message', 'All tests pass.', '--json']);
  assert.equal(v.code, 1, v.stderr);
  assert.equal((JSON.parse(v.stdout) as { verdict: string }).verdict, 'blocked');
  writeFileSync(join(r.root, 'src/math.js'), FIXED);
  const all = bosun(r, ['verify', '--message', 'All tests pass.', '--json']);
  assert.equal(all.code, 0, all.stdout + all.stderr);
});

test('bosun log --session shows the session evidence and verdicts', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', 'export const add = (a, b) => a - b; // l\n');
  ranBash(r, 'npm test');
  blocked(stop(r, 'All tests pass.'));
  const j = bosun(r, ['log', '--session', 'sess-v', '--json']);
  assert.equal(j.code, 0, j.stderr);
  const out = JSON.parse(j.stdout) as { runs: Array<{ check: string; exitCode: number }>; verdicts: Array<{ verdict: string; claims: string[] }> };
  assert.deepEqual(out.runs.map((x) => [x.check, x.exitCode]), [['test', 1]]);
  assert.deepEqual(out.verdicts.map((v) => [v.verdict, v.claims]), [['blocked', ['tests-pass']]]);
  const human = bosun(r, ['log', '--session', 'sess']);
  assert.match(human.stdout, /evidence \(commands with exit codes\):[\s\S]*npm test\s+exit 1 \(check test: 0 passed, 2 failed\)|npm test\s+exit 1/);
  assert.match(human.stdout, /Stop lead: BLOCKED — claims: tests-pass/);
});

// The close-out checklist at Stop, through the real hook process (node dist/hook.cjs claude-code Stop):
// once per session that edited files, only after verification let the stop through, never with
// stop_hook_active, never with memory.closeout: off or BOSUN_MEMORY=off, never at SubagentStop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bosunInit, HOOK_JS } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const fleet = (memory = ''): string => `version: 1
default_agent: lead
checks:
  test: npm test
verify:
  max_blocks: 2
agents:
  lead:
    role: Tech lead.
    edit: ["src/**", "test/**"]
    run: ["@read-only", "npm *", "bosun *"]
  helper:
    role: Helps.
    edit: ["src/**"]
    run: ["npm *"]
${memory}`;

const files = (memory = ''): Record<string, string> => ({
  '.bosun/fleet.yaml': fleet(memory),
  'package.json': JSON.stringify({ name: 'acme', private: true, type: 'module', scripts: { test: 'node --test test/' } }, null, 2),
  'src/math.js': 'export const add = (a, b) => a - b;\n',
  'test/math.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\ntest('adds', () => assert.equal(add(2, 3), 5));\n",
});
const FIXED = 'export const add = (a, b) => a + b;\n';

type Out = { code: number | null; stdout: string; stderr: string };

function hook(repo: TmpRepo, event: string, payload: Record<string, unknown>, env: Record<string, string> = {}): Out {
  const full = { session_id: 'sess-c', transcript_path: join(repo.home, 't.jsonl'), cwd: repo.root, permission_mode: 'default', hook_event_name: event, ...payload };
  const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code', event], { cwd: repo.root, env: { ...repo.env, ...env }, input: JSON.stringify(full), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function edited(repo: TmpRepo, rel: string, content: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(join(repo.root, rel), content);
  const o = hook(repo, 'PostToolUse', { tool_name: 'Edit', tool_input: { file_path: join(repo.root, rel), old_string: 'x', new_string: 'y', replace_all: false }, tool_response: {}, ...extra });
  assert.equal(o.code, 0, o.stderr);
}

function ranTests(repo: TmpRepo): void {
  const r = spawnSync('npm', ['test'], { cwd: repo.root, env: repo.env, encoding: 'utf8' });
  if (r.status === 0) hook(repo, 'PostToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: { stdout: r.stdout, stderr: r.stderr, interrupted: false } });
  else hook(repo, 'PostToolUseFailure', { tool_name: 'Bash', tool_input: { command: 'npm test' }, error: `Exit code ${r.status}\n${r.stdout}${r.stderr}`, duration_ms: 100 });
}

const stop = (repo: TmpRepo, message: string, active: boolean, extra: Record<string, unknown> = {}, env: Record<string, string> = {}): Out =>
  hook(repo, extra['agent_id'] ? 'SubagentStop' : 'Stop', { stop_hook_active: active, last_assistant_message: message, ...extra }, env);

const blocked = (o: Out): string => {
  assert.equal(o.code, 0, o.stderr);
  assert.notEqual(o.stdout, '', `expected a block; stderr: ${o.stderr}`);
  const j = JSON.parse(o.stdout) as { decision: string; reason: string };
  assert.equal(j.decision, 'block');
  return j.reason;
};
const allowed = (o: Out): void => {
  assert.equal(o.code, 0, o.stderr);
  assert.equal(o.stdout, '', 'no block');
  assert.doesNotMatch(o.stderr, /bosun \(/, 'no hook error');
};

async function repo(memory = ''): Promise<TmpRepo> {
  const r = await createTmpRepo({ files: files(memory), prefix: 'bosun-closeout-stop-' });
  bosunInit(r);
  return r;
}

const CHECKLIST = /bosun close-out/;

test('a session that edited files is asked once: the checklist blocks, names the files and the command, and never repeats', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', FIXED);
  const reason = blocked(stop(r, 'I changed add to sum its arguments.', false));
  assert.match(reason, CHECKLIST);
  assert.match(reason, /you changed 1 file \(src\/math\.js\)/);
  assert.match(reason, /bosun lesson add "/);
  assert.match(reason, /No new lessons\./);
  allowed(stop(r, 'No new lessons.', true));
  edited(r, 'src/math.js', FIXED + '// more\n');
  allowed(stop(r, 'Added a comment.', false));
});

test('never with stop_hook_active: the first stop that continues a stop hook is not asked, the next plain stop is', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', FIXED);
  allowed(stop(r, 'Done with the change.', true));
  assert.match(blocked(stop(r, 'Changed add.', false)), CHECKLIST);
});

test('a session that edited nothing is never asked (another session that did edit is)', async () => {
  await using r = await repo();
  allowed(stop(r, 'Here is what the code does.', false));
  allowed(stop(r, 'Anything else?', false));
  edited(r, 'src/math.js', FIXED, { session_id: 'sess-other' });
  allowed(stop(r, 'Still nothing edited here.', false));
  assert.match(blocked(stop(r, 'Changed add.', false, { session_id: 'sess-other' })), CHECKLIST);
});

test('memory.closeout: off in the fleet file turns the checklist off', async () => {
  await using r = await repo('memory:\n  closeout: off\n');
  edited(r, 'src/math.js', FIXED);
  allowed(stop(r, 'Changed add.', false));
  allowed(stop(r, 'Changed add again.', false));
});

test('BOSUN_MEMORY=off opts the session out; the checklist is still owed when it is on again', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', FIXED);
  allowed(stop(r, 'Changed add.', false, {}, { BOSUN_MEMORY: 'off' }));
  // Read like everywhere else in memory (session start, drift): case and spaces do not matter.
  allowed(stop(r, 'Changed add.', false, {}, { BOSUN_MEMORY: ' OFF ' }));
  assert.match(blocked(stop(r, 'Changed add.', false)), CHECKLIST);
});

test('a verification block comes first and alone; the checklist waits for a stop that verification lets through', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', 'export const add = (a, b) => a - b; // tidy\n');
  ranTests(r);
  const first = blocked(stop(r, 'All tests pass.', false));
  assert.doesNotMatch(first, CHECKLIST);
  assert.match(first, /check `test`/);
  edited(r, 'src/math.js', FIXED);
  ranTests(r);
  allowed(stop(r, 'Fixed: all tests pass now.', true));
  assert.match(blocked(stop(r, 'All tests pass.', false)), CHECKLIST);
});

test('SubagentStop never asks (the subagent edited, the main session is asked at its Stop)', async () => {
  await using r = await repo();
  edited(r, 'src/math.js', FIXED, { agent_id: 'a1', agent_type: 'helper' });
  allowed(stop(r, 'Changed add.', false, { agent_id: 'a1', agent_type: 'helper' }));
  assert.match(blocked(stop(r, 'The helper changed add.', false)), CHECKLIST);
});

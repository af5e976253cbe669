import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize, PayloadError } from './payload.ts';

const dir = fileURLToPath(new URL('../../../test/fixtures/claude-code-2.1.197/', import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(dir + name, 'utf8'));

test('every captured Claude Code 2.1.197 payload normalises', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 15);
  for (const f of files) {
    const raw = load(f) as { hook_event_name: string };
    const ev = normalize(raw, raw.hook_event_name);
    assert.equal(ev.harness, 'claude-code');
    assert.equal(ev.cwd, '/home/dev/acme', f);
    assert.equal(ev.sessionId, 'f2ffac49-cb80-44fb-be96-09f01d243c0b', f);
  }
});

test('tool calls become policy actions', () => {
  assert.deepEqual(normalize(load('PreToolUse-Bash.json'), 'PreToolUse').actions, [{ kind: 'bash', command: 'npm test' }]);
  assert.deepEqual(normalize(load('PreToolUse-Edit.json'), 'PreToolUse').actions, [{ kind: 'edit', path: '/home/dev/acme/src/math.js' }]);
  assert.deepEqual(normalize(load('PreToolUse-Agent.json'), 'PreToolUse').actions, [{ kind: 'spawn', agent: 'security-auditor' }]);
  const w = normalize(load('PreToolUse-Write-subagent-security-auditor.json'), 'PreToolUse');
  assert.equal(w.agentHint, 'security-auditor');
  assert.deepEqual(w.actions, [{ kind: 'edit', path: '/home/dev/acme/src/hack.js' }]);
  const g = normalize(load('PreToolUse-Grep-subagent-security-auditor.json'), 'PreToolUse');
  assert.equal(g.actions[0]?.kind, 'read');
});

test('PostToolUseFailure carries the exit code', () => {
  const ev = normalize(load('PostToolUseFailure-Bash.json'), 'PostToolUseFailure');
  assert.equal(ev.exitCode, 1);
  assert.equal(ev.durationMs, 1496);
});

test('Stop and SubagentStop carry the last message and stop_hook_active', () => {
  const s = normalize(load('Stop.json'), 'Stop');
  assert.equal(s.lastAssistantMessage, 'All tests pass and the feature is complete.');
  assert.equal(s.stopHookActive, false);
  const sub = normalize(load('SubagentStop-subagent-security-auditor.json'), 'SubagentStop');
  assert.match(sub.transcriptPath ?? '', /subagents\/agent-acc78216579458a0e\.jsonl$/);
});

const BAD: Array<[string, unknown, string, RegExp]> = [
  ['not an object', [1, 2], 'PreToolUse', /not a JSON object/],
  ['no cwd', { tool_name: 'Bash', tool_input: { command: 'ls' } }, 'PreToolUse', /cwd/],
  ['relative cwd', { cwd: 'repo', tool_name: 'Bash', tool_input: { command: 'ls' } }, 'PreToolUse', /cwd/],
  ['no tool_name', { cwd: '/r', tool_input: {} }, 'PreToolUse', /tool_name/],
  ['no tool_input', { cwd: '/r', tool_name: 'Write' }, 'PreToolUse', /tool_input/],
  ['Write without file_path', { cwd: '/r', tool_name: 'Write', tool_input: { content: 'x' } }, 'PreToolUse', /file_path/],
  ['Bash without command', { cwd: '/r', tool_name: 'Bash', tool_input: {} }, 'PreToolUse', /command/],
  ['event mismatch', { cwd: '/r', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls' } }, 'PreToolUse', /PostToolUse/],
];
for (const [name, raw, event, msg] of BAD) {
  test(`invalid payload: ${name}`, () => assert.throws(() => normalize(raw, event), (e: unknown) => e instanceof PayloadError && msg.test(e.message)));
}

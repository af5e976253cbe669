import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentMarkers, AGENT_MARKERS, humanRefusal } from './human.ts';

const TTY = { stdinIsTTY: true, stdoutIsTTY: true };

test('humanRefusal: a person at a terminal passes', () => {
  assert.equal(humanRefusal('approve', { env: { HOME: '/h', CODEX_HOME: '/h/.codex', CURSOR_TRACE_ID: 'x' }, ...TTY, requireTerminal: true }), null);
});

for (const { name } of AGENT_MARKERS) {
  test(`humanRefusal: ${name} marks an agent session, with or without a terminal`, () => {
    const r = humanRefusal('approve', { env: { [name]: '1' }, ...TTY, requireTerminal: true });
    assert.equal(r?.code, 'E_AGENT_SESSION');
    assert.match(r!.message, new RegExp(name));
    assert.equal(humanRefusal('lock', { env: { [name]: 'x' }, stdinIsTTY: false, stdoutIsTTY: false, requireTerminal: false })?.code, 'E_AGENT_SESSION');
  });
}

test('humanRefusal: an empty marker is not set', () => {
  assert.deepEqual(agentMarkers({ CLAUDECODE: '', GEMINI_CLI: undefined }), []);
});

test('humanRefusal: no terminal (stdin or stdout piped) refuses approve, not lock', () => {
  for (const [stdinIsTTY, stdoutIsTTY] of [[false, true], [true, false], [false, false]] as const) {
    assert.equal(humanRefusal('approve', { env: {}, stdinIsTTY, stdoutIsTTY, requireTerminal: true })?.code, 'E_NOT_INTERACTIVE');
    assert.equal(humanRefusal('lock', { env: {}, stdinIsTTY, stdoutIsTTY, requireTerminal: false }), null);
  }
});

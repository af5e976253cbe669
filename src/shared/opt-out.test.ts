import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryOff, optedOut, verifyOff } from './opt-out.ts';

test('opt-outs read "off" the same way everywhere: case and spaces do not matter, anything else is on', () => {
  for (const v of ['off', 'OFF', ' Off ']) assert.equal(optedOut({ X: v }, 'X'), true, JSON.stringify(v));
  for (const v of [undefined, '', 'on', '0', 'false', 'offline']) assert.equal(optedOut({ X: v }, 'X'), false, JSON.stringify(v));
  assert.equal(memoryOff({ BOSUN_MEMORY: 'OFF' }), true);
  assert.equal(memoryOff({ BOSUN_VERIFY: 'off' }), false);
  assert.equal(verifyOff({ BOSUN_VERIFY: 'Off' }), true);
});

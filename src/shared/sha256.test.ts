import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256.ts';

test('sha256Hex agrees with node:crypto on edge lengths and random data', () => {
  const inputs: Array<string | Uint8Array> = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(65), 'héllo wörld ✓', 'x'.repeat(100_000)];
  for (let n = 0; n < 50; n++) inputs.push(Uint8Array.from({ length: n * 37 }, (_, i) => (i * 131 + n) & 0xff));
  for (const x of inputs) assert.equal(sha256Hex(x), createHash('sha256').update(x).digest('hex'));
});

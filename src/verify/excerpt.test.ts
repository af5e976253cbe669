import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excerpt } from './excerpt.ts';

test('excerpt keeps the failing test names even when they are far from the end', () => {
  const out = ['TAP version 13', 'not ok 1 - adds two numbers', '  error: Expected values to be strictly equal', ...Array.from({ length: 500 }, (_, i) => `    at frame ${i}`), '# tests 2', '# pass 0', '# fail 2'].join('\n');
  const e = excerpt(out, 2000);
  assert.match(e, /not ok 1 - adds two numbers/);
  assert.match(e, /# fail 2$/);
  assert.ok(e.length <= 2000);
});

test('excerpt of a clean run is its end', () => {
  const e = excerpt('a\nb\n# pass 3\n# fail 0');
  assert.doesNotMatch(e, /failure lines/);
  assert.match(e, /# pass 3/);
});

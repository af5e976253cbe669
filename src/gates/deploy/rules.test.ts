import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { evaluateCount, parseCountRule, type CountRule } from './rules.ts';

function rule(text: string): CountRule {
  const r = parseCountRule(text);
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.rule;
}

// [rule, before, after, allowed]
const CASES: Array<[string, number, number, boolean]> = [
  ['no-decrease', 100, 100, true],
  ['no-decrease', 100, 101, true],
  ['no-decrease', 100, 99, false],
  ['no-decrease', 0, 0, true],
  ['no-increase', 100, 99, true],
  ['no-increase', 100, 101, false],
  ['unchanged', 7, 7, true],
  ['unchanged', 7, 8, false],
  ['unchanged', 7, 6, false],
  ['any', 7, 0, true],
  ['any', 0, 1_000_000, true],
  ['+-5%', 100, 105, true],
  ['+-5%', 100, 95, true],
  ['+-5%', 100, 106, false],
  ['+-5%', 100, 94, false],
  ['+-5%', 0, 0, true],
  ['+-5%', 0, 1, false],
  ['+-5%', 19, 20, false], // 1/19 = 5.26 %
  ['+-5%', 20, 21, true], // exactly 5 %
  ['±10%', 1000, 900, true],
  ['±10%', 1000, 899, false],
  ['+/-2.5%', 1000, 1025, true],
  ['+/-2.5%', 1000, 1026, false],
  ['+- 1%', 1000, 990, true],
  ['+-0.1%', 1000, 999, true],
  ['+-0.1%', 1000, 998, false],
  ['+-0%', 5, 5, true],
  ['+-0%', 5, 6, false],
  ['+-3', 10, 13, true],
  ['+-3', 10, 6, false],
  ['+0..100', 50, 50, true],
  ['+0..100', 50, 150, true],
  ['+0..100', 50, 151, false],
  ['+0..100', 50, 49, false],
  ['+1..1', 50, 51, true],
  ['+1..1', 50, 50, false],
  ['-10..+5', 100, 90, true],
  ['-10..+5', 100, 89, false],
  ['-10..+5', 100, 105, true],
  ['-10..+5', 100, 106, false],
  ['+2 .. 4', 0, 3, true],
  ['+3', 10, 13, true],
  ['+3', 10, 12, false],
  ['-1', 10, 9, true],
  ['-1', 10, 10, false],
  // Counts past 2^53 would round in floating point: the percentage is computed in integers.
  ['+-1%', Number.MAX_SAFE_INTEGER - 1000, Number.MAX_SAFE_INTEGER, true],
];

for (const [text, before, after, ok] of CASES) {
  test(`${text}: ${before} → ${after} is ${ok ? 'allowed' : 'refused'}`, () => {
    const v = evaluateCount(rule(text), before, after);
    assert.equal(v.ok, ok, v.message);
    assert.equal(v.delta, after - before);
  });
}

const INVALID = ['', 'decrease', 'no_decrease', '5%', '5', '+-%', '+-5%%', '+-abc', '+-1.2345678%', '10..5', '+a..3', '1.5..2', '+-', '..', '+5..', 'unchanged!'];

for (const text of INVALID) {
  test(`"${text}" is not a count rule`, () => {
    const r = parseCountRule(text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /rule|tolerance|range/);
  });
}

test('verdict messages say before, after, change and the rule', () => {
  assert.equal(evaluateCount(rule('no-decrease'), 120, 100).message, '120 → 100 (-20): may not decrease');
  assert.equal(evaluateCount(rule('+-5%'), 100, 100).message, '100 → 100 (unchanged): may change by at most 5%');
  assert.equal(evaluateCount(rule('+0..10'), 1, 3).message, '1 → 3 (+2): must change by 0..+10');
  assert.equal(evaluateCount(rule('+-3'), 1, 3).message, '1 → 3 (+2): may change by at most 3');
});

test('a count that is not a non-negative safe integer is a bug, not a verdict', () => {
  assert.throws(() => evaluateCount(rule('any'), -1, 0), RangeError);
  assert.throws(() => evaluateCount(rule('any'), 0, 1.5), RangeError);
});

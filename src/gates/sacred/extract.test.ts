import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractTests } from './extract.ts';
import type { SacredTest } from './types.ts';

/** [what, file name, source, expected tests as "name|assertions|markers"] */
const CASES: Array<[string, string, string, string[]]> = [
  ['jest/vitest basics, nested describe', 'a.test.js', "describe('a', () => { describe('b', () => { it('c', () => { expect(1).toBe(1); expect(x).resolves.toEqual(2); }); }); test('d', () => {}); });", ['a > b > c|2|', 'a > d|0|']],
  ['modifiers', 'a.test.ts', "it.skip('s', () => {}); it.only('o', () => {}); test.todo('t'); test.concurrent.skip('cs', async () => {}); describe.only('D', () => { it('in', () => {}); });", ['s|0|skip', 'o|0|only', 't|0|todo', 'cs|0|skip', 'D > in|0|only']],
  ['x/f prefixes', 'a.test.js', "xit('a', () => {}); xtest('b', () => {}); fit('c', () => {}); xdescribe('d', () => { it('e', () => {}); }); fdescribe('f', () => { it('g', () => {}); });", ['a|0|skip', 'b|0|skip', 'c|0|only', 'd > e|0|skip', 'f > g|0|only']],
  ['each, called and tagged', 'a.test.ts', "test.each([[1], [2]])('adds %i', (n) => { expect(n).toBeTruthy(); }); describe.each`a\n${1}`('table $a', ({ a }) => { it('x', () => { expect(a).toBe(1); }); }); test.skip.each([1])('s %i', () => {});", ['adds %i|1|', 'table $a > x|1|', 's %i|0|skip']],
  ['names: template, dynamic, named function', 'a.test.js', 'const n = "x"; test(`case ${n}`, () => {}); test(n, () => {}); it(function namedTest() {});', ['case ${n}|0|', '<dynamic>|0|', 'namedTest|0|']],
  ['node:test options and context', 'a.test.mjs', "import test from 'node:test'; test('o', { skip: true }, () => {}); test('t', { todo: 'later' }, () => {}); test('off', { skip: false, only: undefined }, () => {}); test('p', async (t) => { t.assert.ok(1); t.assert.deepEqual([], []); await t.test('sub', (t2) => { t2.skip(); }); }); test('q', (t) => { t.todo(); });", ['o|0|skip', 't|0|todo', 'off|0|', 'p|2|', 'p > sub|0|skip', 'q|0|todo']],
  ['mocha this.skip(), chai, should, sinon', 'a.spec.js', "it('m', function () { this.skip(); }); it('c', () => { chai.expect(1).to.equal(1); x.should.equal(1); sinon.assert.calledOnce(f); should(x).be.ok(); });", ['m|0|skip', 'c|4|']],
  ['assert forms and aliases', 'a.test.mjs', "import assert, { strict as sa } from 'node:assert'; import { equal } from 'node:assert/strict'; const { ok: yes } = require('assert'); import { expect as check } from 'vitest'; test('a', () => { assert(1); assert.equal(1, 1); sa.ok(1); equal(1, 1); yes(1); check(1).toBe(1); expectValid(x); helper(); });", ['a|7|']],
  ['nested helper functions count, nested tests are their own', 'a.test.js', "test('outer', () => { const f = () => expect(1).toBe(1); f(); it('inner', () => { expect(2).toBe(2); }); });", ['outer|1|', 'outer > inner|1|']],
  ['Playwright describe, skip(), fixme', 'a.spec.ts', "test.describe('suite', () => { test('a', async ({ page }) => { test.skip(browserName === 'webkit', 'x'); await expect(page).toHaveTitle('x'); }); test.fixme('b', async () => {}); test.beforeEach(async () => { expect(1).toBe(1); }); });", ['suite > a|1|skip', 'suite > b|0|skip']],
  ['skipIf/runIf count as possible skips', 'a.test.ts', "test.skipIf(process.env.CI)('s', () => {}); test.runIf(cond)('r', () => {});", ['s|0|skip', 'r|0|skip']],
  ['hooks and plain calls are not tests; test.each alone is not a test', 'a.test.ts', "beforeEach(() => { expect(1).toBe(1); }); test.each([1]); describe.configure({ mode: 'serial' }); foo.test('x', () => {});", []],
  ['JSX in a .jsx file', 'a.test.jsx', "it('renders', () => { const el = <div>hi</div>; expect(el).toBeTruthy(); });", ['renders|1|']],
  ['a duplicate name is kept twice, in order', 'a.test.js', "it('same', () => { expect(1).toBe(1); }); it('same', () => {});", ['same|1|', 'same|0|']],
  ['non-JS files are not parsed', 'test_billing.py', 'def test_x():\n    assert 1 == 1\n', []],
];

const show = (t: SacredTest): string => `${t.name}|${t.assertions}|${t.markers.join(',')}`;

for (const [what, file, source, expected] of CASES) {
  test(`extractTests: ${what}`, () => {
    assert.deepEqual(extractTests(source, file).map(show), expected);
  });
}

test('extractTests: a syntax error still yields what parses', () => {
  assert.deepEqual(extractTests("it('a', () => { expect(1).toBe(1); });\nit('b', () => {", 'a.test.js').map(show), ['a|1|', 'b|0|']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch, globMayMatchUnder } from './glob.ts';

const MATCH: Array<[string, string, boolean]> = [
  ['src/**', 'src/a.js', true],
  ['src/**', 'src', true],
  ['src/**', 'src/deep/er/a.ts', true],
  ['src/**', 'srcx/a.js', false],
  ['src/**', 'lib/src/a.js', false],
  ['**', 'anything/at/all', true],
  ['**/*.ts', 'a.ts', true],
  ['**/*.ts', 'x/y/a.ts', true],
  ['**/*.ts', 'x/y/a.js', false],
  ['src/*.js', 'src/a.js', true],
  ['src/*.js', 'src/sub/a.js', false],
  ['test/billing', 'test/billing/a.test.js', true],
  ['test/billing/', 'test/billing/a.test.js', true],
  ['test/billing', 'test/billingx/a.js', false],
  ['db/migrations/**', 'db/migrations/001.sql', true],
  ['src/{auth,payments}/**', 'src/payments/x.ts', true],
  ['src/{auth,payments}/**', 'src/db/x.ts', false],
  ['src/a?.js', 'src/ab.js', true],
  ['src/a?.js', 'src/a/.js', false],
  ['src/[ab].js', 'src/b.js', true],
  ['src/[!ab].js', 'src/b.js', false],
  ['.bosun/fleet.yaml', '.bosun/fleet.yaml', true],
  ['./src/**', 'src/x', true],
  ['.claude/settings*.json', '.claude/settings.local.json', true],
  ['a.b', 'aXb', false],
  ['src/**/test/*.js', 'src/test/a.js', true],
  ['src/**/test/*.js', 'src/x/y/test/a.js', true],
];

for (const [pattern, path, want] of MATCH) {
  test(`globMatch(${pattern}, ${path}) = ${want}`, () => assert.equal(globMatch(pattern, path), want));
}

const UNDER: Array<[string, string, boolean]> = [
  ['test/billing/**', 'test', true],
  ['test/billing/**', '', true],
  ['test/billing/**', 'src', false],
  ['test/billing/**', 'test/billing/sub', true],
  ['test/billing/**', 'test/other', false],
  ['**/*.lock', 'deep/dir', true],
  ['db/migrations/**', 'db', true],
  ['src/*.js', 'src', true],
  ['src/*.js', 'src/sub', false],
  ['src/**/x.ts', 'src/a/b', true],
];
for (const [pattern, dir, want] of UNDER) {
  test(`globMayMatchUnder(${pattern}, ${dir || '<root>'}) = ${want}`, () => assert.equal(globMayMatchUnder(pattern, dir), want));
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDiagnostic, parseTscOutput, toRepoPath } from './diagnostics.ts';
import { parseJsonc } from './jsonc.ts';

const MAP = { snapshot: '/repo/.git/bosun/tscache/index-1/tree', repoRoot: '/repo' };

test('parses located and global errors, folding continuation lines, mapping paths to the repository', () => {
  const out = [
    "packages/app/src/main.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    "  The expected type comes from property 'id' which is declared here on type 'User'",
    '../../../../../node_modules/@types/node/globals.d.ts(10,1): error TS2300: Duplicate identifier.',
    "error TS5083: Cannot read file '/repo/.git/bosun/tscache/index-1/tree/tsconfig.base.json'.",
    'Found 3 errors.',
    '',
  ].join('\n');
  const ds = parseTscOutput(out, MAP);
  assert.deepEqual(
    ds.map(formatDiagnostic),
    [
      "packages/app/src/main.ts:3:7: error TS2322: Type 'string' is not assignable to type 'number'. The expected type comes from property 'id' which is declared here on type 'User'",
      'node_modules/@types/node/globals.d.ts:10:1: error TS2300: Duplicate identifier.',
      "error TS5083: Cannot read file 'tsconfig.base.json'.",
    ],
  );
});

test('toRepoPath: snapshot paths and worktree paths become repo-relative, others stay absolute', () => {
  assert.equal(toRepoPath('src/a.ts', MAP), 'src/a.ts');
  assert.equal(toRepoPath('/repo/.git/bosun/tscache/index-1/tree/src/a.ts', MAP), 'src/a.ts');
  assert.equal(toRepoPath('/repo/node_modules/x/index.d.ts', MAP), 'node_modules/x/index.d.ts');
  assert.equal(toRepoPath('/usr/lib/node_modules/typescript/lib/lib.d.ts', MAP), '/usr/lib/node_modules/typescript/lib/lib.d.ts');
});

test('output without a diagnostic parses to nothing (the caller treats a failing exit as a failure)', () => {
  assert.deepEqual(parseTscOutput('Error: Cannot find module foo\n    at x (y.js:1:1)\n', MAP), []);
});

test('parseJsonc: comments, trailing commas, strings with comment-like text', () => {
  const text = `{
    // a comment
    "extends": "./base.json", /* block */
    "compilerOptions": { "paths": { "@/*": ["src/*"], }, "x": "http://a//b", },
    "references": [ { "path": "../core" }, ],
  }`;
  assert.deepEqual(parseJsonc(text), { extends: './base.json', compilerOptions: { paths: { '@/*': ['src/*'] }, x: 'http://a//b' }, references: [{ path: '../core' }] });
  assert.equal(parseJsonc('{ nope'), null);
  assert.deepEqual(parseJsonc('{"a": "q\\"//"}'), { a: 'q"//' });
});

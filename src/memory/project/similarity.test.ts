import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findNearDuplicate, isNearDuplicate } from './similarity.ts';

describe('near-duplicate lessons', () => {
  const rows: Array<[string, string, boolean]> = [
    ['npm install takes ~3 min: native modules compile from source.', 'npm install takes about 3 min because native modules compile from source', true],
    ['Never import node:crypto at module top on the hook path.', 'never import node:crypto at the module top on the hook path!', true],
    ['better-sqlite3 must stay on 12.x', 'better-sqlite3 must stay on 12.x.', true],
    ['Run the tests with node --test.', 'Run tests with `node --test`', true],
    ['better-sqlite3 must stay on 12.x: 13.x needs Node 22.', 'tree-sitter-bash misparses redirects of a whole list.', false],
    ['Hook exit 1 fails open in Claude Code.', 'Hook timeouts are 60 s by default in Codex.', false],
    ['Use pnpm in the web package.', 'Use npm in the api package.', false],
    // Restatements with inflections and number words (stemmed, "three" = "3").
    ['npm install takes 3 minutes here: native modules compile', 'npm install takes three minutes: native modules are compiled', true],
    ['npm test is slow', 'npm install is slow', false],
    ['Hook exit 1 fails open in Claude Code', 'Claude Code hook timeouts fail open', false],
  ];
  for (const [a, b, want] of rows) {
    test(`${want ? 'dup' : 'distinct'}: ${a} | ${b}`, () => {
      assert.equal(isNearDuplicate(a, b), want);
      assert.equal(isNearDuplicate(b, a), want, 'symmetric');
    });
  }

  test('the closest near-duplicate is named', () => {
    const existing = [
      { id: 'L001', text: 'Use pnpm in the web package.' },
      { id: 'L002', text: 'npm install takes about 3 minutes: native modules are compiled from source.' },
      { id: 'L003', text: 'npm install takes 3 min: native modules compile from source' },
    ];
    assert.equal(findNearDuplicate('npm install takes 3 min: native modules compile from source.', existing)?.lesson.id, 'L003');
    assert.equal(findNearDuplicate('Something entirely new about deploys.', existing), null);
  });
});

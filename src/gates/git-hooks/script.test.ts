import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BLOCK_BEGIN, hookScript, preCommitCommand, withBlock, withoutBlock } from './script.ts';

const CMD = preCommitCommand('/opt/bosun');

test('preCommitCommand: node and the launcher by absolute path', () => {
  assert.equal(CMD, 'node "/opt/bosun/bin/bosun.js" gate pre-commit');
});

test('hookScript: runs the chained hook first, then the gate, and propagates failure', () => {
  const s = hookScript(CMD);
  assert.ok(s.startsWith('#!/bin/sh\n'));
  assert.ok(s.indexOf('pre-commit.bosun-chained') < s.indexOf(CMD));
  assert.ok(s.includes('if [ -x "$chained" ]; then\n  "$chained" "$@" || exit $?\nfi\n'), 'only an executable chained hook runs, as git would');
  assert.match(s, /node "\/opt\/bosun\/bin\/bosun\.js" gate pre-commit \|\| status=\$\?/);
});

test('withBlock: inserted after the shebang and husky.sh, replaced in place, removed cleanly', () => {
  const v8 = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\n';
  const once = withBlock(v8, CMD);
  assert.ok(once.startsWith('#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n' + BLOCK_BEGIN));
  assert.ok(once.endsWith('npx lint-staged\n'));
  assert.equal(withBlock(once, CMD), once, 'idempotent');
  const moved = withBlock(once, preCommitCommand('/srv/bosun'));
  assert.match(moved, /\/srv\/bosun/);
  assert.doesNotMatch(moved, /\/opt\/bosun/);
  assert.equal(withoutBlock(once), v8);
  assert.equal(withoutBlock(v8), null);
  assert.equal(withBlock('', CMD).split(BLOCK_BEGIN).length, 2);
});

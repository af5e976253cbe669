// `bosun gate sacred --base REV` (CI): HEAD against the lock as of REV, with real commits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SacredLock } from '../src/gates/index.ts';
import { createSacredRepo, describeRun, INVOICE_TEST, PTY_SKIP, sacredCli, sacredCliInPty } from './helpers/sacred-repo.ts';
import type { TmpRepo } from './helpers/tmp-repo.ts';

const INVOICE = 'test/billing/invoice.test.js';
const LOCK = '.bosun/sacred.lock';
const WEAKENED = INVOICE_TEST.replace("it('rounds half up'", "it.skip('rounds half up'");

function range(repo: TmpRepo, base: string): { code: number | null; lines: string[]; stderr: string; describe: string } {
  const args = ['gate', 'sacred', '--base', base];
  const r = sacredCli(repo, args);
  return { code: r.code, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr, describe: describeRun(args, r) };
}

/** A feature branch off main, as CI sees a pull request. */
function branch(repo: TmpRepo): void {
  repo.git('checkout', '-q', '-b', 'feature');
}

function commitAll(repo: TmpRepo, message: string): void {
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', message);
}

describe('bosun gate sacred --base', { concurrency: 4 }, () => {
  test('a range that leaves the sacred tests alone: exit 0', async () => {
    await using repo = await createSacredRepo();
    branch(repo);
    repo.write('src/billing.js', 'exports.total = (xs) => xs.length;\n');
    commitAll(repo, 'feature work');
    const r = range(repo, 'main');
    assert.equal(r.code, 0, r.describe);
    assert.deepEqual(r.lines, ['sacred tests match the lock (HEAD against .bosun/sacred.lock at main: 2 files, 4 tests)']);
  });

  test('a sacred test weakened in a commit fails, even though the working tree is clean', async () => {
    await using repo = await createSacredRepo();
    branch(repo);
    repo.write(INVOICE, WEAKENED);
    commitAll(repo, 'skip a flaky test');
    const r = range(repo, 'main');
    assert.equal(r.code, 1, r.describe);
    assert.deepEqual(r.lines, [`${INVOICE}: changed since the lock`, `${INVOICE}: test "invoice > rounds half up" is now marked .skip`]);
    assert.match(r.stderr, /2 findings \(HEAD against \.bosun\/sacred\.lock at main\)/);
  });

  test('a sacred test changed together with a forged lock (no new approval) still fails', async () => {
    await using repo = await createSacredRepo();
    branch(repo);
    repo.write(INVOICE, WEAKENED);
    // What an agent could produce without `bosun sacred approve`: the lock rewritten to match, approval copied.
    const lock = JSON.parse(readFileSync(join(repo.root, LOCK), 'utf8')) as SacredLock;
    const { createHash } = await import('node:crypto');
    lock.files[INVOICE]!.sha256 = createHash('sha256').update(WEAKENED).digest('hex');
    lock.files[INVOICE]!.tests[1]!.markers = ['skip'];
    repo.write(LOCK, JSON.stringify(lock, null, 2) + '\n');
    commitAll(repo, 'update tests and lock');
    assert.equal(sacredCli(repo, ['gate', 'sacred']).code, 0, 'the working tree matches its (forged) lock');
    const r = range(repo, 'main');
    assert.equal(r.code, 1, r.describe);
    assert.deepEqual(r.lines, [
      `${LOCK}: changed in main..HEAD without a new approval (only \`bosun sacred approve\` may re-lock)`,
      `${INVOICE}: changed since the lock`,
      `${INVOICE}: test "invoice > rounds half up" is now marked .skip`,
    ]);
  });

  test('a change a person approved in the range passes, and the approval is shown', { skip: PTY_SKIP }, async () => {
    await using repo = await createSacredRepo();
    branch(repo);
    repo.write(INVOICE, WEAKENED);
    const a = sacredCliInPty(repo, ['sacred', 'approve', '--reason', 'rounding is tested in tax now'], 'y\n');
    assert.equal(a.code, 0, describeRun(['sacred', 'approve'], a));
    commitAll(repo, 'move rounding test');
    const r = range(repo, 'main');
    assert.equal(r.code, 0, r.describe);
    assert.match(r.stderr, /note: the lock was re-approved in main\.\.HEAD by Bosun Test <bosun-test@example\.invalid> at \S+: rounding is tested in tax now/);
    // …but a later unapproved edit on top of the approved lock fails again
    repo.write(INVOICE, WEAKENED.replace("    assert.equal(total([]), 0);\n", ''));
    commitAll(repo, 'more');
    const again = range(repo, 'main');
    assert.equal(again.code, 1, again.describe);
    assert.ok(again.lines.includes(`${INVOICE}: test "invoice > adds the lines" has fewer assertions (2 → 1)`), again.describe);
  });

  test('a deleted lock in the range is a finding', async () => {
    await using repo = await createSacredRepo();
    branch(repo);
    repo.git('rm', '-q', LOCK);
    repo.git('commit', '-q', '-m', 'drop lock');
    const r = range(repo, 'main');
    assert.equal(r.code, 1, r.describe);
    assert.deepEqual(r.lines, [`${LOCK}: deleted in main..HEAD`]);
  });

  test('a lock introduced in the range is used, with a note', async () => {
    await using repo = await createSacredRepo({ lock: false });
    branch(repo);
    const { lockInProcess } = await import('./helpers/sacred-repo.ts');
    await lockInProcess(repo);
    commitAll(repo, 'lock');
    const r = range(repo, 'main');
    assert.equal(r.code, 0, r.describe);
    assert.match(r.stderr, /note: the lock was introduced in main\.\.HEAD \(by Bosun Test/);
  });

  test('no lock at either end: exit 3; an unknown revision: exit 2', async () => {
    await using repo = await createSacredRepo({ lock: false });
    assert.equal(range(repo, 'main').code, 3);
    const r = range(repo, 'origin/nope');
    assert.equal(r.code, 2, r.describe);
    assert.match(r.stderr, /"origin\/nope" does not name a commit/);
    assert.match(r.stderr, /fetch-depth: 0/);
  });
});

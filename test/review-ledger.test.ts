// The ledger API for review approvals (migration 5) on a real SQLite file: an approval covers exactly the
// content it was made for, is listed newest first, and lands with all its changes or not at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLedger, type ReviewApprovalInput, type ReviewChange } from '../src/ledger/index.ts';
import { tmpCommonDir } from './helpers/ledger-tmp.ts';

const Z = '0'.repeat(40);
const MIG: ReviewChange = { path: 'db/migrations/001.sql', status: 'M', oldMode: '100644', newMode: '100644', oldBlob: 'a'.repeat(40), newBlob: 'b'.repeat(40) };
const GONE: ReviewChange = { path: 'src/auth/old.ts', status: 'D', oldMode: '100644', newMode: '000000', oldBlob: 'c'.repeat(40), newBlob: Z };

const approval = (over: Partial<ReviewApprovalInput> = {}): ReviewApprovalInput => ({
  time: 1_700_000_000_000,
  gitName: 'Ada Lovelace',
  gitEmail: 'ada@example.com',
  osUser: 'ada',
  reason: 'reviewed the migration',
  head: 'd'.repeat(40),
  worktree: '/repo',
  changes: [MIG, GONE],
  ...over,
});

test('recordReviewApproval / reviewApprovalFor: bound to path, status, modes and both blob ids', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  try {
    assert.equal(ledger.reviewApprovalFor(MIG), null, 'nothing approved yet');
    const id = ledger.recordReviewApproval(approval());
    const hit = ledger.reviewApprovalFor(MIG);
    assert.equal(hit?.id, id);
    assert.equal(hit?.approver, 'Ada Lovelace <ada@example.com>');
    assert.equal(hit?.osUser, 'ada');
    assert.equal(hit?.reason, 'reviewed the migration');
    assert.deepEqual(hit?.changes, [MIG, GONE]);
    assert.equal(ledger.reviewApprovalFor(GONE)?.id, id);
    for (const other of [
      { ...MIG, newBlob: 'e'.repeat(40) },
      { ...MIG, oldBlob: 'e'.repeat(40) },
      { ...MIG, newMode: '100755' },
      { ...MIG, path: 'db/migrations/002.sql' },
      { ...GONE, oldBlob: 'e'.repeat(40) },
    ]) {
      assert.equal(ledger.reviewApprovalFor(other), null, JSON.stringify(other));
    }
    const later = ledger.recordReviewApproval(approval({ time: 1_700_000_000_500, reason: 'again', changes: [MIG] }));
    assert.equal(ledger.reviewApprovalFor(MIG)?.id, later, 'the newest covering approval');
  } finally {
    ledger.close();
  }
});

test('listReviewApprovals: newest first, limited, filtered by path', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  try {
    const first = ledger.recordReviewApproval(approval({ time: 1000 }));
    const second = ledger.recordReviewApproval(approval({ time: 2000, changes: [GONE] }));
    assert.deepEqual(ledger.listReviewApprovals().map((a) => a.id), [second, first]);
    assert.deepEqual(ledger.listReviewApprovals({ limit: 1 }).map((a) => a.id), [second]);
    assert.deepEqual(ledger.listReviewApprovals({ path: MIG.path }).map((a) => a.id), [first]);
    assert.deepEqual(ledger.listReviewApprovals({ path: 'nope' }), []);
  } finally {
    ledger.close();
  }
});

test('an approval whose changes cannot all be stored is not stored at all', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  try {
    const bad = { ...GONE, status: 'R' as ReviewChange['status'] };
    assert.throws(() => ledger.recordReviewApproval(approval({ changes: [MIG, bad] })), /CHECK constraint/);
    assert.deepEqual(ledger.listReviewApprovals(), []);
    assert.equal(ledger.reviewApprovalFor(MIG), null);
    assert.throws(() => ledger.recordReviewApproval(approval({ changes: [] })), /at least one change/);
    // still usable, also inside a batch
    const id = ledger.batch(() => ledger.recordReviewApproval(approval()));
    assert.equal(ledger.reviewApprovalFor(MIG)?.id, id);
  } finally {
    ledger.close();
  }
});

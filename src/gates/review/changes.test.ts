import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReviewApprovalRow, ReviewChange } from '../../ledger/index.ts';
import { approveCommand, describeChange, parseRawDiff, protectedChanges, reviewFindings, shellWord } from './changes.ts';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

const raw = (...recs: Array<[string, string]>): string => recs.map(([h, p]) => `${h}\0${p}\0`).join('');

test('parseRawDiff: additions, modifications, deletions, type and mode changes; paths with spaces and newlines', () => {
  const out = raw(
    [`:000000 100644 ${Z} ${A} A`, 'db/migrations/002 add index.sql'],
    [`:100644 100644 ${A} ${B} M`, 'src/auth/login.ts'],
    [`:100644 000000 ${B} ${Z} D`, 'src/auth/old\nname.ts'],
    [`:100644 120000 ${A} ${C} T`, 'src/auth/link'],
    [`:100644 100755 ${A} ${A} M`, 'src/auth/run.sh'],
  );
  assert.deepEqual(parseRawDiff(out), [
    { path: 'db/migrations/002 add index.sql', status: 'A', oldMode: '000000', newMode: '100644', oldBlob: Z, newBlob: A },
    { path: 'src/auth/login.ts', status: 'M', oldMode: '100644', newMode: '100644', oldBlob: A, newBlob: B },
    { path: 'src/auth/old\nname.ts', status: 'D', oldMode: '100644', newMode: '000000', oldBlob: B, newBlob: Z },
    { path: 'src/auth/link', status: 'T', oldMode: '100644', newMode: '120000', oldBlob: A, newBlob: C },
    { path: 'src/auth/run.sh', status: 'M', oldMode: '100644', newMode: '100755', oldBlob: A, newBlob: A },
  ]);
  assert.deepEqual(parseRawDiff(''), []);
});

test('parseRawDiff: a record it does not understand is an error, never skipped', () => {
  assert.throws(() => parseRawDiff(raw([`:100644 100644 ${A} ${B} R100`, 'x'])), /unexpected `git diff --raw` record/);
  assert.throws(() => parseRawDiff(raw(['garbage', 'x'])), /unexpected/);
});

const change = (path: string, status: ReviewChange['status'], oldBlob: string, newBlob: string): ReviewChange => ({
  path,
  status,
  oldMode: status === 'A' ? '000000' : '100644',
  newMode: status === 'D' ? '000000' : '100644',
  oldBlob,
  newBlob,
});

test('protectedChanges: only paths under the globs; both sides of a move are judged on their own and paired for display', () => {
  const changes = [
    change('db/migrations/001.sql', 'D', A, Z), // moved out of the protected dir
    change('db/archive/001.sql', 'A', Z, A),
    change('src/util.ts', 'A', Z, B), // moved into a protected dir
    change('src/auth/util.ts', 'A', Z, B),
    change('src/util.ts', 'D', B, Z),
    change('README.md', 'M', A, C),
  ];
  const items = protectedChanges(changes, ['db/migrations/**', 'src/auth']);
  assert.deepEqual(
    items.map((i) => [i.change.path, i.change.status, i.glob, i.movedTo ?? null, i.movedFrom ?? null]),
    [
      ['db/migrations/001.sql', 'D', 'db/migrations/**', 'db/archive/001.sql', null],
      ['src/auth/util.ts', 'A', 'src/auth', null, 'src/util.ts'],
    ],
  );
  assert.deepEqual(protectedChanges(changes, []), []);
});

test('describeChange: says what happened and which content', () => {
  const [moved] = protectedChanges([change('db/m/1.sql', 'D', A, Z), change('db/x/1.sql', 'A', Z, A)], ['db/m/**']);
  assert.equal(describeChange(moved!), 'deleted (moved to db/x/1.sql) (was blob aaaaaaaaaa)');
  assert.equal(describeChange({ change: change('p', 'M', A, B), glob: 'p' }), 'modified (staged blob bbbbbbbbbb)');
  assert.equal(describeChange({ change: change('p', 'A', Z, C), glob: 'p' }), 'added (staged blob cccccccccc)');
  assert.equal(describeChange({ change: { ...change('p', 'M', A, A), newMode: '100755' }, glob: 'p' }), 'modified (mode 100644 → 100755) (staged blob aaaaaaaaaa)');
});

test('approveCommand / shellWord: paths are quoted only when the shell needs it', () => {
  assert.equal(approveCommand(null), 'bosun review approve --reason "<why>"');
  assert.equal(approveCommand(['db/migrations/001.sql', "it's here.sql"]), `bosun review approve --paths db/migrations/001.sql 'it'\\''s here.sql' --reason "<why>"`);
  assert.equal(shellWord('a b'), "'a b'");
  assert.equal(shellWord('$(rm -rf /)'), "'$(rm -rf /)'");
});

test('reviewFindings: one line per unapproved change, naming the path, the session and the exact command', () => {
  const approval: ReviewApprovalRow = { id: 7, time: 1, approver: 'Ada <ada@example.com>', gitName: 'Ada', gitEmail: 'ada@example.com', osUser: 'ada', reason: 'ok', head: null, worktree: '/r', changes: [] };
  const findings = reviewFindings(
    [
      { change: change('db/migrations/001.sql', 'M', A, B), glob: 'db/migrations/**', approval: null, earlier: approval },
      { change: change('db/migrations/002.sql', 'A', Z, C), glob: 'db/migrations/**', approval, earlier: null },
      { change: change('src/auth/x.ts', 'D', A, Z), glob: 'src/auth/**', approval: null, earlier: null },
    ],
    ['CLAUDECODE (Claude Code)', 'BOSUN_AGENT (bosun run)'],
  );
  assert.deepEqual(findings, [
    'db/migrations/001.sql: modified (staged blob bbbbbbbbbb) in an agent session (CLAUDECODE, BOSUN_AGENT) without a human\'s approval of this change (protected.human_review "db/migrations/**"; the approval by Ada <ada@example.com> (#7) covered other content). A person reviews it and runs in their own terminal: bosun review approve --paths db/migrations/001.sql --reason "<why>"',
    'src/auth/x.ts: deleted (was blob aaaaaaaaaa) in an agent session (CLAUDECODE, BOSUN_AGENT) without a human\'s approval of this change (protected.human_review "src/auth/**"). A person reviews it and runs in their own terminal: bosun review approve --paths src/auth/x.ts --reason "<why>"',
  ]);
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupDir, backupFileName, locationProblem, realDir, repoName } from './location.ts';

const BASE = { repoRoot: '/src/app', commonDir: '/src/app/.git', dbFile: null };

// [dir, dbFile, refused because…]
const CASES: Array<[string, string | null, RegExp | null]> = [
  ['/home/u/.bosun/backups/app/staging', null, null],
  ['/src/app', null, /inside the repository/],
  ['/src/app/backups', null, /inside the repository/],
  ['/src/app/.git/bosun/backups', null, /inside the repository/],
  ['/src/app-backups', null, null],
  ['/var/lib/app', '/var/lib/app/app.db', /holds the database file/],
  ['/var/lib/app/backups', '/var/lib/app/app.db', /database's own directory/],
  ['/var/lib', '/var/lib/app/app.db', /holds the database file/],
  ['/backups/app', '/var/lib/app/app.db', null],
];

for (const [dir, dbFile, refused] of CASES) {
  test(`backups in ${dir}${dbFile ? ` for ${dbFile}` : ''}: ${refused ? 'refused' : 'allowed'}`, () => {
    const problem = locationProblem({ ...BASE, dir, dbFile });
    if (refused) assert.match(problem ?? '', refused);
    else assert.equal(problem, null);
  });
}

test('a worktree whose common git dir lives elsewhere: inside it is refused', () => {
  assert.match(locationProblem({ dir: '/src/main/.git/b', repoRoot: '/src/wt', commonDir: '/src/main/.git', dbFile: null }) ?? '', /git directory/);
});

test('the default dir, ~ and $BOSUN_HOME expansion', () => {
  const base = { bosunHome: '/h/.bosun', home: '/h', repoName: 'app', env: 'staging' };
  assert.equal(backupDir({ ...base, to: null }), '/h/.bosun/backups/app/staging');
  assert.equal(backupDir({ ...base, to: '~/b' }), '/h/b');
  assert.equal(backupDir({ ...base, to: '$BOSUN_HOME/b/x' }), '/h/.bosun/b/x');
  assert.equal(backupDir({ ...base, to: '/srv/b/../c' }), '/srv/c');
});

test('repo name and file names', () => {
  assert.equal(repoName('/src/app-wt', '/src/app/.git'), 'app');
  assert.equal(repoName('/src/app', '/srv/bare.git'), 'app');
  assert.equal(backupFileName(Date.UTC(2026, 0, 2, 3, 4, 5, 678), 'abcdef0123456789', 'pgdump'), '20260102T030405Z-abcdef012345.pgdump');
});

test('realDir follows a dangling symlink to where mkdir -p would create the dir', () => {
  const t = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-realdir-')));
  try {
    mkdirSync(join(t, 'repo'));
    symlinkSync(join(t, 'repo', 'not-yet'), join(t, 'dangling')); // into the repository, target missing
    symlinkSync('repo', join(t, 'relative'));
    symlinkSync(join(t, 'loop-b'), join(t, 'loop-a'));
    symlinkSync(join(t, 'loop-a'), join(t, 'loop-b'));
    assert.equal(realDir(join(t, 'dangling', 'backups')), join(t, 'repo', 'not-yet', 'backups'));
    assert.match(locationProblem({ dir: realDir(join(t, 'dangling', 'backups')), repoRoot: join(t, 'repo'), commonDir: join(t, 'repo', '.git'), dbFile: null }) ?? '', /inside the repository/);
    assert.equal(realDir(join(t, 'relative', 'a', 'b')), join(t, 'repo', 'a', 'b'));
    assert.equal(realDir(join(t, 'nothing', 'here')), join(t, 'nothing', 'here'));
    assert.equal(typeof realDir(join(t, 'loop-a', 'x')), 'string', 'a symlink loop ends');
  } finally {
    rmSync(t, { recursive: true, force: true });
  }
});

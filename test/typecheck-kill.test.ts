// A gate killed with SIGKILL while tsc runs leaves the user's files and index as they were, and the next run
// takes over the abandoned cache slot and removes the private slot a concurrent run left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { humanEnv, MAIN_TS, sacredCli, TSX_LOADER } from './helpers/sacred-repo.ts';
import { APP_ERROR, CORE_BROKEN, CORE_OK, TS5, WORKSPACE_FILES, WORKSPACE_LINKS, createTsRepo, indexHash, worktreeState } from './fixtures/typecheck/repos.ts';

// A TypeScript 5.x stand-in whose tsc announces itself (pid in $MARKER) and then hangs.
const HANGING_TSC = `#!/usr/bin/env node
require('node:fs').writeFileSync(process.env.BOSUN_TEST_TSC_MARKER, String(process.pid));
setInterval(() => {}, 1000);
`;

async function waitFor(path: string): Promise<number> {
  for (let i = 0; i < 600; i++) {
    if (existsSync(path)) {
      const pid = Number(readFileSync(path, 'utf8'));
      if (pid > 0) return pid;
    }
    await sleep(100);
  }
  throw new Error(`${path} never appeared: tsc did not start`);
}

const dead = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

test('SIGKILL while tsc runs: files intact, and the next run cleans up and answers right', { timeout: 120_000 }, async () => {
  await using repo = await createTsRepo({
    files: { ...WORKSPACE_FILES, 'hang/package.json': JSON.stringify({ name: 'typescript', version: '5.0.0-hang' }), 'hang/bin/tsc': HANGING_TSC },
    links: { ...WORKSPACE_LINKS, 'node_modules/typescript': '../hang' },
  });
  repo.write('packages/core/src/index.ts', CORE_BROKEN);
  repo.git('add', 'packages/core/src/index.ts');
  repo.write('packages/core/src/index.ts', CORE_OK);
  const before = worktreeState(repo);
  const h1 = indexHash(repo);

  const start = (n: number) => {
    const marker = join(repo.dir, `tsc-${n}.pid`);
    const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN_TS, 'gate', 'pre-commit'], { cwd: repo.root, env: humanEnv(repo, { BOSUN_TEST_TSC_MARKER: marker }), stdio: 'ignore' });
    return { child, marker };
  };
  // the first gate holds the cache slot; the second finds it busy and uses a private tmp- slot
  const first = start(1);
  const tsc1 = await waitFor(first.marker);
  const second = start(2);
  const tsc2 = await waitFor(second.marker);
  const cache = join(repo.root, '.git', 'bosun', 'tscache');
  assert.ok(readdirSync(cache).some((n) => n.startsWith('tmp-')), `a private slot: ${readdirSync(cache).join(', ')}`);
  for (const pid of [first.child.pid!, second.child.pid!, tsc1, tsc2]) process.kill(pid, 'SIGKILL');
  for (const pid of [first.child.pid!, second.child.pid!, tsc1, tsc2]) while (!dead(pid)) await sleep(50);

  assert.equal(indexHash(repo), h1, 'the index is byte-identical');
  assert.deepEqual(worktreeState(repo), before, 'the working tree is as it was');
  const slot = readdirSync(cache).find((n) => n.startsWith('index-'))!;
  assert.equal(readFileSync(join(cache, slot, 'lock'), 'utf8'), String(first.child.pid), 'the killed gate left its lock');

  // the next run, with a real TypeScript: takes the stale lock over, sweeps the private slot, answers right
  rmSync(join(repo.root, 'node_modules', 'typescript'));
  symlinkSync(TS5, join(repo.root, 'node_modules', 'typescript'));
  const r = sacredCli(repo, ['gate', 'pre-commit']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, APP_ERROR);
  assert.doesNotMatch(r.stderr, /private snapshot/, 'the abandoned slot was taken over, not avoided');
  assert.deepEqual(readdirSync(cache), [slot], 'the private slot is gone');
  assert.ok(!existsSync(join(cache, slot, 'lock')), 'the lock is released');
  assert.deepEqual(worktreeState(repo), before);
});

// `bosun init` from a linked worktree puts the pre-commit hook in the common git dir (every worktree runs it),
// and a commit from another worktree is type-checked on its staged snapshot. Nothing runs on checkout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { installPreCommitHook } from '../src/gates/index.ts';
import { GATE_COMMAND, humanEnv, MAIN_TS, TSX_LOADER } from './helpers/sacred-repo.ts';
import { CORE_BROKEN, TS5, WORKSPACE_FILES, WORKSPACE_LINKS, createTsRepo } from './fixtures/typecheck/repos.ts';

test('init from a linked worktree installs the hook in the common git dir; commits in any worktree are type-checked', { timeout: 120_000 }, async () => {
  // node_modules only in the main worktree, as when agents get fresh worktrees
  await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
  const wt1 = join(repo.dir, 'wt1');
  const wt2 = join(repo.dir, 'wt2');
  repo.git('worktree', 'add', '-q', '-b', 'agent-1', wt1);
  repo.git('worktree', 'add', '-q', '-b', 'agent-2', wt2);
  const init = spawnSync(process.execPath, ['--import', TSX_LOADER, MAIN_TS, 'init', '--yes', '--json'], { cwd: wt1, env: humanEnv(repo), encoding: 'utf8' });
  assert.equal(init.status, 0, init.stdout + init.stderr);
  const common = join(repo.root, '.git');
  const hook = join(common, 'hooks', 'pre-commit');
  assert.match(readFileSync(hook, 'utf8'), /# bosun-managed pre-commit hook[\s\S]*gate pre-commit/);
  assert.ok(!existsSync(join(common, 'worktrees', 'wt1', 'hooks')), 'no per-worktree hook dir');
  const hooks = readdirSync(join(common, 'hooks')).filter((h) => !h.endsWith('.sample'));
  assert.deepEqual(hooks, ['pre-commit'], 'nothing runs on checkout, merge or rewrite');

  // the same hook, pointed at this checkout's source (the installed one runs bin/bosun.js → dist/)
  assert.equal(installPreCommitHook({ repoRoot: wt1, commonDir: common, command: GATE_COMMAND }).action, 'updated');
  writeFileSync(join(wt2, 'packages/core/src/index.ts'), CORE_BROKEN);
  const commit = (cwd: string) => spawnSync('git', ['commit', '-qam', 'change the id'], { cwd, env: humanEnv(repo), encoding: 'utf8' });
  const refused = commit(wt2);
  assert.notEqual(refused.status, 0, refused.stdout + refused.stderr);
  assert.match(refused.stdout + refused.stderr, /packages\/app\/src\/main\.ts:3:\d+: error TS2322/);
  assert.match(refused.stderr, /commit refused by the pre-commit gate \(exit 1\)/);
  assert.match(refused.stderr, /this worktree has no node_modules: using .*\/repo\/node_modules/);
  writeFileSync(join(wt1, 'packages/util/src/index.ts'), 'export const two: number = 2;\nexport const three = 3;\n');
  const passed = commit(wt1);
  assert.equal(passed.status, 0, passed.stdout + passed.stderr);
});

// The git pre-commit hook: installed by `installPreCommitHook` (what `bosun init` calls), then real
// `git commit`s in temp repos — blocked when they change a sacred test, chained with an existing hook.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { installPreCommitHook, preCommitCommand, uninstallPreCommitHook } from '../src/gates/index.ts';
import { createSacredRepo, GATE_COMMAND, INVOICE_TEST, sacredCli } from './helpers/sacred-repo.ts';
import type { TmpRepo } from './helpers/tmp-repo.ts';

const INVOICE = 'test/billing/invoice.test.js';
const WEAKENED = INVOICE_TEST.replace("it('rounds half up'", "it.skip('rounds half up'");

const dirsOf = (repo: TmpRepo): { repoRoot: string; commonDir: string } => ({ repoRoot: repo.root, commonDir: join(repo.root, '.git') });

function install(repo: TmpRepo, command = GATE_COMMAND): ReturnType<typeof installPreCommitHook> {
  return installPreCommitHook({ ...dirsOf(repo), command });
}

function commit(repo: TmpRepo, args: string[], cwd = repo.root): { code: number | null; out: string } {
  const r = spawnSync('git', ['commit', '-q', ...args], { cwd, env: repo.env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

const head = (repo: TmpRepo, cwd = repo.root): string => spawnSync('git', ['rev-parse', 'HEAD'], { cwd, env: repo.env, encoding: 'utf8' }).stdout.trim();

function writeHook(path: string, body: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

describe('pre-commit hook', { concurrency: 4 }, () => {
  test('a commit that weakens a sacred test is refused; other commits go through', async () => {
    await using repo = await createSacredRepo();
    const r = install(repo);
    assert.equal(r.action, 'created');
    assert.equal(r.manager, 'git');
    assert.equal(r.path, join(repo.root, '.git', 'hooks', 'pre-commit'));
    assert.ok(statSync(r.path).mode & 0o100, 'executable');

    const before = head(repo);
    repo.write(INVOICE, WEAKENED);
    const refused = commit(repo, ['-am', 'skip flaky test']);
    assert.notEqual(refused.code, 0, refused.out);
    assert.equal(head(repo), before, 'nothing was committed');
    assert.match(refused.out, /test\/billing\/invoice\.test\.js: test "invoice > rounds half up" is now marked \.skip/);
    assert.match(refused.out, /commit refused by the pre-commit gate \(exit 1\)/);

    repo.git('checkout', '--', INVOICE);
    repo.write('src/billing.js', 'exports.total = () => 0;\n');
    const ok = commit(repo, ['-am', 'unrelated change']);
    assert.equal(ok.code, 0, ok.out);
    assert.notEqual(head(repo), before);
  });

  test('the staged snapshot is what counts, not the working tree', async () => {
    await using repo = await createSacredRepo();
    repo.write(INVOICE, WEAKENED);
    repo.git('add', INVOICE);
    repo.write(INVOICE, INVOICE_TEST); // the working tree is clean again, the index is not
    assert.equal(sacredCli(repo, ['gate', 'sacred']).code, 0, 'working tree matches');
    const staged = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(staged.code, 1, staged.stdout + staged.stderr);
    assert.match(staged.stdout, /now marked \.skip/);

    repo.git('add', INVOICE); // index clean, working tree dirty
    repo.write(INVOICE, WEAKENED);
    assert.equal(sacredCli(repo, ['gate', 'pre-commit']).code, 0);
  });

  test('git rm of a sacred test is refused', async () => {
    await using repo = await createSacredRepo();
    install(repo);
    repo.git('rm', '-q', INVOICE);
    const r = commit(repo, ['-m', 'remove test']);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /test\/billing\/invoice\.test\.js: deleted/);
  });

  test('an existing hook is chained: both run, and its failure still fails the commit', async () => {
    await using repo = await createSacredRepo();
    const hooks = join(repo.root, '.git', 'hooks');
    const marker = join(repo.dir, 'old-hook-ran');
    writeHook(join(hooks, 'pre-commit'), `echo ran >> "${marker}"\nexit "\${OLD_HOOK_EXIT:-0}"`);
    const r = install(repo);
    assert.equal(r.action, 'chained');
    assert.equal(r.chained, join(hooks, 'pre-commit.bosun-chained'));

    // old hook passes, bosun refuses
    repo.write(INVOICE, WEAKENED);
    const refused = commit(repo, ['-am', 'x']);
    assert.notEqual(refused.code, 0);
    assert.equal(readFileSync(marker, 'utf8'), 'ran\n', 'the old hook ran first');
    assert.match(refused.out, /now marked \.skip/);

    // bosun passes, old hook fails: the commit fails
    repo.git('checkout', '--', INVOICE);
    repo.write('src/billing.js', '// changed\n');
    const failing = spawnSync('git', ['commit', '-q', '-am', 'y'], { cwd: repo.root, env: { ...repo.env, OLD_HOOK_EXIT: '3' }, encoding: 'utf8' });
    assert.notEqual(failing.status, 0);
    assert.equal(readFileSync(marker, 'utf8'), 'ran\nran\n');

    // both pass
    const ok = commit(repo, ['-am', 'z']);
    assert.equal(ok.code, 0, ok.out);
    assert.equal(readFileSync(marker, 'utf8'), 'ran\nran\nran\n');
  });

  test('install is idempotent, updates a changed command, and uninstall restores the old hook', async () => {
    await using repo = await createSacredRepo();
    const hookPath = join(repo.root, '.git', 'hooks', 'pre-commit');
    writeHook(hookPath, 'exit 0');
    const original = readFileSync(hookPath, 'utf8');
    assert.equal(install(repo).action, 'chained');
    const installed = readFileSync(hookPath, 'utf8');
    const again = install(repo);
    assert.equal(again.action, 'unchanged');
    assert.equal(readFileSync(hookPath, 'utf8'), installed);
    assert.equal(readFileSync(hookPath + '.bosun-chained', 'utf8'), original, 'the old hook is kept once, not chained twice');
    assert.equal(install(repo, preCommitCommand('/opt/bosun')).action, 'updated');
    assert.match(readFileSync(hookPath, 'utf8'), /node "\/opt\/bosun\/bin\/bosun\.js" gate pre-commit \|\| status=\$\?/);
    const dry = installPreCommitHook({ ...dirsOf(repo), command: GATE_COMMAND, dryRun: true });
    assert.equal(dry.action, 'updated');
    assert.match(readFileSync(hookPath, 'utf8'), /\/opt\/bosun/, 'a dry run writes nothing');
    assert.equal(uninstallPreCommitHook(dirsOf(repo)).action, 'restored');
    assert.equal(readFileSync(hookPath, 'utf8'), original);
    assert.equal(existsSync(hookPath + '.bosun-chained'), false);
    assert.equal(uninstallPreCommitHook(dirsOf(repo)).action, 'absent');
  });

  test('every worktree shares the hook', async () => {
    await using repo = await createSacredRepo();
    install(repo);
    const wt = join(repo.dir, 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'agent-1', wt);
    writeFileSync(join(wt, INVOICE), WEAKENED);
    const r = commit(repo, ['-am', 'from the worktree'], wt);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /now marked \.skip/);
  });

  test('husky (core.hooksPath .husky): a marked block in .husky/pre-commit, which blocks the commit', async () => {
    await using repo = await createSacredRepo();
    writeHook(join(repo.root, '.husky', 'pre-commit'), 'npm run lint --if-present >/dev/null 2>&1 || true');
    repo.git('config', 'core.hooksPath', '.husky');
    const r = install(repo);
    assert.equal(r.manager, 'husky');
    assert.equal(r.action, 'updated');
    assert.equal(r.path, join(repo.root, '.husky', 'pre-commit'));
    const text = readFileSync(r.path, 'utf8');
    assert.match(text, /^#!\/bin\/sh\n# >>> bosun pre-commit gate/, 'the block goes first, after the shebang');
    assert.match(text, /npm run lint/, 'the user\'s lines are kept');
    assert.equal(install(repo).action, 'unchanged');

    repo.write(INVOICE, WEAKENED);
    const refused = commit(repo, ['-am', 'x']);
    assert.notEqual(refused.code, 0, refused.out);
    assert.match(refused.out, /now marked \.skip/);

    assert.equal(uninstallPreCommitHook(dirsOf(repo)).action, 'removed');
    assert.doesNotMatch(readFileSync(r.path, 'utf8'), /bosun/);
  });

  test('husky v9 (core.hooksPath .husky/_) with no .husky/pre-commit yet: created', async () => {
    await using repo = await createSacredRepo();
    repo.git('config', 'core.hooksPath', '.husky/_');
    const r = install(repo);
    assert.equal(r.manager, 'husky');
    assert.equal(r.action, 'created');
    assert.match(readFileSync(join(repo.root, '.husky', 'pre-commit'), 'utf8'), /gate pre-commit/);
  });

  test('a custom core.hooksPath gets the hook there', async () => {
    await using repo = await createSacredRepo();
    repo.git('config', 'core.hooksPath', '.githooks');
    const r = install(repo);
    assert.equal(r.manager, 'hooks-path');
    assert.equal(r.path, join(repo.root, '.githooks', 'pre-commit'));
    repo.write(INVOICE, WEAKENED);
    assert.notEqual(commit(repo, ['-am', 'x']).code, 0);
  });

  test('lefthook: nothing is written, the snippet to add is returned', async () => {
    await using repo = await createSacredRepo({ files: { 'lefthook.yml': 'pre-commit:\n  commands:\n    lint:\n      run: npm run lint\n' } });
    const r = install(repo, preCommitCommand('/opt/bosun'));
    assert.equal(r.action, 'manual');
    assert.equal(r.manager, 'lefthook');
    assert.equal(r.path, null);
    assert.equal(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit')), false);
    assert.match(r.notes.join('\n'), /bosun-gate:\n {6}run: node "\/opt\/bosun\/bin\/bosun\.js" gate pre-commit/);
  });

  test('a missing lock blocks the commit and says how to create it (fail closed)', async () => {
    await using repo = await createSacredRepo({ lock: false });
    install(repo);
    repo.write('src/billing.js', '// x\n');
    const r = commit(repo, ['-am', 'x']);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /no \.bosun\/sacred\.lock in the staged snapshot/);
    assert.match(r.out, /bosun sacred lock/);
    assert.match(r.out, /exit 3/);
  });
});

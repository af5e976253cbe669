import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hookLocation } from './install.ts';
import { CLAUDE_EVENTS, hookCommand, mergeHooks } from './settings.ts';

const HOOK = '/opt/bosun/dist/hook.cjs';

test('merging into empty settings wires every event', () => {
  const s = mergeHooks({}, HOOK) as { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string; timeout: number }> }>> };
  for (const e of CLAUDE_EVENTS) {
    assert.equal(s.hooks[e]?.length, 1, e);
    assert.equal(s.hooks[e]?.[0]?.hooks[0]?.command, hookCommand(HOOK, e));
  }
  assert.equal(s.hooks['PreToolUse']?.[0]?.matcher, '*');
  assert.match(hookCommand(HOOK, 'PreToolUse'), /\|\| exit 2$/, 'a hook that cannot start must block, not fail open');
  assert.doesNotMatch(hookCommand(HOOK, 'Stop'), /exit 2/);
  assert.doesNotMatch(JSON.stringify(s), /npx/);
});

test('other keys and other hooks are kept; a second merge changes nothing', () => {
  const mine = { type: 'command', command: 'my-linter --check', timeout: 5 };
  const before = {
    model: 'opus',
    permissions: { allow: ['Bash(npm test)'] },
    hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [mine] }], Notification: [{ hooks: [{ type: 'command', command: 'notify' }] }] },
  };
  const once = mergeHooks(before, HOOK);
  const twice = mergeHooks(once, HOOK);
  assert.deepEqual(twice, once);
  const o = once as typeof before & { hooks: Record<string, unknown[]> };
  assert.equal(o.model, 'opus');
  assert.deepEqual(o.permissions, before.permissions);
  assert.deepEqual(o.hooks['Notification'], before.hooks.Notification);
  assert.deepEqual(o.hooks['PreToolUse']?.[0], { matcher: 'Bash', hooks: [mine] });
  assert.equal(o.hooks['PreToolUse']?.length, 2);
  assert.deepEqual(before.hooks.PreToolUse, [{ matcher: 'Bash', hooks: [mine] }], 'the input is not mutated');
});

test('a moved bosun installation replaces the old hook command instead of adding a second one', () => {
  const old = mergeHooks({}, '/old/place/dist/hook.cjs');
  const moved = mergeHooks(old, HOOK) as { hooks: Record<string, Array<{ hooks: Array<{ command: string }> }>> };
  for (const e of CLAUDE_EVENTS) {
    const cmds = moved.hooks[e]!.flatMap((g) => g.hooks.map((h) => h.command));
    assert.deepEqual(cmds, [hookCommand(HOOK, e)], e);
  }
});

test('bosun inside the project: $CLAUDE_PROJECT_DIR first, this machine\'s path as the fallback; both forms are recognised', () => {
  const loc = { absolute: '/home/me/app/node_modules/bosun/dist/hook.cjs', projectRelative: 'node_modules/bosun/dist/hook.cjs' };
  const pre = hookCommand(loc, 'PreToolUse');
  assert.equal(pre, 'bosun_hook="$CLAUDE_PROJECT_DIR/node_modules/bosun/dist/hook.cjs"; [ -f "$bosun_hook" ] || bosun_hook="/home/me/app/node_modules/bosun/dist/hook.cjs"; node "$bosun_hook" claude-code PreToolUse || exit 2');
  // Switching between the absolute and the project-relative form replaces bosun's entry in place.
  const relative = mergeHooks(mergeHooks({}, HOOK), loc) as { hooks: Record<string, Array<{ hooks: Array<{ command: string }> }>> };
  for (const e of CLAUDE_EVENTS) assert.deepEqual(relative.hooks[e]?.flatMap((g) => g.hooks.map((h) => h.command)), [hookCommand(loc, e)], e);
  const back = mergeHooks(relative, HOOK) as typeof relative;
  for (const e of CLAUDE_EVENTS) assert.deepEqual(back.hooks[e]?.flatMap((g) => g.hooks.map((h) => h.command)), [hookCommand(HOOK, e)], e);
});

test('the project-relative command runs the project\'s bundle, else the fallback, else blocks (PreToolUse)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-hookcmd-'));
  try {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'dist'), { recursive: true });
    writeFileSync(join(project, 'dist', 'hook.cjs'), "process.stdout.write('project ' + process.argv.slice(2).join(' '))");
    const fallback = join(dir, 'fallback.cjs');
    writeFileSync(fallback, "process.stdout.write('fallback ' + process.argv.slice(2).join(' '))");
    const cmd = (event: string): string => hookCommand({ absolute: fallback, projectRelative: 'dist/hook.cjs' }, event);
    const sh = (command: string, projectDir: string) => spawnSync('sh', ['-c', command], { encoding: 'utf8', env: { ...process.env, CLAUDE_PROJECT_DIR: projectDir } });
    assert.equal(sh(cmd('Stop'), project).stdout, 'project claude-code Stop');
    assert.equal(sh(cmd('Stop'), join(dir, 'worktree-without-dist')).stdout, 'fallback claude-code Stop');
    rmSync(fallback);
    const blocked = sh(cmd('PreToolUse'), join(dir, 'worktree-without-dist'));
    assert.equal(blocked.status, 2, 'neither bundle: PreToolUse blocks instead of failing open');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hookLocation: project-relative only for a bundle inside the repository, with a path the shell takes as is', () => {
  assert.deepEqual(hookLocation('/repo/node_modules/bosun/dist/hook.cjs', '/repo'), { absolute: '/repo/node_modules/bosun/dist/hook.cjs', projectRelative: 'node_modules/bosun/dist/hook.cjs' });
  assert.equal(hookLocation('/opt/bosun/dist/hook.cjs', '/repo').projectRelative, null);
  assert.equal(hookLocation('/repo-other/dist/hook.cjs', '/repo').projectRelative, null);
  assert.equal(hookLocation('/repo/we$ird/dist/hook.cjs', '/repo').projectRelative, null);
  assert.equal(hookLocation('/repo/dist/hook.cjs', null).projectRelative, null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
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

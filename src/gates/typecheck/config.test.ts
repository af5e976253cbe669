import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../../fleet/index.ts';
import { expandCommand, parseGateSettings, shellQuote } from './config.ts';

describe('parseGateSettings', () => {
  test('defaults: type-check on, no commands', () => {
    assert.deepEqual(parseGateSettings(undefined), { ok: true, settings: { typecheck: { enabled: true, projects: null }, commands: [] } });
    assert.deepEqual(parseGateSettings({ ci: { provider: 'local' } }), { ok: true, settings: { typecheck: { enabled: true, projects: null }, commands: [] } });
  });

  test('a full, valid shape', () => {
    const r = parseGateSettings({
      typecheck: { enabled: false, projects: ['packages/*/tsconfig.json'] },
      pre_commit: [
        { glob: '**/*.py', run: 'python -m py_compile {files}' },
        { glob: ['**/*.sh', 'bin/*'], run: 'shellcheck {files}', name: 'shellcheck', timeout: 30 },
      ],
    });
    assert.ok(r.ok);
    assert.deepEqual(r.settings.typecheck, { enabled: false, projects: ['packages/*/tsconfig.json'] });
    assert.deepEqual(r.settings.commands, [
      { name: 'python -m py_compile', globs: ['**/*.py'], run: 'python -m py_compile {files}', timeoutMs: 600_000 },
      { name: 'shellcheck', globs: ['**/*.sh', 'bin/*'], run: 'shellcheck {files}', timeoutMs: 30_000 },
    ]);
    assert.deepEqual(parseGateSettings({ typecheck: false }), { ok: true, settings: { typecheck: { enabled: false, projects: null }, commands: [] } });
  });

  const BAD: Array<[string, JsonObject, RegExp[]]> = [
    ['pre_commit not a list', { pre_commit: { glob: '*.py' } }, [/^gates\.pre_commit: expected a list of \{ glob, run \} mappings, got object$/]],
    ['an entry not a mapping', { pre_commit: ['ruff'] }, [/^gates\.pre_commit\[0\]: expected a mapping/]],
    ['missing glob and run', { pre_commit: [{}] }, [/^gates\.pre_commit\[0\]\.glob: missing/, /^gates\.pre_commit\[0\]\.run: expected a shell command/]],
    ['typo in a key, with a suggestion', { pre_commit: [{ globs: '*.py', run: 'x' }] }, [/^gates\.pre_commit\[0\]\.globs: unknown key \(did you mean "glob"\?\)/, /glob: missing/]],
    ['empty glob list', { pre_commit: [{ glob: [], run: 'x' }] }, [/^gates\.pre_commit\[0\]\.glob: expected a glob or a non-empty list of globs, got a list$/]],
    ['bad timeout', { pre_commit: [{ glob: '*', run: 'x', timeout: -1 }] }, [/^gates\.pre_commit\[0\]\.timeout: expected a number of seconds > 0, got -1$/]],
    ['typecheck not a mapping', { typecheck: 'yes' }, [/^gates\.typecheck: expected a mapping/]],
    ['typecheck.enabled not a boolean', { typecheck: { enabled: 'no' } }, [/^gates\.typecheck\.enabled: expected true or false, got string$/]],
    ['typecheck unknown key', { typecheck: { project: ['a'] } }, [/^gates\.typecheck\.project: unknown key \(did you mean "projects"\?\)/]],
    ['every problem at once', { typecheck: { enabled: 1 }, pre_commit: [{ glob: 3, run: 'x' }, { glob: '*', run: '' }] }, [/typecheck\.enabled/, /pre_commit\[0\]\.glob/, /pre_commit\[1\]\.run/]],
  ];
  for (const [name, gates, expected] of BAD) {
    test(`invalid: ${name}`, () => {
      const r = parseGateSettings(gates);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.issues.length, expected.length, r.issues.join('\n'));
      expected.forEach((re, i) => assert.match(r.issues[i]!, re));
    });
  }
});

test('expandCommand quotes every file for the shell', () => {
  assert.equal(expandCommand('ruff check {files}', ['a.py', 'dir with space/b.py', "it's.py"]), `ruff check a.py 'dir with space/b.py' 'it'\\''s.py'`);
  assert.equal(expandCommand('cargo check', ['src/main.rs']), 'cargo check');
  assert.equal(expandCommand('x {files} && y {files}', ['a']), 'x a && y a');
  assert.equal(shellQuote('$(rm -rf ~)'), `'$(rm -rf ~)'`);
});

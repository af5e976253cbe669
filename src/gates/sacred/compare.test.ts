import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareLock, compareRunner, runnerNotices } from './compare.ts';
import { parseLock, sameLockContent, serializeLock } from './lock-format.ts';
import type { LockedFile, RunnerState, SacredLock, SacredSnapshot, SacredTest } from './types.ts';

const H = (c: string): string => c.repeat(64);
const t = (name: string, assertions = 1, markers: SacredTest['markers'] = []): SacredTest => ({ name, assertions, markers });
const file = (sha: string, tests: SacredTest[] = []): LockedFile => ({ sha256: H(sha), tests });
const RUNNER = { scripts: { 'package.json scripts.test': 'jest' }, configs: { 'jest.config.js': H('c') }, uncovered: {}, setup: { 'jest.setup.js': H('s') } };

const LOCK: SacredLock = {
  version: 1,
  approval: { by: 'A <a@x>', reason: 'initial lock', at: '2026-01-01T00:00:00.000Z' },
  files: {
    'test/billing/a.test.js': file('a', [t('a > one', 2), t('a > two'), t('a > dup'), t('a > dup', 3)]),
    'test/billing/b.test.js': file('b', [t('b')]),
  },
  runner: RUNNER,
};

function snap(files: Record<string, LockedFile>, over: Partial<SacredSnapshot> = {}, runner: Partial<RunnerState> = {}): SacredSnapshot {
  return { files, outside: {}, elsewhere: {}, runner: { ...RUNNER, opaque: [], ...runner }, ...over };
}

const msgs = (lock: SacredLock, s: SacredSnapshot): string[] => compareLock(lock, s).map((f) => `${f.kind}: ${f.message}`);

test('compareLock: an identical tree has no findings', () => {
  assert.deepEqual(msgs(LOCK, snap({ ...LOCK.files })), []);
});

test('compareLock: a changed file with test-level details (duplicates paired in order)', () => {
  const now = file('z', [t('a > one', 1), t('a > dup', 1, ['only']), t('a > dup', 1), t('a > new', 0, ['todo'])]);
  assert.deepEqual(msgs(LOCK, snap({ ...LOCK.files, 'test/billing/a.test.js': now })), [
    'changed: test/billing/a.test.js: changed since the lock',
    'assertions-decreased: test/billing/a.test.js: test "a > one" has fewer assertions (2 → 1)',
    'test-vanished: test/billing/a.test.js: test "a > two" is gone',
    'marker-added: test/billing/a.test.js: test "a > dup" is now marked .only',
    'assertions-decreased: test/billing/a.test.js: test "a > dup" has fewer assertions (3 → 1)',
    'marker-added: test/billing/a.test.js: new test "a > new" is marked .todo',
  ]);
});

test('compareLock: a changed hash with the same tests is still a finding', () => {
  assert.deepEqual(msgs(LOCK, snap({ ...LOCK.files, 'test/billing/b.test.js': file('y', [t('b')]) })), ['changed: test/billing/b.test.js: changed since the lock']);
});

test('compareLock: missing, moved (inside and outside the globs), unlocked, unprotected', () => {
  const { 'test/billing/a.test.js': a, 'test/billing/b.test.js': b } = LOCK.files;
  assert.deepEqual(msgs(LOCK, snap({ 'test/billing/a.test.js': a! })), ['missing: test/billing/b.test.js: deleted (it is in the lock but not in the tree)']);
  assert.deepEqual(msgs(LOCK, snap({ 'test/billing/a.test.js': a! }, { elsewhere: { [H('b')]: ['test/b.test.js'] } })), ['moved: test/billing/b.test.js: moved to test/b.test.js']);
  assert.deepEqual(msgs(LOCK, snap({ 'test/billing/a.test.js': a!, 'test/billing/b.test.js.off': b! })), ['moved: test/billing/b.test.js: moved to test/billing/b.test.js.off']);
  assert.deepEqual(msgs(LOCK, snap({ ...LOCK.files, 'test/billing/c.test.js': file('c', [t('c', 0, ['skip'])]) })), [
    'unlocked: test/billing/c.test.js: matches protected.sacred but is not in the lock',
    'marker-added: test/billing/c.test.js: new test "c" is marked .skip',
  ]);
  assert.deepEqual(msgs(LOCK, snap({ 'test/billing/a.test.js': a! }, { outside: { 'test/billing/b.test.js': b! } })), ['unprotected: test/billing/b.test.js: in the lock, but protected.sacred no longer covers it']);
});

test('compareRunner: scripts always; configs only when opaque; new exclusions', () => {
  const now: RunnerState = { scripts: { 'package.json scripts.test': 'jest src' }, configs: { 'jest.config.js': H('d'), 'vitest.config.ts': H('e') }, uncovered: { 'test/billing/a.test.js': 'jest roots …', 'old.test.js': 'x' }, opaque: ['vitest.config.ts'], setup: { 'jest.setup.js': H('s') } };
  const lock = { ...RUNNER, uncovered: { 'old.test.js': 'x' } };
  assert.deepEqual(compareRunner(lock, now).map((f) => f.message), [
    'package.json scripts.test changed: "jest" → "jest src"; re-approve if intended',
    'runner configuration added: vitest.config.ts (bosun cannot read it statically); re-approve if intended',
    'test/billing/a.test.js: the test runner no longer runs it: jest roots …',
  ]);
  assert.equal(compareRunner(lock, now, true).filter((f) => f.kind === 'runner-config-changed').length, 2, 'everyConfig shows readable changes too');
  assert.deepEqual(runnerNotices(RUNNER, { ...now, uncovered: {}, opaque: [] }), [
    'runner configuration changed: jest.config.js (bosun read it: every sacred test still runs)',
    'runner configuration added: vitest.config.ts (bosun read it: every sacred test still runs)',
  ]);
  assert.deepEqual(runnerNotices(RUNNER, now), [], 'no reassuring note while an exclusion is reported');
});

test('compareRunner: setup code that runs with the sacred tests, changed/added/removed', () => {
  const now: RunnerState = { ...RUNNER, opaque: [], setup: { 'jest.setup.js': H('t'), 'tests/conftest.py': H('u') } };
  assert.deepEqual(compareRunner(RUNNER, now).map((f) => `${f.kind}: ${f.message}`), [
    'runner-setup-changed: jest.setup.js: test setup code changed (it runs with the sacred tests); re-approve if intended',
    'runner-setup-changed: tests/conftest.py: test setup code added (it runs with the sacred tests); re-approve if intended',
  ]);
  assert.deepEqual(compareRunner(RUNNER, { ...now, setup: {} }).map((f) => f.message), ['jest.setup.js: test setup code removed (it runs with the sacred tests); re-approve if intended']);
});

test('lock format: stable order, round trip, validation', () => {
  const shuffled: SacredLock = { ...LOCK, files: { 'z.test.js': file('f', [t('x', 1, ['todo', 'skip'])]), ...LOCK.files }, runner: { ...RUNNER, configs: { 'z': H('1'), 'a': H('2') } } };
  const text = serializeLock(shuffled);
  assert.deepEqual(Object.keys(JSON.parse(text) as object), ['version', 'approval', 'files', 'runner']);
  assert.ok(text.indexOf('test/billing/a.test.js') < text.indexOf('z.test.js'));
  assert.ok(text.includes('"markers": [\n            "skip",\n            "todo"\n          ]'));
  assert.equal(serializeLock(parseLock(text)), text);
  assert.ok(sameLockContent(shuffled, { ...parseLock(text), approval: null }));
  assert.ok(!sameLockContent(LOCK, shuffled));
  for (const bad of ['nope', '[]', '{"version":2,"files":{},"runner":{}}', '{"version":1,"files":{"a":{"sha256":"x","tests":[]}},"runner":{}}', '{"version":1,"files":{},"runner":{"scripts":{"a":1}}}']) {
    assert.throws(() => parseLock(bad, 'L'), (e: Error & { code?: string }) => e.code === 'E_SACRED_LOCK_INVALID' && e.message.startsWith('L is not a valid sacred-test lock'), bad);
  }
});

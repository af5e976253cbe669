import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFleetParser } from '../fleet/index.ts';
import { evaluate, type PolicyContext } from './index.ts';
import { npmPkgTouchesTests, packageTestKeysChanged } from './runner-config.ts';

const PKG = JSON.stringify({ name: 'a', scripts: { test: 'node --test test/', build: 'tsc' }, dependencies: { x: '1' } }, null, 2);

test('packageTestKeysChanged sees the test script and runner settings, not the rest', () => {
  const edit = (f: (p: Record<string, unknown>) => void): string => {
    const p = JSON.parse(PKG) as Record<string, unknown>;
    f(p);
    return JSON.stringify(p);
  };
  assert.deepEqual(packageTestKeysChanged(PKG, edit((p) => ((p['dependencies'] as Record<string, string>)['y'] = '2'))), []);
  assert.deepEqual(packageTestKeysChanged(PKG, edit((p) => ((p['scripts'] as Record<string, string>)['build'] = 'tsc -b'))), []);
  assert.deepEqual(packageTestKeysChanged(PKG, edit((p) => ((p['scripts'] as Record<string, string>)['test'] = 'node --test test/unit'))), ['scripts.test']);
  assert.deepEqual(packageTestKeysChanged(PKG, edit((p) => (p['jest'] = { testPathIgnorePatterns: ['billing'] }))), ['jest']);
  assert.deepEqual(packageTestKeysChanged(PKG, '{ broken'), ['(package.json would not be valid JSON)']);
  assert.deepEqual(packageTestKeysChanged(null, PKG), ['scripts.test']);
});

test('npmPkgTouchesTests', () => {
  assert.equal(npmPkgTouchesTests(['npm', 'pkg', 'set', 'scripts.test=echo ok']), 'scripts.test=echo ok');
  assert.equal(npmPkgTouchesTests(['npm', 'pkg', 'delete', 'jest.testMatch']), 'jest.testMatch');
  assert.equal(npmPkgTouchesTests(['npm', 'pkg', 'set', 'version=2.0.0']), undefined);
  assert.equal(npmPkgTouchesTests(['npm', 'pkg', 'get', 'scripts.test']), undefined);
});

test('an agent that may edit package.json may change dependencies but not the test settings, while sacred tests exist', async () => {
  const { parseFleet } = await loadFleetParser();
  const yaml = (sacred: string) => `version: 1\ndefault_agent: dev\nagents:\n  dev:\n    role: Dev.\n    edit: ["**"]\nprotected:\n  sacred: ${sacred}\n`;
  const ctx: PolicyContext = { repoRoot: '/r', cwd: '/r', gitDir: '/r/.git', commonDir: '/r/.git', tempDirs: ['/tmp'], home: null };
  const withSacred = parseFleet(yaml('["test/billing/**"]'), 'f');
  const without = parseFleet(yaml('[]'), 'f');
  assert.ok(withSacred.ok && without.ok);
  const narrowed = PKG.replace('node --test test/', 'node --test test/unit');
  const deps = PKG.replace('"x": "1"', '"x": "2"');
  const d1 = evaluate(withSacred.fleet, 'dev', { kind: 'edit', path: '/r/package.json', change: { before: PKG, after: narrowed } }, ctx);
  assert.equal(d1.decision, 'deny');
  assert.match(d1.reason, /scripts\.test/);
  assert.equal(evaluate(withSacred.fleet, 'dev', { kind: 'edit', path: '/r/package.json', change: { before: PKG, after: deps } }, ctx).decision, 'allow');
  assert.equal(evaluate(without.fleet, 'dev', { kind: 'edit', path: '/r/package.json', change: { before: PKG, after: narrowed } }, ctx).decision, 'allow', 'no sacred tests, no protection');
  assert.equal(evaluate(withSacred.fleet, 'dev', { kind: 'edit', path: '/r/package.json' }, ctx).decision, 'deny', 'a write whose content bosun cannot see');
});

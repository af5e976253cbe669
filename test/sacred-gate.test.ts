// `bosun gate sacred` on the working tree: every finding, in a real git repo, through the real CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createSacredRepo, describeRun, INVOICE_TEST, sacredCli, SACRED_FLEET } from './helpers/sacred-repo.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const INVOICE = 'test/billing/invoice.test.js';

function gate(repo: TmpRepo, extra: string[] = []): { code: number | null; lines: string[]; stderr: string; describe: string } {
  const args = ['gate', 'sacred', ...extra];
  const r = sacredCli(repo, args);
  return { code: r.code, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr, describe: describeRun(args, r) };
}

/** The gate fails with exactly these stdout lines (one per finding). */
function assertFindings(repo: TmpRepo, expected: string[]): void {
  const r = gate(repo);
  assert.equal(r.code, 1, r.describe);
  assert.deepEqual(r.lines, expected, r.describe);
  assert.match(r.stderr, /bosun sacred approve/, 'says how a person re-locks');
}

const edit = (repo: TmpRepo, from: string, to: string, path = INVOICE): void => {
  const text = readFileSync(join(repo.root, path), 'utf8');
  assert.ok(text.includes(from), `${path} contains ${from}`);
  repo.write(path, text.replace(from, to));
};

describe('bosun gate sacred (working tree)', { concurrency: 4 }, () => {
  test('a tree that matches the lock: exit 0, one line, no findings', async () => {
    await using repo = await createSacredRepo();
    const r = gate(repo);
    assert.equal(r.code, 0, r.describe);
    assert.deepEqual(r.lines, ['sacred tests match the lock (the working tree against .bosun/sacred.lock: 2 files, 4 tests)']);
    repo.write('src/billing.js', 'exports.total = () => 0;\n');
    repo.write('test/other.test.js', '// weakened, but not sacred\n');
    assert.equal(gate(repo).code, 0, 'changes outside the sacred globs do not matter');
  });

  test('a changed sacred file', async () => {
    await using repo = await createSacredRepo();
    edit(repo, "describe('invoice'", "// harmless?\ndescribe('invoice'");
    assertFindings(repo, [`${INVOICE}: changed since the lock`]);
  });

  test('a deleted sacred file', async () => {
    await using repo = await createSacredRepo();
    rmSync(join(repo.root, INVOICE));
    assertFindings(repo, [`${INVOICE}: deleted (it is in the lock but not in the tree)`]);
  });

  test('a sacred file moved out of the sacred globs (git mv)', async () => {
    await using repo = await createSacredRepo();
    repo.git('mv', INVOICE, 'test/invoice.test.js');
    assertFindings(repo, [`${INVOICE}: moved to test/invoice.test.js`]);
  });

  test('a sacred file renamed inside the sacred globs', async () => {
    await using repo = await createSacredRepo();
    renameSync(join(repo.root, INVOICE), join(repo.root, 'test/billing/invoice.test.js.off'));
    assertFindings(repo, [`${INVOICE}: moved to test/billing/invoice.test.js.off`]);
  });

  test('a test vanished', async () => {
    await using repo = await createSacredRepo();
    edit(repo, "  it('rounds half up', () => {\n    expect(round(1.005)).toBe(1.01);\n  });\n", '');
    assertFindings(repo, [`${INVOICE}: changed since the lock`, `${INVOICE}: test "invoice > rounds half up" is gone`]);
  });

  test('assertions decreased', async () => {
    await using repo = await createSacredRepo();
    edit(repo, '    assert.equal(total([]), 0);\n', '');
    assertFindings(repo, [`${INVOICE}: changed since the lock`, `${INVOICE}: test "invoice > adds the lines" has fewer assertions (2 → 1)`]);
  });

  test('.skip added', async () => {
    await using repo = await createSacredRepo();
    edit(repo, "it('adds the lines'", "it.skip('adds the lines'");
    assertFindings(repo, [`${INVOICE}: changed since the lock`, `${INVOICE}: test "invoice > adds the lines" is now marked .skip`]);
  });

  test('.only added', async () => {
    await using repo = await createSacredRepo();
    edit(repo, "test('keeps the currency'", "test.only('keeps the currency'");
    assertFindings(repo, [`${INVOICE}: changed since the lock`, `${INVOICE}: test "invoice > keeps the currency" is now marked .only`]);
  });

  test('.todo added (and its assertion gone)', async () => {
    await using repo = await createSacredRepo();
    edit(repo, "  test('keeps the currency', () => {\n    expect(total([1], 'EUR')).toEqual(1);\n  });", "  test.todo('keeps the currency');");
    assertFindings(repo, [
      `${INVOICE}: changed since the lock`,
      `${INVOICE}: test "invoice > keeps the currency" has fewer assertions (1 → 0)`,
      `${INVOICE}: test "invoice > keeps the currency" is now marked .todo`,
    ]);
  });

  test('node:test options and t.skip() count as skips', async () => {
    await using repo = await createSacredRepo();
    edit(repo, "test('vat is 20%', (t) => {", "test('vat is 20%', { skip: 'flaky' }, (t) => {", 'test/billing/tax.test.mjs');
    assertFindings(repo, ['test/billing/tax.test.mjs: changed since the lock', 'test/billing/tax.test.mjs: test "vat is 20%" is now marked .skip']);
  });

  test('a new file under the sacred globs is not in the lock', async () => {
    await using repo = await createSacredRepo();
    repo.write('test/billing/refund.test.js', "test.only('refunds', () => {});\n");
    assertFindings(repo, ['test/billing/refund.test.js: matches protected.sacred but is not in the lock', 'test/billing/refund.test.js: new test "refunds" is marked .only']);
  });

  test('protected.sacred narrowed: locked files it no longer covers', async () => {
    await using repo = await createSacredRepo();
    repo.write('.bosun/fleet.yaml', SACRED_FLEET.replace('["test/billing/**"]', '["test/billing/tax.test.mjs"]'));
    assertFindings(repo, [`${INVOICE}: in the lock, but protected.sacred no longer covers it`]);
  });
});

describe('bosun gate sacred: the test runner no longer runs sacred tests', { concurrency: 4 }, () => {
  test('package.json test script narrowed (jest path pattern)', async () => {
    await using repo = await createSacredRepo();
    const pkg = JSON.parse(readFileSync(join(repo.root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    pkg.scripts['test'] = 'jest test/other';
    repo.write('package.json', JSON.stringify(pkg, null, 2));
    assertFindings(repo, [
      'package.json scripts.test changed: "jest" → "jest test/other"; re-approve if intended',
      `${INVOICE}: the test runner no longer runs it: jest (package.json scripts.test) runs only paths matching ["test/other"]`,
      'test/billing/tax.test.mjs: the test runner no longer runs it: jest (package.json scripts.test) runs only paths matching ["test/other"]',
    ]);
  });

  test('--testPathIgnorePatterns on the test script command line', async () => {
    await using repo = await createSacredRepo();
    repo.write('package.json', JSON.stringify({ name: 'acme', scripts: { test: 'jest --testPathIgnorePatterns tax' }, jest: { testPathIgnorePatterns: ['/node_modules/'] } }));
    assertFindings(repo, [
      'package.json scripts.test changed: "jest" → "jest --testPathIgnorePatterns tax"; re-approve if intended',
      'test/billing/tax.test.mjs: the test runner no longer runs it: jest --testPathIgnorePatterns (package.json scripts.test) "tax" matches it',
    ]);
  });

  test('jest testPathIgnorePatterns in package.json', async () => {
    await using repo = await createSacredRepo();
    repo.write('package.json', JSON.stringify({ name: 'acme', private: true, scripts: { test: 'jest' }, jest: { testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/billing/inv'] } }));
    assertFindings(repo, [`${INVOICE}: the test runner no longer runs it: jest testPathIgnorePatterns (package.json#jest) "<rootDir>/test/billing/inv" matches it`]);
  });

  test('jest.config.js: a statically readable exclusion names the file and the config', async () => {
    await using repo = await createSacredRepo();
    repo.write('jest.config.js', "const ignored = ['/node_modules/', 'billing/tax'];\nmodule.exports = { testPathIgnorePatterns: ignored };\n");
    assertFindings(repo, ['test/billing/tax.test.mjs: the test runner no longer runs it: jest testPathIgnorePatterns (jest.config.js) "billing/tax" matches it']);
  });

  test('jest.config.js that excludes nothing sacred passes, with a note', async () => {
    await using repo = await createSacredRepo();
    repo.write('jest.config.js', "module.exports = { testPathIgnorePatterns: ['/node_modules/', '/fixtures/'], verbose: true };\n");
    const r = gate(repo);
    assert.equal(r.code, 0, r.describe);
    assert.match(r.stderr, /note: runner configuration added: jest\.config\.js \(bosun read it: every sacred test still runs\)/);
  });

  test('a config bosun cannot read statically: changed → conservative finding', async () => {
    await using repo = await createSacredRepo({ files: { 'jest.config.js': 'module.exports = require("./jest.base.js");\n', 'jest.base.js': 'module.exports = {};\n' } });
    assert.equal(gate(repo).code, 0);
    repo.write('jest.config.js', 'module.exports = { ...require("./jest.base.js"), bail: 1 };\n');
    assertFindings(repo, ['runner configuration changed: jest.config.js (bosun cannot read it statically); re-approve if intended']);
  });

  test('vitest exclude (with ...configDefaults.exclude)', async () => {
    await using repo = await createSacredRepo({
      files: {
        'package.json': JSON.stringify({ name: 'acme', scripts: { test: 'vitest run' } }),
        'vitest.config.ts': "import { defineConfig, configDefaults } from 'vitest/config';\nexport default defineConfig({ test: { globals: true, exclude: [...configDefaults.exclude] } });\n",
      },
    });
    repo.write('vitest.config.ts', "import { defineConfig, configDefaults } from 'vitest/config';\nexport default defineConfig({ test: { globals: true, exclude: [...configDefaults.exclude, 'test/billing/**'] } });\n");
    assertFindings(repo, [
      `${INVOICE}: the test runner no longer runs it: vitest test.exclude "test/billing/**" (vitest.config.ts) matches it`,
      'test/billing/tax.test.mjs: the test runner no longer runs it: vitest test.exclude "test/billing/**" (vitest.config.ts) matches it',
    ]);
  });

  test('node --test paths narrowed in the test script', async () => {
    await using repo = await createSacredRepo({ files: { 'package.json': JSON.stringify({ name: 'acme', scripts: { test: 'node --test test/' } }) } });
    repo.write('package.json', JSON.stringify({ name: 'acme', scripts: { test: 'node --test test/billing/tax.test.mjs' } }));
    assertFindings(repo, [
      'package.json scripts.test changed: "node --test test/" → "node --test test/billing/tax.test.mjs"; re-approve if intended',
      `${INVOICE}: the test runner no longer runs it: node --test (package.json scripts.test) runs only ["test/billing/tax.test.mjs"]`,
    ]);
  });
});

describe('bosun gate sacred: setup code that runs with every sacred test', { concurrency: 4 }, () => {
  test('a jest setupFilesAfterEnv file changed', async () => {
    await using repo = await createSacredRepo({
      files: {
        'package.json': JSON.stringify({ name: 'acme', scripts: { test: 'jest' }, jest: { setupFilesAfterEnv: ['<rootDir>/test/setup'] } }),
        'test/setup.js': "require('./matchers');\n",
      },
    });
    repo.write('test/setup.js', "global.expect = () => ({ toBe() {}, toEqual() {} });\n");
    assertFindings(repo, ['test/setup.js: test setup code changed (it runs with the sacred tests); re-approve if intended']);
  });

  test('a pytest conftest.py above a sacred test, added', async () => {
    await using repo = await createSacredRepo({
      files: {
        '.bosun/fleet.yaml': SACRED_FLEET.replace('["test/billing/**"]', '["tests/billing/**"]'),
        'pytest.ini': '[pytest]\naddopts = -q\n',
        'tests/billing/test_invoice.py': 'def test_total():\n    assert 1 + 2 == 3\n',
      },
    });
    repo.write('tests/conftest.py', 'def pytest_collection_modifyitems(items):\n    items.clear()\n');
    assertFindings(repo, ['tests/conftest.py: test setup code added (it runs with the sacred tests); re-approve if intended']);
  });
});

describe('bosun gate sacred: usage and environment', { concurrency: 4 }, () => {
  test('no lock while protected.sacred names tests: exit 3 and how to create it', async () => {
    await using repo = await createSacredRepo({ lock: false });
    const r = gate(repo);
    assert.equal(r.code, 3, r.describe);
    assert.match(r.stderr, /no \.bosun\/sacred\.lock in the working tree/);
    assert.match(r.stderr, /bosun sacred lock/);
  });

  test('nothing sacred and no lock: exit 0', async () => {
    await using repo = await createTmpRepo({ prefix: 'bosun-sacred-', files: { '.bosun/fleet.yaml': SACRED_FLEET.replace('["test/billing/**"]', '[]') } });
    assert.equal(gate(repo).code, 0);
  });

  test('bad usage is exit 2; outside a repository exit 4', async () => {
    await using repo = await createSacredRepo({ lock: false });
    assert.equal(sacredCli(repo, ['gate', 'sacrd']).code, 2);
    assert.equal(sacredCli(repo, ['gate', 'sacred', '--bogus']).code, 2);
    assert.equal(sacredCli(repo, ['gate', 'pre-commit', '--base', 'main']).code, 2);
    const r = sacredCli(repo, ['gate', 'sacred', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--base REV/);
    const outside = mkdtempSync(join(tmpdir(), 'bosun-norepo-'));
    try {
      const { spawnSync } = await import('node:child_process');
      const { MAIN_TS, TSX_LOADER, humanEnv } = await import('./helpers/sacred-repo.ts');
      const n = spawnSync(process.execPath, ['--import', TSX_LOADER, MAIN_TS, 'gate', 'sacred'], { cwd: outside, env: humanEnv(repo), encoding: 'utf8' });
      assert.equal(n.status, 4, n.stderr);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('--json: findings with kind, file and test', async () => {
    await using repo = await createSacredRepo();
    repo.write(INVOICE, INVOICE_TEST.replace("it('rounds half up'", "xit('rounds half up'"));
    const r = sacredCli(repo, ['gate', 'sacred', '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { ok: boolean; findings: Array<{ kind: string; file: string; test?: string }> };
    assert.equal(out.ok, false);
    assert.deepEqual(out.findings.map((f) => [f.kind, f.file, f.test]), [
      ['changed', INVOICE, undefined],
      ['marker-added', INVOICE, 'invoice > rounds half up'],
    ]);
  });
});

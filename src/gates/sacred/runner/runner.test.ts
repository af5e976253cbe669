import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { evaluateRunner, fingerprintRunner, runnerVerdict } from './analyze.ts';
import { followScripts, splitCommands } from './commands.ts';
import { readJsConfig } from './js-config.ts';
import { fnmatchRegExp, globRegExp } from './patterns.ts';
import { conftestsFor, repoPath, resolveRef } from './setup-files.ts';

const readers = { readJs: readJsConfig, readYaml: (t: string): unknown => parseYaml(t) as unknown };
const ROOT = '/repo';
const A = 'test/billing/a.test.js';
const PY = 'tests/billing/test_invoice.py';
const pkg = (test: string | null, extra: object = {}): string => JSON.stringify({ name: 'x', ...(test === null ? {} : { scripts: { test } }), ...extra });

/** [what, files, sacred file, expected: null = still run, string = a fragment of the exclusion reason, 'unknown' = opaque] */
const CASES: Array<[string, Record<string, string>, string, string | null]> = [
  // jest
  ['jest defaults run a .test.js file', { 'package.json': pkg('jest') }, A, null],
  ['jest positional path pattern', { 'package.json': pkg('jest src/') }, A, 'jest (package.json scripts.test) runs only paths matching ["src/"]'],
  ['jest --testPathIgnorePatterns=', { 'package.json': pkg('jest --testPathIgnorePatterns=billing') }, A, 'jest --testPathIgnorePatterns (package.json scripts.test) "billing" matches it'],
  ['jest via npm run and cross-env', { 'package.json': pkg('npm run test:unit', { scripts: { test: 'npm run test:unit', 'test:unit': 'cross-env CI=1 npx jest --roots src' } }) }, A, 'jest --roots (package.json scripts.test:unit) ["src"] do not include it'],
  ['jest testMatch in package.json', { 'package.json': pkg('jest', { jest: { testMatch: ['**/src/**/*.test.js'] } }) }, A, 'jest testMatch (package.json#jest) ["**/src/**/*.test.js"] does not match it'],
  ['jest negated testMatch', { 'package.json': pkg('jest', { jest: { testMatch: ['**/*.test.js', '!**/billing/**'] } }) }, A, 'does not match it'],
  ['jest testRegex', { 'package.json': pkg('jest', { jest: { testRegex: 'src/.*\\.spec\\.js$' } }) }, A, 'jest testRegex (package.json#jest) ["src/.*\\\\.spec\\\\.js$"] does not match it'],
  ['jest modulePathIgnorePatterns', { 'package.json': pkg('jest'), 'jest.config.json': JSON.stringify({ modulePathIgnorePatterns: ['<rootDir>/test/billing'] }) }, A, 'jest modulePathIgnorePatterns (jest.config.json) "<rootDir>/test/billing" matches it'],
  ['jest rootDir + roots in a TS config with defineConfig-like export', { 'package.json': pkg('jest'), 'jest.config.ts': "import type { Config } from 'jest';\nconst config: Config = { rootDir: '.', roots: ['<rootDir>/src', '<rootDir>/test/unit'] };\nexport default config;\n" }, A, 'jest roots (jest.config.ts) ["<rootDir>/src","<rootDir>/test/unit"] do not include it'],
  ['jest config spread from an import: unknown, not an exclusion', { 'package.json': pkg('jest'), 'jest.config.js': "const base = require('./base');\nmodule.exports = { ...base };\n" }, A, 'unknown'],
  ['jest: an unresolved spread may bring `projects`: unknown even with explicit keys', { 'package.json': pkg('jest'), 'jest.config.js': "module.exports = { ...require('./base'), testPathIgnorePatterns: ['billing'] };\n" }, A, 'unknown'],
  ['jest: explicit keys after a resolved spread are read', { 'package.json': pkg('jest'), 'jest.config.js': "const base = { verbose: true };\nmodule.exports = { ...base, testPathIgnorePatterns: ['billing'] };\n" }, A, '"billing" matches it'],
  ['jest --onlyChanged runs a subset', { 'package.json': pkg('jest -o') }, A, 'jest --onlyChanged (package.json scripts.test) runs only a subset of the tests'],
  ['jest -t filters by name: unknown', { 'package.json': pkg('jest -t billing') }, A, 'unknown'],
  ['jest projects: unknown', { 'package.json': pkg('jest', { jest: { projects: ['a'] } }) }, A, 'unknown'],
  ['a leftover jest config does not matter when the script runs vitest', { 'package.json': pkg('vitest run'), 'jest.config.js': "module.exports = { testPathIgnorePatterns: ['billing'] };" }, A, null],
  ['two jest runs: one covering is enough', { 'package.json': pkg('jest src && jest test/billing') }, A, null],
  // vitest
  ['vitest defaults', { 'package.json': pkg('vitest run') }, A, null],
  ['vitest include narrowed', { 'package.json': pkg('vitest'), 'vitest.config.mts': "export default { test: { include: ['src/**/*.test.ts'] } };" }, A, 'vitest test.include ["src/**/*.test.ts"] (vitest.config.mts) does not match it'],
  ['vitest exclude replaces the defaults', { 'package.json': pkg('vitest'), 'vite.config.ts': "import { defineConfig } from 'vite';\nexport default defineConfig(({ mode }) => ({ plugins: [react()], test: { exclude: ['**/billing/**'] } }));" }, A, 'vitest test.exclude "**/billing/**" (vite.config.ts) matches it'],
  ['vitest --exclude on the command line', { 'package.json': pkg('vitest run --exclude "test/billing/**"') }, A, 'vitest --exclude "test/billing/**" (package.json scripts.test) matches it'],
  ['vitest positional filter', { 'package.json': pkg('vitest run src') }, A, 'vitest (package.json scripts.test) runs only files matching ["src"]'],
  ['vitest dir', { 'package.json': pkg('vitest'), 'vitest.config.ts': "export default defineConfig({ test: { dir: 'src' } })" }, A, 'vitest test.dir "src" (vitest.config.ts) does not contain it'],
  ['vitest workspace: unknown', { 'package.json': pkg('vitest'), 'vitest.workspace.ts': 'export default []' }, A, 'unknown'],
  ['vitest exclude from a variable bosun cannot see: unknown', { 'package.json': pkg('vitest'), 'vitest.config.ts': "import { ex } from './ex';\nexport default { test: { exclude: ex } };" }, A, 'unknown'],
  // mocha
  ['mocha default spec is ./test, not recursive', { 'package.json': pkg('mocha') }, A, 'mocha spec ["./test"] (mocha defaults (package.json scripts.test)) does not include it'],
  ['mocha --recursive', { 'package.json': pkg('mocha --recursive') }, A, null],
  ['mocha .mocharc.yml ignore', { 'package.json': pkg('mocha'), '.mocharc.yml': "spec: 'test/**/*.test.js'\nignore:\n  - 'test/billing/**'\n" }, A, 'mocha ignore "test/billing/**" (.mocharc.yml (package.json scripts.test)) matches it'],
  ['mocha .mocharc.json spec', { 'package.json': pkg('mocha'), '.mocharc.json': '{ "spec": ["test/unit/**/*.js"] } // comment' }, A, 'mocha spec ["test/unit/**/*.js"]'],
  ['mocha --grep: unknown', { 'package.json': pkg('mocha -g fast --recursive') }, A, 'unknown'],
  // node --test
  ['node --test with no paths uses its patterns', { 'package.json': pkg('node --test') }, A, null],
  ['node --import tsx --test dir', { 'package.json': pkg('node --import tsx --test test/') }, A, null],
  ['node --test file list without the sacred file', { 'package.json': pkg('node --test test/unit/x.test.js') }, A, 'node --test (package.json scripts.test) runs only ["test/unit/x.test.js"]'],
  ['node --test glob', { 'package.json': pkg("node --test 'test/**/*.test.js'") }, A, null],
  ['node --test-name-pattern: unknown', { 'package.json': pkg('node --test --test-name-pattern=fast') }, A, 'unknown'],
  // pytest
  ['pytest defaults', { 'package.json': pkg(null), 'pytest.ini': '[pytest]\nminversion = 7\n' }, PY, null],
  ['pytest --ignore in addopts', { 'pytest.ini': '[pytest]\naddopts = -q --ignore=tests/billing\n' }, PY, 'pytest --ignore=tests/billing matches it'],
  ['pytest norecursedirs', { 'setup.cfg': '[metadata]\nname = x\n[tool:pytest]\nnorecursedirs =\n    billing\n    .git\n' }, PY, 'pytest norecursedirs ["billing",".git"] (setup.cfg) skips its directory "billing"'],
  ['pytest testpaths in pyproject', { 'pyproject.toml': '[project]\nname = "x"\n[tool.pytest.ini_options]\ntestpaths = [\n  "tests/unit",\n]\n' }, PY, 'pytest testpaths (pyproject.toml) ["tests/unit"] do not include it'],
  ['pytest -k: unknown', { 'tox.ini': '[pytest]\naddopts = -k "not billing"\n' }, PY, 'unknown'],
  ['pytest from the test script', { 'package.json': pkg('python -m pytest --ignore-glob=*billing*') }, PY, 'pytest --ignore-glob=*billing* matches it'],
];

for (const [what, files, sacred, expected] of CASES) {
  test(`runner: ${what}`, () => {
    const r = evaluateRunner({ root: ROOT, files, checks: {} }, [sacred], readers);
    if (expected === null) {
      assert.deepEqual(r.uncovered, {}, JSON.stringify(r));
    } else if (expected === 'unknown') {
      assert.deepEqual(r.uncovered, {}, 'unknown is never reported as an exclusion');
      assert.equal(runnerVerdict({ root: ROOT, files, checks: {} }, sacred, readers)?.run, null, JSON.stringify(r));
    } else {
      const reason = r.uncovered[sacred];
      assert.ok(reason?.includes(expected), `expected "${expected}" in ${JSON.stringify(r.uncovered)}`);
    }
  });
}

test('runner: a runner covering the file wins over one excluding it; all excluding → all reasons', () => {
  const files = { 'package.json': pkg('jest src && node --test test/') };
  assert.deepEqual(evaluateRunner({ root: ROOT, files, checks: {} }, [A], readers).uncovered, {});
  const both = evaluateRunner({ root: ROOT, files: { 'package.json': pkg('jest src && node --test other/') }, checks: {} }, [A], readers).uncovered[A];
  assert.match(both ?? '', /jest .* runs only paths matching \["src"\]; node --test .* runs only \["other"\]/);
});

test('runner: opaque sources are named (for the conservative "changed" finding)', () => {
  const r = evaluateRunner({ root: ROOT, files: { 'package.json': pkg('jest'), 'jest.config.js': 'module.exports = makeConfig();' }, checks: {} }, [A], readers);
  assert.deepEqual(r.opaque, ['jest.config.js']);
});

test('fingerprint: the test script, scripts it reaches, fleet checks that run tests, config hashes', () => {
  const files = {
    'package.json': JSON.stringify({ scripts: { pretest: 'tsc', test: 'npm run unit', unit: 'jest', lint: 'eslint .' }, jest: { verbose: true } }),
    'jest.config.js': 'module.exports = {}',
    'pyproject.toml': '[project]\nname = "x"\n',
    'setup.cfg': '[tool:pytest]\naddopts = -q\n',
  };
  const fp = fingerprintRunner({ root: ROOT, files, checks: { test: 'npm test', lint: 'npm run lint', py: 'pytest -q' } });
  assert.deepEqual(fp.scripts, {
    'package.json scripts.pretest': 'tsc',
    'package.json scripts.test': 'npm run unit',
    'package.json scripts.unit': 'jest',
    'fleet checks.test': 'npm test',
    'fleet checks.py': 'pytest -q',
  });
  assert.deepEqual(Object.keys(fp.configs).sort(), ['jest.config.js', 'package.json#jest', 'setup.cfg [tool:pytest]']);
});

test('commands: quoting, operators, wrappers, yarn binaries', () => {
  assert.deepEqual(splitCommands(`FOO=1 jest "a b" 'c' && echo x | tee y; (cd z && mocha)`), [['FOO=1', 'jest', 'a b', 'c'], ['echo', 'x'], ['tee', 'y'], ['cd', 'z'], ['mocha']]);
  const c = followScripts([['root', 'yarn jest --ci && pnpm exec vitest run && npx --no-install c8 -r text node --test && python3 -m pytest -q']], {});
  assert.deepEqual(c.invocations.map((i) => [i.runner, i.args.join(' ')]), [['jest', '--ci'], ['vitest', 'run'], ['node', '--test'], ['pytest', '-q']]);
  assert.deepEqual(followScripts([['root', 'npm run a']], { a: 'npm run b', b: 'npm run a' }).scripts, { root: 'npm run a', 'package.json scripts.a': 'npm run b', 'package.json scripts.b': 'npm run a' }, 'cycles end');
});

test('patterns: micromatch-style globs with extglobs, and fnmatch', () => {
  const g = (p: string, s: string): boolean => globRegExp(p)!.test(s);
  assert.ok(g('**/?(*.)+(spec|test).?([mc])[jt]s?(x)', '/repo/test/billing/a.test.js'));
  assert.ok(g('**/?(*.)+(spec|test).?([mc])[jt]s?(x)', 'x/a.spec.mts'));
  assert.ok(!g('**/?(*.)+(spec|test).?([mc])[jt]s?(x)', 'x/a.js'));
  assert.ok(g('**/__tests__/**/*.[jt]s?(x)', '/r/src/__tests__/deep/a.tsx'));
  assert.ok(g('**/*.{test,spec}.?(c|m)[jt]s?(x)', 'test/billing/a.test.js'));
  assert.ok(g('**/.{idea,git,cache,output,temp}/**', 'a/.git/x'));
  assert.ok(g('test/!(billing)/**', 'test/unit/a.js'));
  assert.ok(!g('test/!(billing)/**', 'test/billing/a.js'));
  assert.ok(!g('test/*.js', 'test/billing/a.js'));
  assert.ok(fnmatchRegExp('*billing*')!.test('tests/billing/test_x.py'));
  assert.ok(fnmatchRegExp('test_*.py')!.test('test_invoice.py'));
});

test('readJsConfig: what can be read and what cannot', () => {
  const v = readJsConfig("const shared = { a: 1 };\nexport default defineConfig({ ...shared, list: ['x', ...more], fn() {}, n: null } satisfies X);", 'c.ts');
  assert.deepEqual(v, { $object: { a: 1, list: ['x', { $opaque: 'more' }], fn: { $opaque: 'fn() {}' }, n: null }, open: false });
  assert.deepEqual(readJsConfig('export const x = 1;', 'c.js'), { $opaque: '<no static export>' });
});

test('setup code: every path the configs and command lines name (packages are not followed)', () => {
  const files = {
    'package.json': pkg('node --import ./test/setup.mjs --require tsx --test && mocha -r ./test/mocha-hooks.js', {
      jest: { setupFilesAfterEnv: ['<rootDir>/jest.setup'], transform: { '\\.js$': ['./tools/transform.js', {}], x: 'babel-jest' }, testEnvironment: 'node' },
      mocha: { require: ['./test/hooks.js'] },
    }),
    'vitest.config.ts': "export default { test: { setupFiles: './vitest.setup.ts', globalSetup: ['./gs.ts'] } }",
  };
  const r = evaluateRunner({ root: ROOT, files, checks: {} }, [A], readers);
  assert.deepEqual(r.setupRefs, ['gs.ts', 'jest.setup', 'test/hooks.js', 'test/mocha-hooks.js', 'test/setup.mjs', 'tools/transform.js', 'vitest.setup.ts']);
  assert.equal(repoPath('../outside.js'), null);
  assert.equal(repoPath('ts-jest'), null);
  const tree = new Set(['jest.setup.ts', 'lib/index.js', 'tests/conftest.py', 'tests/billing/conftest.py', 'conftest.py']);
  assert.equal(resolveRef('jest.setup', (p) => tree.has(p)), 'jest.setup.ts');
  assert.equal(resolveRef('lib', (p) => tree.has(p)), 'lib/index.js');
  assert.deepEqual(conftestsFor(PY, (p) => tree.has(p)), ['conftest.py', 'tests/conftest.py', 'tests/billing/conftest.py']);
  assert.deepEqual(conftestsFor(A, (p) => tree.has(p)), []);
});

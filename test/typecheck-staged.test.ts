// The staged type-check (issue 5 §1) against real git repos: it checks what the commit will contain — the
// index, materialised outside the working tree — over the changed projects and their dependents.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sacredCli } from './helpers/sacred-repo.ts';
import {
  APP_ERROR, APP_MAIN, CORE_BROKEN, CORE_OK, FLEET, REFERENCE_FILES, TS5, TS7, WORKSPACE_FILES, WORKSPACE_LINKS,
  createTsRepo, fleetWithGates, indexHash, typecheckStaged, worktreeState,
} from './fixtures/typecheck/repos.ts';

const projectsOf = (r: { projects: { config: string }[] }): string[] => r.projects.map((p) => p.config).sort();
const slotTree = (root: string): string => {
  const cache = join(root, '.git', 'bosun', 'tscache');
  const slot = readdirSync(cache).find((n) => n.startsWith('index-'));
  assert.ok(slot, 'a cache slot exists');
  return join(cache, slot, 'tree');
};

describe('staged type-check: workspaces monorepo', { concurrency: 2 }, () => {
  test('a staged change to an exported type that breaks a dependent package fails and names the dependent file', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', 'packages/core/src/index.ts');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, false, JSON.stringify(r.findings));
    assert.match(r.findings.join('\n'), APP_ERROR);
    assert.deepEqual(projectsOf(r), ['packages/app/tsconfig.json', 'packages/core/tsconfig.json'], 'the dependent is checked, the unrelated package is not');
    assert.equal(r.compiler?.kind, 'typescript');

    const cli = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(cli.code, 1, cli.stdout + cli.stderr);
    assert.match(cli.stdout, APP_ERROR);
    assert.match(cli.stderr, /the typecheck gate found 1 problem in the staged snapshot/);
  });

  test('an unstaged fix does not hide a staged error', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', 'packages/core/src/index.ts');
    repo.write('packages/core/src/index.ts', CORE_OK); // the working tree is fine again; the index is not
    repo.write('packages/app/src/main.ts', APP_MAIN.replace('id: 1', "id: '1'")); // nor would the app's unstaged fix count
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, false);
    assert.match(r.findings.join('\n'), APP_ERROR);
  });

  test('unstaged breakage does not fail a clean staged commit', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_OK + '\nexport const version = 2;\n');
    repo.git('add', 'packages/core/src/index.ts');
    repo.write('packages/core/src/index.ts', CORE_BROKEN); // broken, but not staged
    repo.write('packages/app/src/main.ts', 'export const n: number = "nope";\n');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, true, r.findings.join('\n'));
    assert.deepEqual(projectsOf(r), ['packages/app/tsconfig.json', 'packages/core/tsconfig.json']);
  });

  test('a staged break and its staged fix together pass', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.write('packages/app/src/main.ts', APP_MAIN.replace('id: 1', "id: '1'"));
    repo.git('add', '-A');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, true, r.findings.join('\n'));
  });

  test('the gate changes neither the working tree nor the index, also when it fails', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', 'packages/core/src/index.ts');
    repo.write('packages/core/src/index.ts', CORE_OK);
    repo.write('packages/app/src/new.ts', 'export const untracked = 1;\n');
    for (const expectOk of [false, true]) {
      const before = worktreeState(repo);
      const h1 = indexHash(repo);
      const r = sacredCli(repo, ['gate', 'pre-commit']);
      const h2 = indexHash(repo);
      assert.equal(r.code, expectOk ? 0 : 1, r.stdout + r.stderr);
      assert.equal(h2, h1, 'the index file is byte-identical');
      assert.deepEqual(worktreeState(repo), before);
      repo.git('add', 'packages/core/src/index.ts'); // now stage the fixed version: the second round passes
    }
  });
});

describe('staged type-check: a commit cannot switch off its own check', () => {
  test('disabling the type-check in the staged fleet takes effect from the next commit, not this one', async () => {
    await using repo = await createTsRepo({ files: { ...WORKSPACE_FILES, '.bosun/fleet.yaml': FLEET }, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('.bosun/fleet.yaml', fleetWithGates('typecheck: { enabled: false }'));
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    const sneaky = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(sneaky.code, 1, 'HEAD still asks for the type-check: ' + sneaky.stdout + sneaky.stderr);
    assert.match(sneaky.stdout, APP_ERROR);

    // Committed on its own, the setting holds for the commits after it.
    repo.write('packages/core/src/index.ts', CORE_OK);
    repo.git('add', '-A');
    assert.equal(sacredCli(repo, ['gate', 'pre-commit']).code, 0);
    repo.git('commit', '-qm', 'turn the type-check off');
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    const later = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(later.code, 0, later.stdout + later.stderr);
  });
});

describe('staged type-check: project references (tsc -b)', { concurrency: 2 }, () => {
  for (const [name, ts, kind] of [['TypeScript 5', TS5, 'typescript'], ['TypeScript 7 (native)', TS7, 'typescript-7']] as const) {
    test(`${name}: a break in the referenced project fails in the referencing one`, async () => {
      await using repo = await createTsRepo({ files: REFERENCE_FILES, typescript: ts });
      const clean = await typecheckStaged(repo);
      assert.equal(clean.ok, true, 'nothing staged: nothing to check');
      repo.write('packages/core/src/index.ts', CORE_BROKEN);
      repo.git('add', '-A');
      const r = await typecheckStaged(repo);
      assert.equal(r.compiler?.kind, kind);
      assert.equal(r.ok, false, JSON.stringify(r, null, 2));
      assert.match(r.findings.join('\n'), APP_ERROR);
      assert.ok(r.projects.every((p) => p.build), 'checked with tsc -b');
      assert.ok(!existsSync(join(repo.root, 'packages/core/dist')), 'tsc -b emitted nothing into the working tree');
    });
  }
});

describe('staged type-check: tsconfig paths aliases and wide includes (no workspaces, no references)', { concurrency: 2 }, () => {
  // Nx style: the root tsconfig.base.json maps @acme/core to the lib's sources; the app extends it
  const BASE = { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [], noEmit: true };
  const files = {
    '.gitignore': 'node_modules\n',
    '.bosun/fleet.yaml': WORKSPACE_FILES['.bosun/fleet.yaml']!,
    'tsconfig.base.json': JSON.stringify({ compilerOptions: { ...BASE, baseUrl: '.', paths: { '@acme/core': ['libs/core/src/index.ts'] } } }),
    'libs/core/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }),
    'libs/core/src/index.ts': CORE_OK,
    'apps/app/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }),
    'apps/app/src/main.ts': APP_MAIN,
    'apps/other/tsconfig.json': JSON.stringify({ compilerOptions: BASE, include: ['src'] }),
    'apps/other/src/index.ts': 'export const two: number = 2;\n',
  };
  test('a staged break in a lib fails in the app that imports it through an inherited paths alias', async () => {
    await using repo = await createTsRepo({ files, typescript: TS5 });
    repo.write('libs/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, false, JSON.stringify(r, null, 2));
    assert.match(r.findings.join('\n'), /^apps\/app\/src\/main\.ts:3:\d+: error TS2322/m);
    assert.deepEqual(projectsOf(r), ['apps/app/tsconfig.json', 'libs/core/tsconfig.json'], 'the app with the alias is checked, the other app is not');
  });

  test('a root tsconfig that includes a nested package\'s sources is checked with it', async () => {
    const wide = {
      ...files,
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...BASE, noUnusedLocals: true }, include: ['libs/*/src'] }),
      'libs/core/tsconfig.json': JSON.stringify({ compilerOptions: BASE, include: ['src'] }),
    };
    await using repo = await createTsRepo({ files: wide, typescript: TS5 });
    repo.write('libs/core/src/index.ts', `${CORE_OK}function unused(): void {}\n`); // an error only under the root's options
    repo.git('add', '-A');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, false, JSON.stringify(r, null, 2));
    assert.match(r.findings.join('\n'), /^libs\/core\/src\/index\.ts:\d+:\d+: error TS6133/m);
    assert.ok(projectsOf(r).includes('tsconfig.json'), projectsOf(r).join(', '));
  });
});

describe('staged type-check: which TypeScript', { concurrency: 2 }, () => {
  const files = { '.gitignore': 'node_modules\n', '.bosun/fleet.yaml': WORKSPACE_FILES['.bosun/fleet.yaml']!, 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] }), 'src/a.ts': 'export const a: number = 1;\n' };
  const cases = [
    { name: 'TypeScript 7 in node_modules: its native tsc', ts: TS7, kind: 'typescript-7', version: /^7\./, native: true },
    { name: 'TypeScript 5 in node_modules: its tsc', ts: TS5, kind: 'typescript', version: /^5\./, native: false },
    { name: 'no TypeScript in the repository: the one bosun ships', ts: null, kind: 'bundled', version: /^5\./, native: false },
  ] as const;
  for (const c of cases) {
    test(`${c.name}, and it reports the error`, async () => {
      await using repo = await createTsRepo({ files, typescript: c.ts });
      repo.write('src/a.ts', 'export const a: number = "one";\n');
      repo.git('add', 'src/a.ts');
      const r = await typecheckStaged(repo);
      assert.equal(r.compiler?.kind, c.kind);
      assert.match(r.compiler!.version, c.version);
      assert.equal(r.runs[0]!.argv[0] === process.execPath, !c.native, `native compilers run as their binary: ${r.runs[0]!.argv[0]}`);
      assert.deepEqual(r.findings, ["src/a.ts:1:14: error TS2322: Type 'string' is not assignable to type 'number'."]);
    });
  }

  test('tsgo (@typescript/native-preview) wins over node_modules/typescript', async () => {
    // A stand-in for the native-preview package: its bin execs TypeScript 7's native compiler.
    const tsgoPkg = { name: '@typescript/native-preview', version: '7.0.0-dev.test', bin: { tsgo: 'bin/tsgo.js' } };
    const tsgoBin = `#!/usr/bin/env node\nconst { spawnSync } = require('node:child_process');\nconst { createRequire } = require('node:module');\nconst r = createRequire(${JSON.stringify(join(TS7, 'package.json'))});\nconst exe = require('node:path').join(require('node:path').dirname(r.resolve('@typescript/typescript-' + process.platform + '-' + process.arch + '/package.json')), 'lib', 'tsc');\nprocess.exit(spawnSync(exe, process.argv.slice(2), { stdio: 'inherit' }).status ?? 1);\n`;
    await using repo = await createTsRepo({ files: { ...files, 'node_modules/@typescript/native-preview/package.json': JSON.stringify(tsgoPkg), 'node_modules/@typescript/native-preview/bin/tsgo.js': tsgoBin }, typescript: TS5, links: { 'node_modules/.bin/tsgo': '../@typescript/native-preview/bin/tsgo.js' } });
    repo.write('src/a.ts', 'export const a: number = "one";\n');
    repo.git('add', 'src/a.ts');
    const r = await typecheckStaged(repo);
    assert.equal(r.compiler?.kind, 'tsgo');
    assert.equal(r.compiler?.version, '7.0.0-dev.test');
    assert.match(r.findings.join('\n'), /^src\/a\.ts:1:14: error TS2322/);
  });
});

describe('staged type-check: the cache never hides an error', { concurrency: 2 }, () => {
  test('a cached clean run, then a staged break in the base package: the unchanged dependent fails', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_OK + '\n');
    repo.git('add', '-A');
    assert.equal((await typecheckStaged(repo)).ok, true);
    const infos = readdirSync(join(slotTree(repo.root), '..', 'info'));
    assert.ok(infos.some((f) => f.endsWith('.tsbuildinfo')), `an incremental cache was written: ${infos.join(', ')}`);
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, false);
    assert.match(r.findings.join('\n'), APP_ERROR);
    assert.ok(r.timings!.written < 5, `only the changed file was rewritten (${r.timings!.written})`);
  });

  test('an error is reported on every run, not only the first', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    for (let i = 0; i < 3; i++) assert.match((await typecheckStaged(repo)).findings.join('\n'), APP_ERROR, `run ${i + 1}`);
  });

  test('a snapshot file edited behind bosun\'s back (same size and mtime) is rewritten from the index', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    assert.equal((await typecheckStaged(repo)).ok, false);
    const copy = join(slotTree(repo.root), 'packages/core/src/index.ts');
    const ref = join(repo.dir, 'mtime-ref');
    writeFileSync(ref, '');
    execFileSync('touch', ['-r', copy, ref]); // keeps the nanoseconds, which utimes from JS would round
    const before = statSync(copy);
    writeFileSync(copy, CORE_BROKEN.replace('id: string;', 'id: number;')); // fixed, same length
    assert.equal(readFileSync(copy, 'utf8').length, CORE_BROKEN.length);
    execFileSync('touch', ['-r', ref, copy]);
    assert.equal(statSync(copy).mtimeMs, before.mtimeMs, 'size and mtime are as bosun left them');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, false, 'the tampered copy was not trusted');
    assert.match(r.findings.join('\n'), APP_ERROR);
    assert.equal(readFileSync(copy, 'utf8'), CORE_BROKEN);
  });

  test('a corrupt tsbuildinfo or a lost manifest still gives the right answer', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    assert.equal((await typecheckStaged(repo)).ok, false);
    const slot = join(slotTree(repo.root), '..');
    for (const f of readdirSync(join(slot, 'info'))) writeFileSync(join(slot, 'info', f), '{"program": garbage');
    assert.match((await typecheckStaged(repo)).findings.join('\n'), APP_ERROR);
    writeFileSync(join(slot, 'info', readdirSync(join(slot, 'info'))[0]!), JSON.stringify({ version: '5.9.3', program: { fileNames: [] } }));
    assert.match((await typecheckStaged(repo)).findings.join('\n'), APP_ERROR);
    // a run killed mid-sync leaves no manifest: the next run rebuilds the tree
    writeFileSync(join(slot, 'tree', 'packages/core/src/index.ts'), CORE_OK);
    writeFileSync(join(slot, 'manifest.json'), 'not json');
    const r = await typecheckStaged(repo);
    assert.match(r.findings.join('\n'), APP_ERROR);
    assert.ok(r.timings!.written >= Object.keys(WORKSPACE_FILES).length, 'rebuilt from scratch');
  });
});

describe('staged type-check: nothing to check', { concurrency: 2 }, () => {
  test('a repository without TypeScript passes with a notice, without a snapshot', async () => {
    await using repo = await createTsRepo({ files: { '.bosun/fleet.yaml': WORKSPACE_FILES['.bosun/fleet.yaml']!, 'app.py': 'print(1)\n' } });
    repo.write('app.py', 'print(2)\n');
    repo.write('lib.js', 'module.exports = 1;\n');
    repo.git('add', '-A');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, true);
    assert.deepEqual(r.notices, ['no tsconfig.json in the staged snapshot: nothing to type-check']);
    assert.ok(!existsSync(join(repo.root, '.git', 'bosun', 'tscache')), 'nothing materialised');
    const cli = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stderr, /note \(typecheck\): no tsconfig\.json in the staged snapshot/);
  });

  test('a commit without TypeScript changes passes without running tsc', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.write('packages/app/src/main.ts', 'export const broken: number = "x";\n'); // unstaged
    repo.write('README.md', '# changed\n');
    repo.git('add', 'README.md');
    const r = await typecheckStaged(repo);
    assert.equal(r.ok, true);
    assert.equal(r.runs.length, 0);
    assert.match(r.notices[0]!, /no TypeScript, JavaScript, tsconfig or package\.json change staged/);
  });

  test('gates.typecheck.enabled: false turns it off; projects: narrows what counts as a project (once committed)', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    // Settings take effect from the commit after the one that changes them (a commit cannot relax its own check).
    repo.write('.bosun/fleet.yaml', `${WORKSPACE_FILES['.bosun/fleet.yaml']}gates:\n  typecheck: { enabled: false }\n`);
    repo.git('commit', '-qam', 'type-check off');
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('add', '-A');
    const off = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(off.code, 0, off.stdout + off.stderr);
    assert.match(off.stderr, /the type-check is off/);
    repo.write('.bosun/fleet.yaml', `${WORKSPACE_FILES['.bosun/fleet.yaml']}gates:\n  typecheck: { projects: [packages/core/tsconfig.json] }\n`);
    repo.git('commit', '-qm', 'only core is a project', '--', '.bosun/fleet.yaml'); // the staged break stays staged
    const narrow = sacredCli(repo, ['gate', 'pre-commit', '--json']);
    assert.equal(narrow.code, 0, 'only core is a project now, and core itself is fine');
    const tc = (JSON.parse(narrow.stdout) as { gates: { gate: string; details: { projects: { config: string }[] } }[] }).gates.find((g) => g.gate === 'typecheck')!;
    assert.deepEqual(tc.details.projects.map((p) => p.config), ['packages/core/tsconfig.json']);
  });
});

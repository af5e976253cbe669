import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { globMatch } from '../../policy/index.ts';
import { isTypecheckRelevant, selectProjects, workspaceDirs, type GraphInput, type TsConfigInfo } from './graph.ts';

const cfg = (path: string, o: Partial<Omit<TsConfigInfo, 'path'>> = {}): TsConfigInfo => ({ path, extends: [], references: [], composite: false, ...o });

/** core <- api <- web; util alone; docs outside every package. */
const WORKSPACES: Omit<GraphInput, 'changed'> = {
  configs: [
    cfg('tsconfig.base.json'),
    cfg('packages/core/tsconfig.json', { extends: ['tsconfig.base.json'] }),
    cfg('packages/api/tsconfig.json', { extends: ['tsconfig.base.json'] }),
    cfg('packages/api/test/tsconfig.json'),
    cfg('packages/web/tsconfig.json', { extends: ['packages/web/tsconfig.strict.json'] }),
    cfg('packages/web/tsconfig.strict.json', { extends: ['tsconfig.base.json'] }),
    cfg('packages/util/tsconfig.json'),
  ],
  projects: ['packages/core/tsconfig.json', 'packages/api/tsconfig.json', 'packages/api/test/tsconfig.json', 'packages/web/tsconfig.json', 'packages/util/tsconfig.json'],
  packages: [
    { dir: 'packages/core', name: '@x/core', deps: ['zod'] },
    { dir: 'packages/api', name: '@x/api', deps: ['@x/core'] },
    { dir: 'packages/web', name: '@x/web', deps: ['@x/api', 'react'] },
    { dir: 'packages/util', name: '@x/util', deps: [] },
  ],
};

/** Project references: app -> lib -> base; tools alone; solution root references app and tools. */
const REFERENCES: Omit<GraphInput, 'changed'> = {
  configs: [
    cfg('tsconfig.json', { references: ['app/tsconfig.json', 'tools/tsconfig.json'] }),
    cfg('base/tsconfig.json', { composite: true }),
    cfg('lib/tsconfig.json', { composite: true, references: ['base/tsconfig.json'] }),
    cfg('app/tsconfig.json', { references: ['lib/tsconfig.json'] }),
    cfg('tools/tsconfig.json', { composite: true }),
  ],
  projects: ['tsconfig.json', 'base/tsconfig.json', 'lib/tsconfig.json', 'app/tsconfig.json', 'tools/tsconfig.json'],
  packages: [],
};

const CASES: Array<{ name: string; graph: Omit<GraphInput, 'changed'>; changed: string[]; projects: string[]; uncovered?: string[] }> = [
  { name: 'a change in the base package checks it and every dependent, transitively', graph: WORKSPACES, changed: ['packages/core/src/user.ts'], projects: ['packages/core/tsconfig.json', 'packages/api/tsconfig.json', 'packages/api/test/tsconfig.json', 'packages/web/tsconfig.json'] },
  { name: 'a change in a leaf package checks only it', graph: WORKSPACES, changed: ['packages/web/src/page.tsx'], projects: ['packages/web/tsconfig.json'] },
  { name: 'a file in a nested project checks that project and its package', graph: WORKSPACES, changed: ['packages/api/test/a.test.ts'], projects: ['packages/api/tsconfig.json', 'packages/api/test/tsconfig.json', 'packages/web/tsconfig.json'] },
  { name: 'an unrelated package stays unchecked', graph: WORKSPACES, changed: ['packages/util/src/x.ts'], projects: ['packages/util/tsconfig.json'] },
  { name: 'non-code changes check nothing', graph: WORKSPACES, changed: ['README.md', 'packages/core/data.csv'], projects: [] },
  { name: 'a changed shared base tsconfig checks every project extending it, through chains', graph: WORKSPACES, changed: ['tsconfig.base.json'], projects: ['packages/core/tsconfig.json', 'packages/api/tsconfig.json', 'packages/api/test/tsconfig.json', 'packages/web/tsconfig.json'] },
  { name: 'a changed package.json checks the package and its dependents', graph: WORKSPACES, changed: ['packages/api/package.json'], projects: ['packages/api/tsconfig.json', 'packages/api/test/tsconfig.json', 'packages/web/tsconfig.json'] },
  { name: 'a TypeScript file outside every project is reported uncovered', graph: WORKSPACES, changed: ['scripts/build.ts'], projects: [], uncovered: ['scripts/build.ts'] },
  { name: 'a deleted file still selects its project', graph: WORKSPACES, changed: ['packages/core/src/gone.ts'], projects: ['packages/core/tsconfig.json', 'packages/api/tsconfig.json', 'packages/api/test/tsconfig.json', 'packages/web/tsconfig.json'] },
  { name: 'references: a change in the base project checks everything that references it, transitively', graph: REFERENCES, changed: ['base/src/a.ts'], projects: ['tsconfig.json', 'base/tsconfig.json', 'lib/tsconfig.json', 'app/tsconfig.json'] },
  { name: 'references: a change in the app checks the app and the solution', graph: REFERENCES, changed: ['app/src/main.ts'], projects: ['tsconfig.json', 'app/tsconfig.json'] },
  { name: 'references: a root file falls to the root project', graph: REFERENCES, changed: ['vite.config.ts'], projects: ['tsconfig.json'] },
  { name: 'references: a deleted referenced tsconfig checks its referrers', graph: { ...REFERENCES, projects: REFERENCES.projects.filter((p) => p !== 'tools/tsconfig.json') }, changed: ['tools/tsconfig.json'], projects: ['tsconfig.json'] },
];

describe('selectProjects', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const r = selectProjects({ ...c.graph, changed: c.changed });
      assert.deepEqual(r.projects.map((p) => p.config).sort(), [...c.projects].sort());
      assert.deepEqual(r.uncovered, c.uncovered ?? []);
    });
  }

  test('build mode for projects with references or composite, -p for the rest', () => {
    const r = selectProjects({ ...REFERENCES, changed: ['base/src/a.ts'] });
    const build = Object.fromEntries(r.projects.map((p) => [p.config, p.build]));
    assert.deepEqual(build, { 'tsconfig.json': true, 'base/tsconfig.json': true, 'lib/tsconfig.json': true, 'app/tsconfig.json': true });
    const w = selectProjects({ ...WORKSPACES, changed: ['packages/util/a.ts'] });
    assert.equal(w.projects[0]!.build, false);
  });

  test('reasons name the dependency that pulled a project in', () => {
    const r = selectProjects({ ...WORKSPACES, changed: ['packages/core/src/user.ts'] });
    const why = Object.fromEntries(r.projects.map((p) => [p.config, p.why]));
    assert.equal(why['packages/core/tsconfig.json'], 'packages/core/src/user.ts changed');
    assert.equal(why['packages/web/tsconfig.json'], 'in package @x/web, which depends on @x/api');
  });

  test('dependency cycles terminate', () => {
    const g = { ...WORKSPACES, packages: [{ dir: 'packages/core', name: '@x/core', deps: ['@x/api'] }, { dir: 'packages/api', name: '@x/api', deps: ['@x/core'] }] };
    const r = selectProjects({ ...g, changed: ['packages/core/a.ts'] });
    assert.deepEqual(r.projects.map((p) => p.config).sort(), ['packages/api/test/tsconfig.json', 'packages/api/tsconfig.json', 'packages/core/tsconfig.json']);
  });
});

/** No workspaces, no references: an Nx-style repo where apps import libs through tsconfig `paths` aliases. */
const ALIASES: Omit<GraphInput, 'changed'> = {
  configs: [
    cfg('libs/base/tsconfig.json', { reaches: ['libs/base/src'] }),
    cfg('libs/ui/tsconfig.json', { reaches: ['libs/ui/src'] }),
    cfg('apps/web/tsconfig.json', { reaches: ['apps/web/src', 'libs/base/src'] }),
    cfg('apps/admin/tsconfig.json', { reaches: ['apps/admin/src'] }),
    cfg('tools/tsconfig.json', { reaches: ['tools'] }),
    cfg('tsconfig.json', { reaches: ['tools'] }),
  ],
  projects: ['libs/base/tsconfig.json', 'libs/ui/tsconfig.json', 'apps/web/tsconfig.json', 'apps/admin/tsconfig.json', 'tools/tsconfig.json', 'tsconfig.json'],
  packages: [],
};

describe('selectProjects: include, files and paths that reach other dirs', () => {
  const rows: Array<[string, string[], string[]]> = [
    ['a lib file read through an alias checks the app that maps it', ['libs/base/src/index.ts'], ['libs/base/tsconfig.json', 'apps/web/tsconfig.json']],
    ['a lib file outside the aliased dir still checks the app (it depends on the lib project)', ['libs/base/lib/util.ts'], ['libs/base/tsconfig.json', 'apps/web/tsconfig.json']],
    ['an unmapped lib checks only itself', ['libs/ui/src/button.tsx'], ['libs/ui/tsconfig.json']],
    ['a root project including a dir is checked for files there, though a deeper project is nearer', ['tools/gen.ts'], ['tools/tsconfig.json', 'tsconfig.json']],
    ['the app itself', ['apps/web/src/main.ts'], ['apps/web/tsconfig.json']],
  ];
  for (const [name, changed, projects] of rows) {
    test(name, () => assert.deepEqual(selectProjects({ ...ALIASES, changed }).projects.map((p) => p.config).sort(), [...projects].sort()));
  }
  test('a file only a reaching project covers is not reported uncovered', () => {
    const r = selectProjects({ configs: [cfg('app/tsconfig.json', { reaches: ['shared'] })], projects: ['app/tsconfig.json'], packages: [], changed: ['shared/x.ts'] });
    assert.deepEqual(r.projects.map((p) => p.config), ['app/tsconfig.json']);
    assert.deepEqual(r.uncovered, []);
  });
});

describe('workspaceDirs', () => {
  const dirs = ['', 'packages/a', 'packages/b', 'packages/a/fixtures/x', 'apps/web', 'apps/web/e2e', 'tools/legacy'];
  const rows: Array<[string[], string[]]> = [
    [['packages/*'], ['packages/a', 'packages/b']],
    [['packages/*', 'apps/*'], ['packages/a', 'packages/b', 'apps/web']],
    [['./packages/*/'], ['packages/a', 'packages/b']],
    [['apps/**'], ['apps/web', 'apps/web/e2e']],
    [['packages/*', '!packages/b'], ['packages/a']],
    [['tools/legacy'], ['tools/legacy']],
  ];
  for (const [patterns, expected] of rows) {
    test(patterns.join(' '), () => assert.deepEqual(workspaceDirs(patterns, dirs, globMatch), expected));
  }
});

test('isTypecheckRelevant', () => {
  for (const p of ['a.ts', 'b/c.tsx', 'x.mts', 'x.cts', 'x.d.ts', 'a.js', 'a.mjs', 'tsconfig.json', 'p/tsconfig.build.json', 'jsconfig.json', 'p/package.json']) assert.ok(isTypecheckRelevant(p), p);
  for (const p of ['README.md', 'a.py', 'data.json', 'ts/notes.txt', 'package-lock.json']) assert.ok(!isTypecheckRelevant(p), p);
});

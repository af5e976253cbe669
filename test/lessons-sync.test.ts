// `bosun workspaces`, `bosun lessons sync|search` end to end: several real git repositories under one temp
// BOSUN_HOME, the real CLI spawned (from source), real SQLite FTS5.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { STARTER_FLEET_YAML } from '../src/fleet/index.ts';
import { maybeStartBackgroundSync, sharedLessonsFor } from '../src/memory/index.ts';
import { inheritedEnv } from './helpers/child-env.ts';

const mainTs = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

interface World {
  dir: string;
  home: string;
  env: Record<string, string>;
  repo(name: string, index: string, fleet?: string): string;
  git(cwd: string, ...args: string[]): string;
}

function world(): World {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-lessons-')));
  const userHome = join(dir, 'user');
  mkdirSync(userHome);
  const gitConfig = join(dir, 'gitconfig');
  writeFileSync(gitConfig, '[user]\n\tname = T\n\temail = t@example.invalid\n[init]\n\tdefaultBranch = main\n');
  const env = { ...inheritedEnv(), HOME: userHome, BOSUN_HOME: join(dir, 'bosun-home'), GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1', TMPDIR: dir, BOSUN_LESSONS_SYNC: 'off' };
  const git = (cwd: string, ...args: string[]): string => spawnSync('git', args, { cwd, env, encoding: 'utf8' }).stdout;
  return {
    dir,
    home: env.BOSUN_HOME,
    env,
    git,
    repo(name, index, fleet) {
      const root = join(dir, name);
      mkdirSync(join(root, '.bosun', 'memory'), { recursive: true });
      writeFileSync(join(root, '.bosun', 'memory', 'INDEX.md'), `# ${name} memory\n\n${index}\n`);
      if (fleet !== undefined) writeFileSync(join(root, '.bosun', 'fleet.yaml'), fleet);
      git(root, 'init', '-q');
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'init');
      return root;
    },
  };
}

function bosun(w: World, cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, mainTs, ...args], { cwd, env: w.env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: { code: number | null; stdout: string; stderr: string }): string {
  assert.equal(r.code, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

const SHARED = join('.bosun', 'memory', 'shared-lessons.md');
const lessonLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('- '));

describe('lessons sync across workspaces', () => {
  let w: World;
  let api: string;
  let web: string;
  let ops: string;
  let solo: string;
  before(() => {
    w = world();
    api = w.repo('api', [
      '- L001 [build] `npm install` takes 3 min: native modules compile from source. (2025-01-02)',
      '- L002 [db] The staging database password rotates on Mondays. (2025-02-01, private)',
      '- L003 [deploy] Deploy only from a green CI run on main. (2025-03-01)',
      '- L004 [postgres] Vacuum the orders table every week or queries crawl. (2025-03-05)',
    ].join('\n'));
    web = w.repo('web', [
      '- L001 [build] npm install takes 3 min; native modules compile from source (2025-04-01)',
      '- L002 [css] Tailwind purge removes dynamically built class names. (2025-01-05)',
    ].join('\n'));
    // Keeps its lessons home through the fleet file.
    ops = w.repo('ops', '- L001 [deploy] Snapshot the database before every deploy. (2025-05-01)', STARTER_FLEET_YAML.replace('share: true', 'share: false'));
    // Keeps its lessons home through the registry.
    solo = w.repo('solo', '- L001 [postgres] Our orders table vacuum runs nightly at 2am. (2025-06-01)');
    ok(bosun(w, api, 'workspaces', 'add'));
    ok(bosun(w, w.dir, 'workspaces', 'add', web, '--name', 'web'));
    ok(bosun(w, w.dir, 'workspaces', 'add', ops));
    ok(bosun(w, w.dir, 'workspaces', 'add', solo, '--no-share'));
  });
  after(() => rmSync(w.dir, { recursive: true, force: true }));

  test('workspaces list shows all four, solo keeps its lessons home', () => {
    const list = JSON.parse(ok(bosun(w, w.dir, 'workspaces', 'list', '--json'))) as { workspaces: { name: string; path: string; share: boolean; exists: boolean }[] };
    assert.deepEqual(list.workspaces.map((x) => [x.name, x.path, x.share, x.exists]), [
      ['api', api, true, true],
      ['ops', ops, true, true],
      ['solo', solo, false, true],
      ['web', web, true, true],
    ]);
    const again = bosun(w, w.dir, 'workspaces', 'add', api);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already registered as "api"/);
  });

  test('sync: one line per lesson, deduplicated across workspaces; private and non-sharing lessons stay home', () => {
    const report = JSON.parse(ok(bosun(w, w.dir, 'lessons', 'sync', '--json'))) as { lessons: number; workspaces: { name: string; shared: boolean; keptHome: string | null; problem: string | null }[] };
    assert.equal(report.lessons, 4);
    const byName = Object.fromEntries(report.workspaces.map((x) => [x.name, x]));
    assert.equal(byName['ops']!.shared, false);
    assert.match(byName['ops']!.keptHome ?? '', /memory\.share: false/);
    assert.equal(byName['solo']!.shared, false);
    assert.ok(report.workspaces.every((x) => x.problem === null));

    const index = readFileSync(join(w.home, 'lessons', 'INDEX.md'), 'utf8');
    assert.deepEqual(lessonLines(index), [
      '- [build] `npm install` takes 3 min: native modules compile from source. — api:L001 2025-01-02; web:L001 2025-04-01',
      '- [css] Tailwind purge removes dynamically built class names. — web:L002 2025-01-05',
      '- [deploy] Deploy only from a green CI run on main. — api:L003 2025-03-01',
      '- [postgres] Vacuum the orders table every week or queries crawl. — api:L004 2025-03-05',
    ]);
    assert.doesNotMatch(index, /password|Snapshot|nightly/);
  });

  test('broadcast: matching lessons of the others, read-only, git-ignored; nothing else is written', () => {
    ok(bosun(w, w.dir, 'lessons', 'sync'));
    const opsFile = join(ops, SHARED);
    const text = readFileSync(opsFile, 'utf8');
    assert.match(text, /^<!-- GENERATED by `bosun lessons sync`/);
    // ops's own lesson is about deploys: it receives the deploy lesson, not the css one.
    assert.deepEqual(lessonLines(text), ['- [deploy] Deploy only from a green CI run on main. (from api:L003 2025-03-01)']);
    // solo (not sharing) still receives the postgres lesson that matches it, and its own lesson went nowhere.
    assert.deepEqual(lessonLines(readFileSync(join(solo, SHARED), 'utf8')), ['- [postgres] Vacuum the orders table every week or queries crawl. (from api:L004 2025-03-05)']);
    for (const root of [api, web, ops, solo]) {
      const file = join(root, SHARED);
      assert.equal(statSync(file).mode & 0o777, 0o444, `${file} is read-only`);
      assert.doesNotMatch(readFileSync(file, 'utf8'), /password|nightly|Snapshot the database/);
      assert.equal(w.git(root, 'status', '--porcelain'), '', `${root}: the broadcast file is ignored and nothing else changed`);
      assert.equal(w.git(root, 'check-ignore', SHARED).trim(), SHARED);
      assert.equal(sharedLessonsFor({ repoRoot: root }), readFileSync(file, 'utf8'));
    }
    // Ignored through the clone's info/exclude, once, however often sync runs.
    ok(bosun(w, w.dir, 'lessons', 'sync'));
    const exclude = readFileSync(join(api, '.git', 'info', 'exclude'), 'utf8');
    assert.equal(exclude.split('\n').filter((l) => l === '/.bosun/memory/shared-lessons.md').length, 1);
  });

  test('regenerated: a hand edit is overwritten, a deleted file comes back, a new lesson travels', () => {
    const file = join(web, SHARED);
    chmodSync(file, 0o644);
    writeFileSync(file, '- [x] injected lesson\n');
    rmSync(join(ops, SHARED));
    writeFileSync(join(ops, '.bosun', 'memory', 'INDEX.md'), '# ops\n\n- L001 [deploy] Snapshot the database before every deploy. (2025-05-01)\n- L002 [css] Tailwind needs the safelist for generated class names. (2025-06-02)\n');
    writeFileSync(join(web, '.bosun', 'memory', 'INDEX.md'), readFileSync(join(web, '.bosun', 'memory', 'INDEX.md'), 'utf8') + '- L003 [deploy] Feature flags off by default on deploy. (2025-06-03)\n');
    ok(bosun(w, w.dir, 'lessons', 'sync'));
    assert.doesNotMatch(readFileSync(file, 'utf8'), /injected/);
    assert.equal(statSync(file).mode & 0o777, 0o444);
    const opsLines = lessonLines(readFileSync(join(ops, SHARED), 'utf8'));
    assert.ok(opsLines.includes('- [deploy] Feature flags off by default on deploy. (from web:L003 2025-06-03)'), opsLines.join('\n'));
    assert.ok(opsLines.includes('- [css] Tailwind purge removes dynamically built class names. (from web:L002 2025-01-05)'), opsLines.join('\n'));
  });

  test('search: ranked, with provenance; FTS syntax in the query is taken literally', () => {
    const r = JSON.parse(ok(bosun(w, w.dir, 'lessons', 'search', 'native modules', '--json'))) as { mode: string; hits: { text: string; sources: { workspace: string; id: string; date: string }[] }[] };
    assert.equal(r.mode, 'all');
    assert.equal(r.hits.length, 1);
    assert.deepEqual(r.hits[0]!.sources, [
      { workspace: 'api', id: 'L001', date: '2025-01-02' },
      { workspace: 'web', id: 'L001', date: '2025-04-01' },
    ]);
    const human = ok(bosun(w, w.dir, 'lessons', 'search', 'deploy'));
    assert.match(human, /^ 1\. \[deploy\] .+\n {4}\w+:L00\d 2025-/m);
    assert.doesNotMatch(human, /Snapshot/, 'ops keeps its lessons home');
    // A list cut by --limit says so (api's and web's deploy lessons both match).
    assert.match(ok(bosun(w, w.dir, 'lessons', 'search', 'deploy', '--limit', '1')), /\(more lessons match: the first 1 are shown; --limit 5 shows more, or add words\)\n$/);
    const cut = JSON.parse(ok(bosun(w, w.dir, 'lessons', 'search', 'deploy', '--limit', '1', '--json'))) as { hits: unknown[]; more: boolean };
    assert.deepEqual([cut.hits.length, cut.more], [1, true]);
    assert.equal((JSON.parse(ok(bosun(w, w.dir, 'lessons', 'search', 'deploy', '--json'))) as { more: boolean }).more, false);
    for (const q of ['"unbalanced', 'NEAR(a b', 'text:deploy', 'a OR', '*']) {
      const x = bosun(w, w.dir, 'lessons', 'search', q);
      assert.equal(x.code, 0, `${q}: ${x.stderr}`);
    }
  });

  test('concurrent syncs do not corrupt anything', async () => {
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const c = spawn(process.execPath, ['--import', tsxLoader, mainTs, 'lessons', 'sync', '--json'], { cwd: w.dir, env: w.env });
          let stderr = '';
          c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          c.on('close', (code) => resolve({ code, stderr }));
        }),
      ),
    );
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    assert.equal(lessonLines(readFileSync(join(w.home, 'lessons', 'INDEX.md'), 'utf8')).length, 5);
    assert.deepEqual(readdirSync(join(w.home, 'lessons')).sort(), ['INDEX.md', 'last-sync.json', 'lessons.db']);
    for (const root of [api, web, ops, solo]) assert.deepEqual(readdirSync(join(root, '.bosun', 'memory')).sort(), ['INDEX.md', 'shared-lessons.md']);
    // ops's own tailwind lesson stays home: only web's is found.
    const hits = JSON.parse(ok(bosun(w, w.dir, 'lessons', 'search', 'tailwind', '--json'))) as { hits: { sources: { workspace: string }[] }[] };
    assert.deepEqual(hits.hits.map((h) => h.sources.map((s) => s.workspace)), [['web']]);
  });

  test('background sync: not started when the last sync is recent', () => {
    const r = maybeStartBackgroundSync({ home: w.home, now: Date.now(), env: {} });
    assert.equal(r.started, false);
    assert.match(r.reason, /recent/);
  });

  test('remove: unregisters and deletes the broadcast file; the next sync forgets its lessons', () => {
    ok(bosun(w, w.dir, 'workspaces', 'remove', 'web'));
    assert.equal(existsSync(join(web, SHARED)), false);
    ok(bosun(w, w.dir, 'lessons', 'sync'));
    const index = readFileSync(join(w.home, 'lessons', 'INDEX.md'), 'utf8');
    assert.doesNotMatch(index, /web:/);
    assert.match(index, /api:L001 2025-01-02\n/);
    const missing = bosun(w, w.dir, 'workspaces', 'remove', 'web');
    assert.equal(missing.code, 2);
  });
});

describe('sync problems and the background start', () => {
  test('a workspace that disappeared is reported (exit 1) and the others still sync', () => {
    const w = world();
    try {
      const a = w.repo('a', '- L001 [x] alpha lesson (2025-01-01)');
      const b = w.repo('b', '- L001 [x] beta lesson (2025-01-01)');
      ok(bosun(w, w.dir, 'workspaces', 'add', a));
      ok(bosun(w, w.dir, 'workspaces', 'add', b));
      rmSync(b, { recursive: true, force: true });
      const r = bosun(w, w.dir, 'lessons', 'sync');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /b: .*\n {4}problem: .* is not a git repository any more/);
      assert.match(readFileSync(join(w.home, 'lessons', 'INDEX.md'), 'utf8'), /- \[x\] alpha lesson — a:L001/);
      assert.match(ok(bosun(w, w.dir, 'workspaces', 'list')), /b {2}.*MISSING/);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
    }
  });

  test('a workspace deleted from inside another repository is reported, never mistaken for that repository', () => {
    const w = world();
    try {
      // The workspaces live in a folder that is itself a git repository (a monorepo, a dotfiles home).
      w.git(w.dir, 'init', '-q');
      const a = w.repo('a', '- L001 [x] alpha lesson (2025-01-01)');
      const b = w.repo('b', '- L001 [x] beta lesson (2025-01-01)');
      ok(bosun(w, w.dir, 'workspaces', 'add', a));
      ok(bosun(w, w.dir, 'workspaces', 'add', b));
      rmSync(b, { recursive: true, force: true });
      const r = bosun(w, w.dir, 'lessons', 'sync');
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /b: .*\n {4}problem: .* is not a git repository any more/);
      assert.equal(existsSync(join(w.dir, SHARED)), false, 'nothing is broadcast into the enclosing repository');
      assert.doesNotMatch(readFileSync(join(w.dir, '.git', 'info', 'exclude'), 'utf8'), /shared-lessons/);
      assert.match(ok(bosun(w, w.dir, 'workspaces', 'list')), /b {2}.*MISSING/);
      const list = JSON.parse(ok(bosun(w, w.dir, 'workspaces', 'list', '--json'))) as { workspaces: Array<{ name: string; exists: boolean }> };
      assert.deepEqual(list.workspaces.map((x) => [x.name, x.exists]), [['a', true], ['b', false]]);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
    }
  });

  test('a second worktree of a registered repository is refused: its lessons are already shared', () => {
    const w = world();
    try {
      const a = w.repo('a', '- L001 [x] alpha lesson (2025-01-01)');
      w.git(a, 'worktree', 'add', '-q', join(w.dir, 'a-feature'), '-b', 'feature');
      ok(bosun(w, w.dir, 'workspaces', 'add', a));
      const r = bosun(w, w.dir, 'workspaces', 'add', join(w.dir, 'a-feature'));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /is a worktree of the repository already registered as "a"/);
      assert.deepEqual((JSON.parse(ok(bosun(w, w.dir, 'workspaces', 'list', '--json'))) as { workspaces: Array<{ name: string }> }).workspaces.map((x) => x.name), ['a']);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
    }
  });

  test('maybeStartBackgroundSync starts a detached sync once, then holds off', async () => {
    const w = world();
    try {
      const a = w.repo('a', '- L001 [x] alpha lesson (2025-01-01)');
      ok(bosun(w, w.dir, 'workspaces', 'add', a));
      assert.equal(maybeStartBackgroundSync({ home: w.home, now: Date.now(), env: { ...w.env, BOSUN_LESSONS_SYNC: 'off' } }).started, false);
      const env = { ...w.env, BOSUN_LESSONS_SYNC: undefined };
      // bin/bosun.js needs dist/: point it at a launcher that runs the source instead.
      const launcher = join(w.dir, 'bosun-src.mjs');
      writeFileSync(launcher, `await import(${JSON.stringify(tsxLoader)});\nawait import(${JSON.stringify(mainTs)});\n`);
      const first = maybeStartBackgroundSync({ home: w.home, now: Date.now(), env, bin: launcher });
      assert.equal(first.started, true, first.reason);
      assert.equal(maybeStartBackgroundSync({ home: w.home, now: Date.now(), env, bin: launcher }).started, false);
      const state = join(w.home, 'lessons', 'last-sync.json');
      for (let i = 0; i < 300 && !existsSync(state); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(existsSync(state), 'the background sync wrote its report');
      assert.match(readFileSync(join(w.home, 'lessons', 'INDEX.md'), 'utf8'), /alpha lesson/);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
    }
  });
});

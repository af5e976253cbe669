// `bosun fleet validate|show` and `bosun schema` end to end: real git repos in temp dirs, the real CLI spawned.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { STARTER_FLEET_YAML } from '../src/fleet/index.ts';
import { CACHE_FORMAT } from '../src/fleet/cache.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const mainTs = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bosun(repo: TmpRepo, cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, mainTs, ...args], { cwd, env: repo.env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function withRepo(fn: (repo: TmpRepo) => void | Promise<void>, fleet: string | null = STARTER_FLEET_YAML): Promise<void> {
  const repo = await createTmpRepo({ prefix: 'bosun-fleet-' });
  try {
    if (fleet !== null) repo.write('.bosun/fleet.yaml', fleet);
    await fn(repo);
  } finally {
    await repo.dispose();
  }
}

const GATED = `${STARTER_FLEET_YAML}
gates:
  ci: { provider: githb, required: [test] }
  typechek: {}
deploy:
  staging:
    ci: true
    backup: { sqlite: data/app.db }
    counts: { users: no-decrease, orders: "5%" }
    run: ./deploy.sh
`;

const INVALID_FLEET = [
  'version: 1',
  'default_agent: leed',
  'agents:',
  '  lead:',
  '    role: Leads.',
  '    autonomy: sometimes',
  '    edit: ["/etc/**"]',
  'stewrd: lead',
  '',
].join('\n');

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const cachePath = (repo: TmpRepo, text: string): string => join(repo.root, '.git', 'bosun', 'cache', `fleet-${sha256(text)}.json`);

describe('bosun fleet validate', () => {
  test('a valid fleet: exit 0 and a one-line summary', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'validate');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '.bosun/fleet.yaml is valid: 3 agents (lead, reviewer, fleet-steward)\n');
      assert.equal(r.stderr, '');
    }));

  test('from a subdirectory, the file is named relative to the cwd', () =>
    withRepo((repo) => {
      mkdirSync(join(repo.root, 'src'));
      const r = bosun(repo, join(repo.root, 'src'), 'fleet', 'validate');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\.\.\/\.bosun\/fleet\.yaml is valid/);
    }));

  test('an invalid fleet: exit 3, every issue on stderr with file:line:column, path and suggestion', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'validate');
      assert.equal(r.code, 3);
      assert.equal(r.stdout, '');
      assert.deepEqual(r.stderr.trimEnd().split('\n'), [
        '.bosun/fleet.yaml:2:16  default_agent  unknown agent "leed" (did you mean "lead"?)',
        '.bosun/fleet.yaml:6:15  agents.lead.autonomy  invalid autonomy "sometimes" (allowed: plan-only, review, auto-apply)',
        '.bosun/fleet.yaml:7:12  agents.lead.edit[0]  "/etc/**" is not relative to the repository root; globs here are repo-relative (like "src/**")',
        '.bosun/fleet.yaml:8:1  stewrd  unknown key "stewrd" (did you mean "steward"?)',
        '4 problems in .bosun/fleet.yaml',
      ]);
    }, INVALID_FLEET));

  test('--json: {ok, issues} on stdout, exit 3', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'validate', '--json');
      assert.equal(r.code, 3);
      const out = JSON.parse(r.stdout) as { ok: boolean; issues: Array<{ line: number; column: number; path: string; suggestion?: string }> };
      assert.equal(out.ok, false);
      assert.deepEqual(
        out.issues.map((i) => [i.line, i.column, i.path, i.suggestion]),
        [
          [2, 16, 'default_agent', 'lead'],
          [6, 15, 'agents.lead.autonomy', undefined],
          [7, 12, 'agents.lead.edit[0]', undefined],
          [8, 1, 'stewrd', 'steward'],
        ],
      );
    }, INVALID_FLEET));

  test('--json on a valid fleet: ok true, no issues, exit 0', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'validate', '--json');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { ok: true, file: '.bosun/fleet.yaml', issues: [] });
    }));

  test('gates: and deploy: are checked by the gates\' parsers: key paths, did-you-mean, exit 3', () =>
    withRepo(
      (repo) => {
        const r = bosun(repo, repo.root, 'fleet', 'validate');
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /gates\.typechek: unknown key \(did you mean "typecheck"\?\)/);
        assert.match(r.stderr, /gates\.ci\.provider: .*githb/);
        assert.match(r.stderr, /deploy\.staging\.counts\.orders: "5%" is not a count rule/);
        const j = bosun(repo, repo.root, 'fleet', 'validate', '--json');
        assert.equal(j.code, 3);
        const out = JSON.parse(j.stdout) as { ok: boolean; issues: Array<{ message: string }> };
        assert.equal(out.ok, false);
        assert.equal(out.issues.length, 3);
        // Fixed, the same file validates.
        repo.write('.bosun/fleet.yaml', GATED.replace('githb', 'github').replace('typechek', 'typecheck').replace('"5%"', '"+-5%"'));
        assert.equal(bosun(repo, repo.root, 'fleet', 'validate').code, 0);
      },
      GATED,
    ));

  test('no fleet file: exit 3 with a hint to run bosun init', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'validate');
      assert.equal(r.code, 3);
      assert.match(r.stderr, /no fleet file at \.bosun\/fleet\.yaml/);
      assert.match(r.stderr, /hint: .*bosun init/);
    }, null));

  test('--file works outside any repository; without it, outside a repo is exit 4', () =>
    withRepo((repo) => {
      const outside = join(repo.dir, 'home');
      writeFileSync(join(outside, 'candidate.yaml'), INVALID_FLEET);
      const bad = bosun(repo, outside, 'fleet', 'validate', '--file', 'candidate.yaml');
      assert.equal(bad.code, 3);
      assert.match(bad.stderr, /^candidate\.yaml:2:16 {2}default_agent/);
      writeFileSync(join(outside, 'candidate.yaml'), STARTER_FLEET_YAML);
      assert.equal(bosun(repo, outside, 'fleet', 'validate', '-f', 'candidate.yaml').code, 0);
      const noRepo = bosun(repo, outside, 'fleet', 'validate');
      assert.equal(noRepo.code, 4);
      assert.match(noRepo.stderr, /not inside a git repository[\s\S]*--file/);
    }, null));

  test('usage errors: exit 2 with did-you-mean', () =>
    withRepo((repo) => {
      const typo = bosun(repo, repo.root, 'fleet', 'valdate');
      assert.equal(typo.code, 2);
      assert.match(typo.stderr, /unknown fleet command "valdate" \(did you mean "validate"\?\)/);
      const flag = bosun(repo, repo.root, 'fleet', 'validate', '--nope');
      assert.equal(flag.code, 2);
      assert.match(flag.stderr, /--nope/);
      assert.equal(bosun(repo, repo.root, 'fleet').code, 2);
    }));

  test('--help on fleet, its subcommands and schema', () =>
    withRepo((repo) => {
      for (const args of [['fleet', '--help'], ['fleet', 'validate', '--help'], ['fleet', 'show', '-h']]) {
        const r = bosun(repo, repo.root, ...args);
        assert.equal(r.code, 0, args.join(' '));
        assert.match(r.stdout, /Usage: bosun fleet <command> \[--file F\] \[--json\]/);
        assert.match(r.stdout, /validate[\s\S]*show[\s\S]*--file/);
      }
      const s = bosun(repo, repo.root, 'schema', '--help');
      assert.equal(s.code, 0);
      assert.match(s.stdout, /Usage: bosun schema[\s\S]*yaml-language-server/);
    }, null));
});

describe('bosun fleet show', () => {
  test('human output: a summary per agent with defaults filled in', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'show');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^fleet \.bosun\/fleet\.yaml \(sha256 [0-9a-f]{12}\)\n/);
      assert.match(r.stdout, /default agent +lead\nsteward +fleet-steward/);
      assert.match(r.stdout, /\n {2}reviewer: Reviews changes[^\n]*\n {4}autonomy +plan-only\n {4}read +\*\*\n {4}edit +\(none\)\n/);
      assert.match(r.stdout, /\n {2}fleet-steward \(steward\): /);
      assert.match(r.stdout, /memory: budget 150 lines \/ 20000 bytes/);
    }));

  test('--json: the resolved fleet', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'show', '--json');
      assert.equal(r.code, 0, r.stderr);
      const fleet = JSON.parse(r.stdout) as { agents: Record<string, { mcp: string[]; spawn: string[]; web: string[] }>; policy: unknown };
      assert.deepEqual(fleet.agents['reviewer']!.mcp, []);
      assert.deepEqual(fleet.agents['lead']!.mcp, ['*']);
      assert.deepEqual(fleet.agents['lead']!.spawn, ['lead', 'reviewer', 'fleet-steward']);
      assert.deepEqual(fleet.policy, { unknown_command: 'deny', outside_repo_edit: [] });
    }));

  test('an invalid fleet: exit 3 with the formatted issues, and nothing cached', () =>
    withRepo((repo) => {
      const r = bosun(repo, repo.root, 'fleet', 'show');
      assert.equal(r.code, 3);
      assert.match(r.stderr, /invalid fleet file \.bosun\/fleet\.yaml:\n\.bosun\/fleet\.yaml:2:16 {2}default_agent/);
      assert.match(r.stderr, /4 problems in \.bosun\/fleet\.yaml\nhint: /);
      assert.equal(existsSync(cachePath(repo, INVALID_FLEET)), false);
    }, INVALID_FLEET));
});

describe('the validated-fleet cache', () => {
  test('the first load writes it (under the common git dir); the second reads it without rewriting', () =>
    withRepo((repo) => {
      const file = cachePath(repo, STARTER_FLEET_YAML);
      assert.equal(bosun(repo, repo.root, 'fleet', 'show', '--json').code, 0);
      const entry = JSON.parse(readFileSync(file, 'utf8')) as { hash: string; fleet: { default_agent: string } };
      assert.equal(entry.hash, sha256(STARTER_FLEET_YAML));
      assert.equal(entry.fleet.default_agent, 'lead');
      const before = statSync(file);
      const again = bosun(repo, repo.root, 'fleet', 'show', '--json');
      assert.equal(again.code, 0, again.stderr);
      const after = statSync(file);
      assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'a hit must not rewrite the entry');
      assert.deepEqual(readdirSync(join(repo.root, '.git', 'bosun', 'cache')), [`fleet-${sha256(STARTER_FLEET_YAML)}.json`], 'no temp files left');
    }));

  test('a linked worktree shares the cache of the common git dir', () =>
    withRepo((repo) => {
      repo.git('add', '-A');
      repo.git('commit', '-q', '-m', 'fleet');
      const wt = join(repo.dir, 'wt');
      repo.git('worktree', 'add', '-q', wt);
      const r = bosun(repo, wt, 'fleet', 'show', '--json');
      assert.equal(r.code, 0, r.stderr);
      assert.ok(existsSync(cachePath(repo, STARTER_FLEET_YAML)));
    }));

  const corruptions: Array<[string, (text: string) => string]> = [
    ['garbage bytes', () => '{"format":1,"hash":"'],
    ['valid JSON for another hash', (text) => text.replace(/"hash":"[0-9a-f]+"/, `"hash":"${'0'.repeat(64)}"`)],
    ['an edited fleet with a stale checksum', (text) => text.replace('"role":"Reviews changes', '"role":"Tampered')],
    ['an edited fleet that widens a scope', (text) => text.replace('"edit":[],', '"edit":["**"],')],
    ['an older cache format', (text) => text.replace(`"format":${CACHE_FORMAT}`, `"format":${CACHE_FORMAT - 1}`)],
  ];
  for (const [name, corrupt] of corruptions) {
    test(`a corrupt entry is not trusted: ${name}`, () =>
      withRepo((repo) => {
        const file = cachePath(repo, STARTER_FLEET_YAML);
        const first = bosun(repo, repo.root, 'fleet', 'show', '--json');
        assert.equal(first.code, 0, first.stderr);
        const good = readFileSync(file, 'utf8');
        const bad = corrupt(good);
        assert.notEqual(bad, good, 'the corruption changed the entry');
        writeFileSync(file, bad);
        const r = bosun(repo, repo.root, 'fleet', 'show', '--json');
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, first.stdout, 'the fleet comes from fleet.yaml, not the corrupt entry');
        assert.equal(readFileSync(file, 'utf8'), good, 'the entry is rewritten');
      }));
  }

  test('editing fleet.yaml is picked up (the cache is keyed by content)', () =>
    withRepo((repo) => {
      assert.equal(bosun(repo, repo.root, 'fleet', 'show', '--json').code, 0);
      const edited = STARTER_FLEET_YAML.replace('autonomy: plan-only', 'autonomy: review');
      repo.write('.bosun/fleet.yaml', edited);
      const r = bosun(repo, repo.root, 'fleet', 'show', '--json');
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { agents: Record<string, { autonomy: string }> }).agents['reviewer']!.autonomy, 'review');
      assert.ok(existsSync(cachePath(repo, edited)));
    }));
});

test('bosun schema prints the JSON Schema', () =>
  withRepo((repo) => {
    const r = bosun(repo, repo.dir, 'schema');
    assert.equal(r.code, 0, r.stderr);
    const schema = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown> };
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.ok('agents' in schema.properties);
  }, null));

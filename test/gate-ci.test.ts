// `bosun gate ci [--base REV]`: the sacred gate and the type-check over a branch's changes, at HEAD.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSacredRepo, INVOICE_TEST, sacredCli } from './helpers/sacred-repo.ts';
import { APP_ERROR, APP_MAIN, CORE_BROKEN, TS5, TS7, WORKSPACE_FILES, WORKSPACE_LINKS, createTsRepo, fleetWithGates } from './fixtures/typecheck/repos.ts';

interface CiJson {
  ok: boolean;
  base: string | null;
  head: string;
  gates: { gate: string; ok: boolean; findings: string[]; details: { projects?: { config: string }[] } | null }[];
}

describe('bosun gate ci', { concurrency: 3 }, () => {
  test('a branch that breaks a dependent package fails; the working tree does not matter', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS7, links: WORKSPACE_LINKS });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('commit', '-qam', 'change the user id');
    repo.write('packages/app/src/main.ts', APP_MAIN.replace('id: 1', "id: '1'")); // an uncommitted fix: not HEAD
    const r = sacredCli(repo, ['gate', 'ci', '--base', 'main']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, APP_ERROR);
    assert.match(r.stderr, /the typecheck gate found 1 problem in main\.\.\.HEAD/);

    const j = sacredCli(repo, ['gate', 'ci', '--base', 'main', '--json']);
    const out = JSON.parse(j.stdout) as CiJson;
    assert.equal(out.ok, false);
    assert.equal(out.base, 'main');
    assert.match(out.head, /^[0-9a-f]{40}$/);
    assert.deepEqual(out.gates.map((g) => [g.gate, g.ok]), [['sacred', true], ['typecheck', false], ['commands', true]]);
    assert.deepEqual(out.gates[1]!.details!.projects!.map((p) => p.config).sort(), ['packages/app/tsconfig.json', 'packages/core/tsconfig.json']);

    repo.git('commit', '-qam', 'fix the app');
    const fixed = sacredCli(repo, ['gate', 'ci', '--base', 'main']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /every gate passed \(main\.\.\.HEAD\)/);
  });

  test('uncommitted breakage does not fail a clean branch; a branch without TypeScript changes checks nothing', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.git('checkout', '-q', '-b', 'docs');
    repo.write('README.md', '# docs\n');
    repo.git('commit', '-qam', 'docs');
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    const r = sacredCli(repo, ['gate', 'ci', '--base', 'main']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /no TypeScript, JavaScript, tsconfig or package\.json change in main\.\.\.HEAD/);
  });

  test('without --base: every project at HEAD', async () => {
    await using repo = await createTsRepo({ files: { ...WORKSPACE_FILES, 'packages/util/src/index.ts': 'export const two: number = "2";\n' }, typescript: TS5, links: WORKSPACE_LINKS });
    const r = sacredCli(repo, ['gate', 'ci', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as CiJson;
    assert.equal(out.base, null);
    assert.deepEqual(out.gates[1]!.findings, ["packages/util/src/index.ts:1:14: error TS2322: Type 'string' is not assignable to type 'number'."]);
    assert.equal(out.gates[1]!.details!.projects!.length, 3);
  });

  test('the settings come from the base: a branch cannot switch its own type-check off', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES, typescript: TS5, links: WORKSPACE_LINKS });
    repo.git('checkout', '-q', '-b', 'sneaky');
    repo.write('.bosun/fleet.yaml', fleetWithGates('typecheck: { enabled: false }'));
    repo.write('packages/core/src/index.ts', CORE_BROKEN);
    repo.git('commit', '-qam', 'turn it off and break it');
    const r = sacredCli(repo, ['gate', 'ci', '--base', 'main']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, APP_ERROR);
  });

  test('a weakened sacred test in the branch fails the ci gate', async () => {
    await using repo = await createSacredRepo();
    repo.git('checkout', '-q', '-b', 'skip');
    repo.write('test/billing/invoice.test.js', INVOICE_TEST.replace("it('rounds half up'", "it.skip('rounds half up'"));
    repo.git('commit', '-qam', 'skip it');
    const r = sacredCli(repo, ['gate', 'ci', '--base', 'main']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /invoice\.test\.js: test "invoice > rounds half up" is now marked \.skip/);
    assert.match(r.stderr, /no tsconfig\.json in [0-9a-f]{40}: nothing to type-check/);
  });

  test('usage: an unknown base is exit 2; --base is refused for pre-commit; help names gate ci with a GitHub Actions job', async () => {
    await using repo = await createTsRepo({ files: WORKSPACE_FILES });
    const bad = sacredCli(repo, ['gate', 'ci', '--base', 'no-such-branch']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /"no-such-branch" does not name a commit/);
    assert.equal(sacredCli(repo, ['gate', 'pre-commit', '--base', 'main']).code, 2);
    const help = sacredCli(repo, ['gate', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /ci \[--base REV\]/);
    assert.match(help.stdout, /run: npx bosun gate ci --base "origin\/\$\{\{ github\.base_ref \}\}"/);
  });
});

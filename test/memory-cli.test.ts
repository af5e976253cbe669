// `bosun lesson` and `bosun memory` through the built CLI in temp repos: refusals change nothing,
// near-duplicates are named, lint finds hand-edit damage, supersede/retire keep ids stable.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { bosun, requireBuilt, type BosunResult } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const fleet = (lines: number, bytes = 20000): string => `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
memory:
  budget: { lines: ${lines}, bytes: ${bytes} }
`;

const LESSONS = [
  'Postgres runs on port 5433 in the dev containers.',
  'The billing service rounds half-even, never half-up.',
  'Feature flags are cached for sixty seconds by the gateway.',
  'Run the e2e suite with --workers 1: fixtures share one database.',
  'Avatars are resized by the CDN, never in the API.',
  'Staging resets every night at two o clock UTC.',
];

const INDEX = '.bosun/memory/INDEX.md';

async function repoWith(lines: number, bytes?: number): Promise<TmpRepo> {
  return createTmpRepo({ files: { '.bosun/fleet.yaml': fleet(lines, bytes) }, prefix: 'bosun-memory-cli-' });
}

function ok(r: BosunResult, what: string): BosunResult {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

function snapshot(repo: TmpRepo): string[] {
  const files = [INDEX, '.bosun/memory/retired.md', '.bosun/memory/topics/general.md'].map((p) => join(repo.root, p));
  files.push(join(repo.root, '.git/bosun/memory/journal.jsonl'));
  return files.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : '<none>'));
}

describe('bosun lesson / bosun memory', { concurrency: 3 }, () => {
  before(() => requireBuilt());

  test('an add over budget fails with exit 1, changes nothing and says what to do', async () => {
    await using repo = await repoWith(5);
    // header (2 lines) + 3 lessons = 5 lines: the budget is full.
    for (const text of LESSONS.slice(0, 3)) ok(bosun(repo, ['lesson', 'add', text]), `add ${text}`);
    const before = snapshot(repo);
    const r = bosun(repo, ['lesson', 'add', LESSONS[3]!, '--detail', 'would go to the topic']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /the memory index would exceed its budget: 6 lines \(budget 5\)/);
    assert.match(r.stderr, /nothing was added/);
    assert.match(r.stderr, /bosun lesson retire <id>/);
    assert.match(r.stderr, /bosun lesson supersede <id>/);
    assert.match(r.stderr, /--detail/);
    assert.deepEqual(snapshot(repo), before, 'no file changed');
    const j = bosun(repo, ['lesson', 'add', LESSONS[3]!, '--json']);
    assert.equal(j.code, 1);
    assert.deepEqual((JSON.parse(j.stdout) as { ok: boolean; reason: string; over: string[] }).over, ['6 lines (budget 5)']);
    // Retiring makes room; the freed id is not reused.
    ok(bosun(repo, ['lesson', 'retire', 'L002', '--reason', 'billing moved to a vendor']), 'retire');
    const added = ok(bosun(repo, ['lesson', 'add', LESSONS[3]!, '--json']), 'add after retire');
    assert.equal((JSON.parse(added.stdout) as { lesson: { id: string } }).lesson.id, 'L004');
  });

  test('the byte budget is enforced too', async () => {
    await using repo = await repoWith(100, 200);
    ok(bosun(repo, ['lesson', 'add', LESSONS[0]!]), 'first');
    const r = bosun(repo, ['lesson', 'add', LESSONS[1]!]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bytes \(budget 200\)/);
  });

  test('a near-duplicate is refused with the existing id; --force adds it', async () => {
    await using repo = await repoWith(50);
    ok(bosun(repo, ['lesson', 'add', 'Postgres runs on port 5433 in the dev containers.', '--topic', 'db']), 'add');
    const before = snapshot(repo);
    const r = bosun(repo, ['lesson', 'add', 'In the dev containers Postgres runs on port 5433!']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /this nearly repeats L001 \[db\] Postgres runs on port 5433 in the dev containers\./);
    assert.match(r.stderr, /bosun lesson supersede L001/);
    assert.match(r.stderr, /--force/);
    assert.deepEqual(snapshot(repo), before);
    const forced = ok(bosun(repo, ['lesson', 'add', 'In the dev containers Postgres runs on port 5433!', '--force', '--json']), 'forced add');
    assert.equal((JSON.parse(forced.stdout) as { lesson: { id: string } }).lesson.id, 'L002');
    // lint sees the pair now
    const lint = bosun(repo, ['memory', 'lint']);
    assert.equal(lint.code, 1);
    assert.match(lint.stdout, /INDEX\.md:4: error near-duplicate: L002 nearly repeats L001/);
  });

  test('usage errors: empty or too long text, bad topic, unknown ids', async () => {
    await using repo = await repoWith(50);
    assert.equal(bosun(repo, ['lesson', 'add', '   ']).code, 2);
    const long = bosun(repo, ['lesson', 'add', 'x'.repeat(301)]);
    assert.equal(long.code, 2);
    assert.match(long.stderr, /301 characters \(at most 300\).*--detail/);
    assert.equal(bosun(repo, ['lesson', 'add', 'fine text', '--topic', 'Bad Topic!']).code, 2);
    assert.equal(bosun(repo, ['lesson', 'add']).code, 2);
    assert.equal(bosun(repo, ['lesson', 'show', 'nope']).code, 2);
    assert.equal(bosun(repo, ['lesson', 'show', 'L404']).code, 1);
    assert.equal(bosun(repo, ['lesson', 'retire', 'L404']).code, 1);
    assert.equal(bosun(repo, ['lesson', 'frobnicate']).code, 2);
    assert.equal(bosun(repo, ['lesson', 'list', '--topic', 'x']).code, 2);
    assert.ok(!existsSync(join(repo.root, INDEX)), 'nothing was written');
    assert.match(ok(bosun(repo, ['lesson', '--help']), 'help').stdout, /Usage: bosun lesson/);
    assert.match(ok(bosun(repo, ['memory', '--help']), 'help').stdout, /Usage: bosun memory/);
  });

  test('supersede retires the old lesson under a new id; show finds both; private lessons are marked', async () => {
    await using repo = await repoWith(50);
    ok(bosun(repo, ['lesson', 'add', LESSONS[1]!, '--topic', 'billing', '--private']), 'add');
    const s = ok(bosun(repo, ['lesson', 'supersede', 'L001', 'Billing rounds half-even (banker’s rounding) since v2.', '--detail', 'See ADR-7.']), 'supersede');
    assert.match(s.stdout, /added - L002 \[billing\] Billing rounds half-even \(banker’s rounding\) since v2\. \(\d{4}-\d{2}-\d{2}, private\) \[more\]\(topics\/billing\.md\)/);
    assert.match(s.stdout, /retired L001 \(superseded by L002\)/);
    const index = readFileSync(join(repo.root, INDEX), 'utf8');
    assert.ok(!index.includes('L001'));
    assert.match(readFileSync(join(repo.root, '.bosun/memory/retired.md'), 'utf8'), /- L001 \[billing\] .* ← superseded by L002 on \d{4}-\d{2}-\d{2}/);
    const old = JSON.parse(ok(bosun(repo, ['lesson', 'show', 'L001', '--json']), 'show').stdout) as { status: string; retired: string };
    assert.equal(old.status, 'retired');
    assert.match(old.retired, /superseded by L002/);
    const cur = ok(bosun(repo, ['lesson', 'show', 'L002']), 'show L002').stdout;
    assert.match(cur, /status: live/);
    assert.match(cur, /## L002: Billing rounds half-even.*\n\nSee ADR-7\./);
    assert.equal(bosun(repo, ['lesson', 'retire', 'L001']).code, 1, 'already retired');
    ok(bosun(repo, ['memory', 'lint']), 'lint is clean');
  });

  test('lint reports hand-edit damage with file:line and exits 1; --json lists the findings', async () => {
    await using repo = await repoWith(6);
    ok(bosun(repo, ['lesson', 'add', LESSONS[0]!]), 'add');
    const path = join(repo.root, INDEX);
    writeFileSync(
      path,
      readFileSync(path, 'utf8') +
        'a note someone typed here\n' +
        '- L1 [x] broken id\n' +
        `- L002 [general] ${'y'.repeat(320)}\n` +
        '- L001 [general] reused id\n' +
        '- L003 [ops] see the runbook [more](topics/ops.md)\n',
    );
    const r = bosun(repo, ['memory', 'lint']);
    assert.equal(r.code, 1, r.stdout);
    for (const want of [
      /INDEX\.md:4: error unknown-line/,
      /INDEX\.md:5: error malformed-entry/,
      /INDEX\.md:6: error too-long: L002 is 320 characters/,
      /INDEX\.md:7: error duplicate-id: L001 appears twice \(lines 3 and 7\)/,
      /INDEX\.md:8: error missing-topic: L003 links to topics\/ops\.md/,
      /INDEX\.md: error over-budget: the memory index is over budget: 8 lines \(budget 6\)/,
    ]) {
      assert.match(r.stdout, want);
    }
    const j = JSON.parse(bosun(repo, ['memory', 'lint', '--json']).stdout) as { ok: boolean; findings: Array<{ kind: string }> };
    assert.equal(j.ok, false);
    assert.deepEqual(j.findings.map((f) => f.kind).sort(), ['duplicate-id', 'malformed-entry', 'missing-topic', 'over-budget', 'too-long', 'unknown-line']);
    // A hand edit is kept when bosun rewrites the file.
    const r2 = bosun(repo, ['lesson', 'retire', 'L003']);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(readFileSync(path, 'utf8'), /a note someone typed here\n- L1 \[x\] broken id\n/);
  });

  test("this repository's own INDEX.md format (legacy lines without dates) parses and lints clean", async () => {
    await using repo = await repoWith(150);
    const legacy = readFileSync(new URL('../.bosun/memory/INDEX.md', import.meta.url), 'utf8');
    repo.write(INDEX, legacy);
    const show = JSON.parse(ok(bosun(repo, ['memory', 'show', '--json']), 'show').stdout) as { lessons: Array<{ id: string; date: string | null }> };
    const ids = [...legacy.matchAll(/^- (L\d{3}) /gm)].map((m) => m[1]);
    assert.deepEqual(
      show.lessons.map((l) => l.id),
      ids,
    );
    assert.ok(ids.length >= 16);
    ok(bosun(repo, ['memory', 'lint']), 'lint');
    const next = JSON.parse(ok(bosun(repo, ['lesson', 'add', 'A brand new lesson about deploy windows.', '--json']), 'add').stdout) as { lesson: { id: string } };
    // The next id follows the highest one (ids retired by hand leave gaps; they are never reused).
    assert.equal(next.lesson.id, `L${String(Math.max(...ids.map((id) => Number(id!.slice(1)))) + 1).padStart(3, '0')}`);
    assert.ok(readFileSync(join(repo.root, INDEX), 'utf8').startsWith(legacy), 'existing lines untouched, the new one appended');
  });

  test('without a fleet file the default budget applies, with a note', async () => {
    await using repo = await createTmpRepo({ prefix: 'bosun-memory-cli-' });
    const r = ok(bosun(repo, ['lesson', 'add', LESSONS[0]!]), 'add');
    assert.match(r.stderr, /no \.bosun\/fleet\.yaml: using the default memory budget/);
    assert.match(r.stdout, /memory index: 3\/150 lines/);
  });
});

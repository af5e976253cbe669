// Several agents finishing at once: concurrent `bosun lesson add` processes from two worktrees never
// lose or tear an entry and never share an id; a lock left by a dead process is recovered.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { BOSUN_BIN, bosun, requireBuilt } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';
import { parseIndex } from '../src/memory/project/index-format.ts';

const FLEET = 'version: 1\ndefault_agent: lead\nagents:\n  lead:\n    role: Lead.\n';

const TEXTS = [
  'Postgres runs on port 5433 in the dev containers.',
  'The billing service rounds half-even, never half-up.',
  'Feature flags are cached for sixty seconds by the gateway.',
  'Run the e2e suite with one worker: fixtures share a database.',
  'Avatars are resized by the CDN, never in the API.',
  'Staging resets every night at two o clock UTC.',
  'Kafka topics need an owner label or the linter fails.',
  'Invoices older than seven years are archived to cold storage.',
  'The mobile app pins TLS certificates; rotate them with care.',
  'Terraform state lives in the ops bucket, locked by DynamoDB.',
];

function addAsync(repo: TmpRepo, cwd: string, text: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BOSUN_BIN, 'lesson', 'add', text, '--json'], { cwd, env: repo.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const ids = (text: string): string[] => parseIndex(text).lines.flatMap((l) => (l.kind === 'entry' ? [l.entry.id] : []));

describe('concurrent writers', () => {
  before(() => requireBuilt());

  test('ten processes adding at once from two worktrees: every lesson kept whole, ids unique', async () => {
    await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET }, prefix: 'bosun-memory-conc-' });
    const b = join(repo.dir, 'wt-b');
    repo.git('worktree', 'add', '-q', '-b', 'b', b);
    const results = await Promise.all(TEXTS.map((t, i) => addAsync(repo, i % 2 ? b : repo.root, t)));
    for (const r of results) assert.equal(r.code, 0, r.out);
    const given = results.map((r) => (JSON.parse(r.out) as { lesson: { id: string; text: string } }).lesson);
    assert.equal(new Set(given.map((l) => l.id)).size, TEXTS.length, `unique ids: ${given.map((l) => l.id).join(' ')}`);
    assert.deepEqual(given.map((l) => l.text).sort(), [...TEXTS].sort());

    const indexA = readFileSync(join(repo.root, '.bosun/memory/INDEX.md'), 'utf8');
    const indexB = readFileSync(join(b, '.bosun/memory/INDEX.md'), 'utf8');
    for (const [text, name] of [
      [indexA, 'A'],
      [indexB, 'B'],
    ] as const) {
      const doc = parseIndex(text);
      assert.deepEqual(
        doc.lines.filter((l) => l.kind === 'other' && l.problem !== null),
        [],
        `no torn line in ${name}:\n${text}`,
      );
    }
    assert.equal(ids(indexA).length + ids(indexB).length, TEXTS.length, 'each lesson is in the index of the worktree that added it');
    const journal = readFileSync(join(repo.root, '.git/bosun/memory/journal.jsonl'), 'utf8').trim().split('\n');
    assert.equal(journal.length, TEXTS.length);
    for (const line of journal) assert.doesNotThrow(() => JSON.parse(line), line);

    // Both worktrees see all ten.
    for (const cwd of [repo.root, b]) {
      const list = JSON.parse(bosun(repo, ['lesson', 'list', '--json'], { cwd }).stdout) as { lessons: Array<{ text: string }> };
      assert.deepEqual(list.lessons.map((l) => l.text).sort(), [...TEXTS].sort());
    }
  });

  test('a lock left behind by a dead process is broken; a live one is waited for', async () => {
    await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET }, prefix: 'bosun-memory-lock-' });
    const lock = join(repo.root, '.git/bosun/memory/lock');
    mkdirSync(join(lock, '..'), { recursive: true });
    // A pid that cannot be alive (above the kernel's pid_max) and a fresh mtime: dead owner.
    writeFileSync(lock, `4194999 ${Date.now()}`);
    const r = bosun(repo, ['lesson', 'add', TEXTS[0]!]);
    assert.equal(r.code, 0, r.stderr);
    // A live owner (this test process) with an old mtime: stale by age.
    writeFileSync(lock, `${process.pid} ${Date.now()}`);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    const r2 = bosun(repo, ['lesson', 'add', TEXTS[1]!]);
    assert.equal(r2.code, 0, r2.stderr);
    // A live, fresh owner: the add waits and then runs once the lock is released.
    writeFileSync(lock, `${process.pid} ${Date.now()}`);
    const pending = addAsync(repo, repo.root, TEXTS[2]!);
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(ids(readFileSync(join(repo.root, '.bosun/memory/INDEX.md'), 'utf8')).length, 2, 'nothing written while the lock is held');
    rmSync(lock);
    const r3 = await pending;
    assert.equal(r3.code, 0, r3.out);
    assert.deepEqual(ids(readFileSync(join(repo.root, '.bosun/memory/INDEX.md'), 'utf8')), ['L001', 'L002', 'L003']);
  });

  test('a torn journal line (a writer killed mid-append) does not swallow the next lesson', async () => {
    await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET }, prefix: 'bosun-memory-torn-' });
    const b = join(repo.dir, 'wt-b');
    repo.git('worktree', 'add', '-q', '-b', 'feature-b', b);
    const journal = join(repo.root, '.git/bosun/memory/journal.jsonl');
    assert.equal(bosun(repo, ['lesson', 'add', TEXTS[0]!]).code, 0);
    writeFileSync(journal, readFileSync(journal, 'utf8') + '{"op":"add","id":"L002","time":1,"work');
    const r = bosun(repo, ['lesson', 'add', TEXTS[1]!]);
    assert.equal(r.code, 0, r.stderr);
    const seen = bosun(repo, ['lesson', 'list', '--json'], { cwd: b });
    assert.equal(seen.code, 0, seen.stderr);
    assert.deepEqual(
      (JSON.parse(seen.stdout) as { lessons: Array<{ text: string; pending: boolean }> }).lessons.map((l) => [l.text, l.pending]),
      [
        [TEXTS[0], true],
        [TEXTS[1], true],
      ],
      'the other worktree sees both lessons',
    );
    const lint = bosun(repo, ['memory', 'lint', '--json']);
    assert.deepEqual((JSON.parse(lint.stdout) as { findings: Array<{ kind: string }> }).findings.map((f) => f.kind), ['bad-journal-line'], 'only the torn line is lost, and lint says so');
  });
});

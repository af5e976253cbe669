// Project memory across git worktrees, through the built CLI and the real hook entry (dist/hook.cjs):
// a lesson added in one worktree is in the next session start of another, before any merge, and
// `bosun memory commit` writes it into that worktree's committed index.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { bosun, HOOK_JS, requireBuilt } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**"]
    run: ["@read-only", "bosun *"]
memory:
  budget: { lines: 40, bytes: 8000 }
`;

interface Hooked {
  code: number | null;
  stdout: string;
  stderr: string;
  context: string | null;
}

function hook(repo: TmpRepo, event: string, payload: Record<string, unknown>, env: Record<string, string> = {}): Hooked {
  const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code', event], {
    cwd: payload['cwd'] as string,
    env: { ...repo.env, ...env },
    input: JSON.stringify({ session_id: 's-1', transcript_path: join(repo.dir, 't.jsonl'), hook_event_name: event, ...payload }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  let context: string | null = null;
  if (r.stdout.trim()) context = (JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } }).hookSpecificOutput.additionalContext;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, context };
}

const read = (p: string): string => (existsSync(p) ? readFileSync(p, 'utf8') : '');

async function twoWorktrees(): Promise<{ repo: TmpRepo; a: string; b: string }> {
  const repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET }, prefix: 'bosun-memory-wt-' });
  const b = join(repo.dir, 'wt-b');
  repo.git('worktree', 'add', '-q', '-b', 'feature-b', b);
  return { repo, a: repo.root, b };
}

function ok(r: { code: number | null; stdout: string; stderr: string }, what: string): void {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

describe('project memory across worktrees', { concurrency: 2 }, () => {
  before(() => requireBuilt());

  test("a lesson added in worktree A is in worktree B's session start, then committed into B's index", async () => {
    const { repo, a, b } = await twoWorktrees();
    await using _ = repo;
    const added = bosun(repo, ['lesson', 'add', 'Migrations must be reversible: write the down step first.', '--topic', 'db', '--detail', 'We lost a day to an irreversible column drop.'], { cwd: a });
    ok(added, 'lesson add in A');
    assert.match(added.stdout, /^added - L001 \[db\] Migrations must be reversible: write the down step first\. \(\d{4}-\d{2}-\d{2}\) \[more\]\(topics\/db\.md\)$/m);
    assert.match(read(join(a, '.bosun/memory/INDEX.md')), /- L001 \[db\] Migrations must be reversible/);
    assert.match(read(join(a, '.bosun/memory/topics/db.md')), /## L001: Migrations must be reversible.*\n\nWe lost a day/);
    assert.equal(read(join(b, '.bosun/memory/INDEX.md')), '', "B's own files are untouched");

    // B's next session: the real hook entry, as Claude Code calls it.
    const start = hook(repo, 'SessionStart', { cwd: b, source: 'startup' });
    ok(start, 'SessionStart hook in B');
    assert.ok(start.context, `SessionStart answered with context: ${start.stdout}`);
    // B has no topics/db.md yet: the detail is reached through `bosun lesson show`, which reads it from the journal.
    assert.match(start.context, /- L001 \[db\] Migrations must be reversible: write the down step first\. \(more: `bosun lesson show L001`\) \(pending: added in another worktree\)/);
    const showB = bosun(repo, ['lesson', 'show', 'L001'], { cwd: b });
    ok(showB, 'lesson show in B');
    assert.match(showB.stdout, /We lost a day to an irreversible column drop\./);
    assert.match(start.context, /## Maintenance due\n- The self-audit has never run/);
    // `bosun memory show --session-start` prints exactly what the hook injected.
    const shown = bosun(repo, ['memory', 'show', '--session-start'], { cwd: b });
    ok(shown, 'memory show --session-start');
    assert.equal(shown.stdout, start.context.endsWith('\n') ? start.context : start.context + '\n');

    // A subagent gets the memory without the main session's chores.
    const sub = hook(repo, 'SubagentStart', { cwd: b, agent_id: 'a1', agent_type: 'lead' });
    ok(sub, 'SubagentStart hook');
    assert.match(sub.context ?? '', /L001 \[db\] Migrations must be reversible/);
    assert.ok(!(sub.context ?? '').includes('Maintenance due'));

    // Ids are unique across worktrees: B's first lesson is L002, and A sees it at once.
    ok(bosun(repo, ['lesson', 'add', 'The feature flag service caches for 60 seconds.', '--topic', 'flags'], { cwd: b }), 'lesson add in B');
    assert.match(read(join(b, '.bosun/memory/INDEX.md')), /^- L002 \[flags\]/m);
    assert.ok(!read(join(b, '.bosun/memory/INDEX.md')).includes('L001'), 'B holds L001 only as pending until committed');
    const listA = bosun(repo, ['lesson', 'list', '--json'], { cwd: a });
    ok(listA, 'lesson list in A');
    assert.deepEqual(
      (JSON.parse(listA.stdout) as { lessons: Array<{ id: string; pending: boolean }> }).lessons.map((l) => [l.id, l.pending]),
      [
        ['L001', false],
        ['L002', true],
      ],
    );

    // `bosun memory commit` in B writes A's lesson (and its detail) into B's index, ready to commit.
    const commit = bosun(repo, ['memory', 'commit'], { cwd: b });
    ok(commit, 'memory commit in B');
    assert.match(commit.stdout, /wrote - L001 \[db\]/);
    const indexB = read(join(b, '.bosun/memory/INDEX.md'));
    assert.match(indexB, /- L002 \[flags\][^\n]*\n- L001 \[db\]/);
    assert.match(read(join(b, '.bosun/memory/topics/db.md')), /We lost a day/);
    assert.match(spawnSync('git', ['status', '--short'], { cwd: b, env: repo.env, encoding: 'utf8' }).stdout, /\.bosun\/memory\//);
    ok(bosun(repo, ['memory', 'lint'], { cwd: b }), 'memory lint in B after commit');
    const again = bosun(repo, ['memory', 'commit'], { cwd: b });
    assert.match(again.stdout, /nothing pending/);
    const startB = hook(repo, 'SessionStart', { cwd: b, source: 'startup' });
    assert.ok(!(startB.context ?? '').includes('pending'), 'nothing is pending in B any more');
  });

  test('a lesson retired in one worktree leaves the session start of the others; BOSUN_MEMORY=off injects nothing', async () => {
    const { repo, a, b } = await twoWorktrees();
    await using _ = repo;
    ok(bosun(repo, ['lesson', 'add', 'Deploys freeze on Fridays after noon.', '--topic', 'deploy'], { cwd: a }), 'add');
    ok(bosun(repo, ['memory', 'commit'], { cwd: b }), 'commit in B');
    assert.match(hook(repo, 'SessionStart', { cwd: b }).context ?? '', /L001 \[deploy\] Deploys freeze/);
    const retired = bosun(repo, ['lesson', 'retire', 'L001', '--reason', 'the freeze was lifted'], { cwd: a });
    ok(retired, 'retire in A');
    assert.match(read(join(a, '.bosun/memory/retired.md')), /- L001 \[deploy\] Deploys freeze on Fridays after noon\. \(\d{4}-\d{2}-\d{2}\) ← retired \d{4}-\d{2}-\d{2}: the freeze was lifted/);
    assert.ok(!(hook(repo, 'SessionStart', { cwd: b }).context ?? '').includes('Deploys freeze'), "B's session start no longer shows it");
    assert.match(read(join(b, '.bosun/memory/INDEX.md')), /L001/, "B's file keeps it until B commits");
    ok(bosun(repo, ['memory', 'commit'], { cwd: b }), 'commit in B');
    assert.ok(!read(join(b, '.bosun/memory/INDEX.md')).includes('L001'));
    assert.match(read(join(b, '.bosun/memory/retired.md')), /L001 .* ← retired/);
    // A new lesson never reuses a retired id.
    const next = bosun(repo, ['lesson', 'add', 'Staging resets every night at 02:00 UTC.', '--json'], { cwd: b });
    ok(next, 'add after retire');
    assert.equal((JSON.parse(next.stdout) as { lesson: { id: string } }).lesson.id, 'L002');

    const off = hook(repo, 'SessionStart', { cwd: b }, { BOSUN_MEMORY: 'off' });
    ok(off, 'SessionStart with BOSUN_MEMORY=off');
    assert.equal(off.stdout, '');
  });

  test('branches that each learned something merge without conflicts (union merge); a line a branch retired stays out', async () => {
    const { repo, a, b } = await twoWorktrees();
    await using _ = repo;
    const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, env: repo.env, encoding: 'utf8' });
    const commitAll = (cwd: string, msg: string): void => {
      git(cwd, 'add', '-A', '.bosun/memory');
      const r = git(cwd, 'commit', '-q', '--no-verify', '-m', msg);
      assert.equal(r.status, 0, r.stderr);
    };
    // On main: two lessons, committed, then both branches start from there.
    ok(bosun(repo, ['lesson', 'add', 'Migrations must be reversible.', '--topic', 'db', '--detail', 'base detail'], { cwd: a }), 'add on main');
    ok(bosun(repo, ['lesson', 'add', 'Deploys freeze on Fridays.', '--topic', 'deploy'], { cwd: a }), 'add on main');
    assert.match(read(join(a, '.bosun/memory/.gitattributes')), /^INDEX\.md merge=union$/m, 'written with the first memory file');
    commitAll(a, 'memory: base');
    assert.equal(git(b, 'merge', '-q', 'main').status, 0);
    const c = join(repo.dir, 'wt-c');
    repo.git('worktree', 'add', '-q', '-b', 'feature-c', c);
    // Branch B: a lesson with detail in the same topic file; branch C: another one, and C retires L002.
    ok(bosun(repo, ['lesson', 'add', 'The orders table needs an index on customer_id.', '--topic', 'db', '--detail', 'B detail'], { cwd: b }), 'add in B');
    commitAll(b, 'memory: B');
    ok(bosun(repo, ['lesson', 'add', 'Kafka topics need an owner label.', '--topic', 'db', '--detail', 'C detail'], { cwd: c }), 'add in C');
    ok(bosun(repo, ['lesson', 'retire', 'L002', '--reason', 'no more freezes'], { cwd: c }), 'retire in C');
    commitAll(c, 'memory: C');
    for (const branch of ['feature-b', 'feature-c']) {
      const m = git(a, 'merge', '-q', '--no-verify', '--no-edit', branch);
      assert.equal(m.status, 0, `merge ${branch}: ${m.stdout}${m.stderr}`);
    }
    assert.equal(git(a, 'diff', '--name-only', '--diff-filter=U').stdout, '', 'no conflicted file');
    const index = read(join(a, '.bosun/memory/INDEX.md'));
    for (const id of ['L001', 'L003', 'L004']) assert.match(index, new RegExp(`^- ${id} \\[db\\]`, 'm'));
    const topic = read(join(a, '.bosun/memory/topics/db.md'));
    for (const d of ['base detail', 'B detail', 'C detail']) assert.equal(topic.split(d).length, 2, `${d} once in topics/db.md`);
    // The union merge may keep L002's line (C removed it next to B's addition); retired.md wins, commit cleans up.
    const listed = bosun(repo, ['lesson', 'list', '--json'], { cwd: a });
    ok(listed, 'lesson list after the merges');
    assert.deepEqual((JSON.parse(listed.stdout) as { lessons: Array<{ id: string }> }).lessons.map((l) => l.id).sort(), ['L001', 'L003', 'L004']);
    ok(bosun(repo, ['memory', 'commit'], { cwd: a }), 'memory commit after the merges');
    assert.ok(!read(join(a, '.bosun/memory/INDEX.md')).includes('L002'));
    ok(bosun(repo, ['memory', 'lint'], { cwd: a }), 'lint is clean');
  });
});

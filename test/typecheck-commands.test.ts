// gates.pre_commit: per-glob commands run in the staged snapshot with the matching staged files.
import assert from 'node:assert/strict';
import { test, describe } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sacredCli } from './helpers/sacred-repo.ts';
import { createTsRepo, fleetWithGates, indexHash, worktreeState } from './fixtures/typecheck/repos.ts';

const SH_CHECK = fleetWithGates('pre_commit:\n  - glob: "**/*.sh"\n    name: sh-syntax\n    run: sh -n {files}');
const GOOD = 'echo hello\n';
const BAD = 'if then fi (\n';

describe('gates.pre_commit', { concurrency: 3 }, () => {
  test('a staged syntax error fails with the command output; an unstaged fix does not hide it', async () => {
    await using repo = await createTsRepo({ files: { '.bosun/fleet.yaml': SH_CHECK, 'scripts/ok.sh': GOOD } });
    repo.write('scripts/bad one.sh', BAD);
    repo.git('add', '-A');
    repo.write('scripts/bad one.sh', GOOD);
    const before = worktreeState(repo);
    const h1 = indexHash(repo);
    const r = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(indexHash(repo), h1);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^sh-syntax: failed \(exit 2\) on 1 file: sh -n 'scripts\/bad one\.sh'$/m);
    assert.match(r.stdout, /scripts\/bad one\.sh: \d+: Syntax error/);
    assert.match(r.stderr, /the commands gate found 1 problem/);
    assert.deepEqual(worktreeState(repo), before);

    repo.git('add', '-A'); // stage the fix
    const ok = sacredCli(repo, ['gate', 'pre-commit', '--json']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const cmds = (JSON.parse(ok.stdout) as { gates: { gate: string; details: { runs: { files: string[]; exitCode: number }[] } }[] }).gates.find((g) => g.gate === 'commands')!;
    assert.deepEqual(cmds.details.runs.map((x) => [x.files, x.exitCode]), [[['scripts/bad one.sh'], 0]], 'only the staged file, not scripts/ok.sh');
  });

  test('commands run in the snapshot, not in the working tree; unmatched globs do not run', async () => {
    const fleet = fleetWithGates('pre_commit:\n  - glob: "**/*.txt"\n    run: pwd; test "$(cat a.txt)" = staged\n  - glob: "**/*.py"\n    run: "false"');
    await using repo = await createTsRepo({ files: { '.bosun/fleet.yaml': fleet, 'a.txt': 'old\n' } });
    repo.write('a.txt', 'staged\n');
    repo.git('add', 'a.txt');
    repo.write('a.txt', 'working tree\n');
    const r = sacredCli(repo, ['gate', 'pre-commit', '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const cmds = (JSON.parse(r.stdout) as { gates: { gate: string; details: { runs: { output: string }[] } }[] }).gates.find((g) => g.gate === 'commands')!;
    assert.equal(cmds.details.runs.length, 1, 'the *.py command had no file to check');
    assert.match(cmds.details.runs[0]!.output, /\/\.git\/bosun\/tscache\/index-[0-9a-f]+\/tree\n/);
  });

  test('a timeout kills everything the command started, not only sh; so does a finished command', async () => {
    // the grandchild does not hold the pipes: before the fix the gate returned, leaving `sleep` running
    const fleet = fleetWithGates([
      'pre_commit:',
      '  - glob: "**/*.sh"',
      '    name: hangs',
      '    timeout: 1',
      '    run: sleep 300 >/dev/null 2>&1 & echo $! > "$BOSUN_REPO_ROOT/../hang.pid"; wait',
      '  - glob: "**/*.sh"',
      '    name: leaves-a-daemon',
      '    run: sleep 300 >/dev/null 2>&1 & echo $! > "$BOSUN_REPO_ROOT/../daemon.pid"; true',
    ].join('\n'));
    await using repo = await createTsRepo({ files: { '.bosun/fleet.yaml': fleet } });
    repo.write('a.sh', GOOD);
    repo.git('add', '-A');
    const r = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^hangs: failed \(timed out after 1 s\)/m);
    assert.doesNotMatch(r.stdout, /leaves-a-daemon: failed/);
    // a zombie is dead (a container's init may never reap it): read its state where /proc has it
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
      } catch {
        return false;
      }
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    for (const f of ['hang.pid', 'daemon.pid']) {
      const pid = Number(readFileSync(join(repo.root, '..', f), 'utf8').trim());
      assert.ok(pid > 0, f);
      const still = alive(pid);
      if (still) process.kill(pid, 'SIGKILL');
      assert.equal(still, false, `${f}: the command's background process outlived the gate`);
    }
  });

  test('invalid gates settings: exit 3, naming every key path', async () => {
    const fleet = fleetWithGates('typecheck: { enabld: true }\npre_commit:\n  - glob: "**/*.sh"\n  - run: x\n    glob: []');
    await using repo = await createTsRepo({ files: { '.bosun/fleet.yaml': fleet } });
    repo.write('a.sh', GOOD);
    repo.git('add', '-A');
    const r = sacredCli(repo, ['gate', 'pre-commit']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /invalid gate settings in \.bosun\/fleet\.yaml \(staged\)/);
    assert.match(r.stderr, /gates\.typecheck\.enabld: unknown key \(did you mean "enabled"\?\)/);
    assert.match(r.stderr, /gates\.pre_commit\[0\]\.run: expected a shell command/);
    assert.match(r.stderr, /gates\.pre_commit\[1\]\.glob: expected a glob or a non-empty list of globs/);
  });
});

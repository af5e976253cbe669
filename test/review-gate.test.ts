// The review gate through the real git pre-commit hook: `git commit` in temp repos, from an "agent session"
// (CLAUDECODE and friends in the committing environment) or from a person's shell.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AGENT_MARKERS, installPreCommitHook } from '../src/gates/index.ts';
import { bosunInit } from './helpers/bosun.ts';
import { GATE_COMMAND, humanEnv, PTY_SKIP, sacredCli, sacredCliInPty } from './helpers/sacred-repo.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

export const REVIEW_FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**", "db/**"]
    run: ["@read-only", "npm *"]
protected:
  human_review: ["db/migrations/**", "src/auth/**"]
`;

const MIGRATION = 'db/migrations/001_users.sql';
const LOGIN = 'src/auth/login.js';

async function createReviewRepo(opts: { hook?: boolean } = {}): Promise<TmpRepo> {
  const repo = await createTmpRepo({
    prefix: 'bosun-review-',
    files: {
      '.bosun/fleet.yaml': REVIEW_FLEET,
      [MIGRATION]: 'CREATE TABLE users (id INTEGER PRIMARY KEY);\n',
      [LOGIN]: 'exports.login = (u, p) => check(u, p);\n',
      'src/app.js': 'console.log("app");\n',
    },
  });
  if (opts.hook !== false) installPreCommitHook({ repoRoot: repo.root, commonDir: join(repo.root, '.git'), command: GATE_COMMAND });
  return repo;
}

const agentEnv = (repo: TmpRepo, marker = 'CLAUDECODE'): Record<string, string> => humanEnv(repo, { [marker]: '1' });

function commit(repo: TmpRepo, env: Record<string, string>, args: string[]): { code: number | null; out: string } {
  const r = spawnSync('git', ['commit', '-q', ...args], { cwd: repo.root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

const head = (repo: TmpRepo): string => repo.git('rev-parse', 'HEAD').trim();

/** A person approves the staged human_review changes, in a pseudo-terminal, answering yes. */
function approve(repo: TmpRepo, extra: string[] = []): void {
  const args = ['review', 'approve', '--reason', 'reviewed by hand', ...extra];
  const r = sacredCliInPty(repo, args, 'y\n');
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /approved #\d+ by Bosun Test <bosun-test@example\.invalid>/);
}

describe('review gate in the git pre-commit hook', { concurrency: 4 }, () => {
  test('an agent commit touching a human_review path is refused until a person approves that change', { skip: PTY_SKIP }, async () => {
    await using repo = await createReviewRepo();
    const before = head(repo);
    repo.write(MIGRATION, 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n');
    repo.git('add', MIGRATION);
    const blob = repo.git('rev-parse', `:${MIGRATION}`).trim();

    const refused = commit(repo, agentEnv(repo), ['-m', 'add email']);
    assert.notEqual(refused.code, 0, refused.out);
    assert.equal(head(repo), before, 'nothing committed');
    assert.ok(
      refused.out.includes(
        `${MIGRATION}: modified (staged blob ${blob.slice(0, 10)}) in an agent session (CLAUDECODE) without a human's approval of this change ` +
          `(protected.human_review "db/migrations/**"). A person reviews it and runs in their own terminal: bosun review approve --paths ${MIGRATION} --reason "<why>"`,
      ),
      refused.out,
    );
    assert.match(refused.out, /the review gate found 1 problem/);

    approve(repo);
    const ok = commit(repo, agentEnv(repo), ['-m', 'add email']);
    assert.equal(ok.code, 0, ok.out);
    assert.notEqual(head(repo), before);
    assert.match(ok.out, new RegExp(`${MIGRATION}: modified .* approved by Bosun Test <bosun-test@example\\.invalid> \\(#1\\): reviewed by hand`));
  });

  test('the hook `bosun init` installs (built CLI) refuses the agent commit, and lets it through once approved', { skip: PTY_SKIP }, async () => {
    await using repo = await createReviewRepo({ hook: false });
    bosunInit(repo);
    assert.match(readFileSync(join(repo.root, '.git/hooks/pre-commit'), 'utf8'), /bin\/bosun\.js" gate pre-commit/);
    const before = head(repo);
    repo.write(LOGIN, 'exports.login = () => true;\n');
    repo.git('add', LOGIN);
    const refused = commit(repo, agentEnv(repo), ['-m', 'simplify login']);
    assert.notEqual(refused.code, 0, refused.out);
    assert.match(refused.out, /src\/auth\/login\.js: modified .* bosun review approve --paths src\/auth\/login\.js --reason "<why>"/);
    assert.equal(head(repo), before);
    approve(repo);
    const ok = commit(repo, agentEnv(repo), ['-m', 'simplify login']);
    assert.equal(ok.code, 0, ok.out);
    assert.notEqual(head(repo), before);
  });

  test('approved, then the staged content changes: refused again, naming the earlier approval', { skip: PTY_SKIP }, async () => {
    await using repo = await createReviewRepo();
    const before = head(repo);
    repo.write(MIGRATION, 'ALTER TABLE users ADD COLUMN email TEXT;\n');
    repo.git('add', MIGRATION);
    approve(repo);
    repo.write(MIGRATION, 'DROP TABLE users;\n');
    repo.git('add', MIGRATION);
    const refused = commit(repo, agentEnv(repo), ['-m', 'sneaky']);
    assert.notEqual(refused.code, 0, refused.out);
    assert.match(refused.out, /db\/migrations\/001_users\.sql: modified .*the approval by Bosun Test <bosun-test@example\.invalid> \(#1\) covered other content/);
    assert.equal(head(repo), before);

    // going back to the approved content is that approved change again
    repo.write(MIGRATION, 'ALTER TABLE users ADD COLUMN email TEXT;\n');
    repo.git('add', MIGRATION);
    assert.equal(commit(repo, agentEnv(repo), ['-m', 'as approved']).code, 0);
  });

  test('`git commit -a` from an agent: what counts is what git commits, not what was staged at approval', { skip: PTY_SKIP }, async () => {
    await using repo = await createReviewRepo();
    const before = head(repo);
    repo.write(MIGRATION, 'ALTER TABLE users ADD COLUMN email TEXT;\n');
    repo.git('add', MIGRATION);
    approve(repo);
    repo.write(MIGRATION, 'DROP TABLE users;\n'); // unstaged, but `-a` commits it
    const refused = commit(repo, agentEnv(repo), ['-am', 'all of it']);
    assert.notEqual(refused.code, 0, refused.out);
    assert.match(refused.out, /001_users\.sql: modified .*covered other content/);
    assert.equal(head(repo), before);
  });

  test('a commit from a human shell passes (people review their own commits), with a note', async () => {
    await using repo = await createReviewRepo();
    const before = head(repo);
    repo.write(LOGIN, 'exports.login = () => true;\n');
    const r = commit(repo, humanEnv(repo), ['-am', 'by hand']);
    assert.equal(r.code, 0, r.out);
    assert.notEqual(head(repo), before);
    assert.match(r.out, /note \(review\): 1 staged change to protected\.human_review paths, committed from a human shell \(no agent markers\)/);
  });

  test('an agent commit that touches no human_review path passes', async () => {
    await using repo = await createReviewRepo();
    const before = head(repo);
    repo.write('src/app.js', 'console.log("v2");\n');
    repo.write('db/seeds/users.sql', 'INSERT INTO users VALUES (1);\n');
    repo.git('add', '-A');
    const r = commit(repo, agentEnv(repo, 'BOSUN_AGENT'), ['-m', 'app']);
    assert.equal(r.code, 0, r.out);
    assert.notEqual(head(repo), before);
    assert.doesNotMatch(r.out, /review/);
  });

  test('deletions and moves of protected paths are caught, in both directions', { skip: PTY_SKIP }, async () => {
    await using repo = await createReviewRepo();
    const before = head(repo);
    repo.git('rm', '-q', LOGIN);
    const del = commit(repo, agentEnv(repo), ['-m', 'remove login']);
    assert.notEqual(del.code, 0, del.out);
    assert.match(del.out, /src\/auth\/login\.js: deleted \(was blob [0-9a-f]{10}\) in an agent session \(CLAUDECODE\)/);
    repo.git('reset', '-q', 'HEAD', '--', LOGIN);
    repo.git('checkout', '--', LOGIN);

    mkdirSync(join(repo.root, 'db/archive'));
    repo.git('mv', MIGRATION, 'db/archive/001_users.sql');
    const out = commit(repo, agentEnv(repo), ['-m', 'archive']);
    assert.notEqual(out.code, 0, out.out);
    assert.match(out.out, /db\/migrations\/001_users\.sql: deleted \(moved to db\/archive\/001_users\.sql\)/);
    assert.equal(head(repo), before);

    approve(repo, ['--paths', MIGRATION]);
    const ok = commit(repo, agentEnv(repo), ['-m', 'archive']);
    assert.equal(ok.code, 0, ok.out);
    assert.equal(repo.git('ls-files', 'db').trim(), 'db/archive/001_users.sql');

    repo.git('mv', 'src/app.js', 'src/auth/app.js');
    const into = commit(repo, agentEnv(repo), ['-m', 'move into auth']);
    assert.notEqual(into.code, 0, into.out);
    assert.match(into.out, /src\/auth\/app\.js: added \(moved from src\/app\.js\) \(staged blob [0-9a-f]{10}\)/);
  });

  test('concluding a merge: paths exactly as in the merged branch are its change; the committer\'s own edits are checked', async () => {
    await using repo = await createReviewRepo();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write(MIGRATION, 'ALTER TABLE users ADD COLUMN email TEXT;\n');
    assert.equal(commit(repo, humanEnv(repo), ['-am', 'migration, by a person']).code, 0);
    repo.git('checkout', '-q', 'main');
    repo.write('src/app.js', 'console.log("main moved on");\n');
    assert.equal(commit(repo, humanEnv(repo), ['-am', 'main']).code, 0);

    repo.git('merge', '-q', '--no-ff', '--no-commit', 'feature');
    const merged = sacredCli(repo, ['gate', 'pre-commit'], { env: agentEnv(repo) });
    assert.equal(merged.code, 0, merged.stdout + merged.stderr);
    assert.match(merged.stderr, /note \(review\): db\/migrations\/001_users\.sql: as in the merged commit [0-9a-f]{10}/);

    repo.write(LOGIN, 'exports.login = () => true;\n'); // an edit slipped into the merge
    repo.git('add', LOGIN);
    const r = commit(repo, agentEnv(repo), ['--no-edit']);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /src\/auth\/login\.js: modified/);
    assert.doesNotMatch(r.out, /^db\/migrations\/001_users\.sql: modified/m);
  });

  test('narrowing protected.human_review in the same commit does not free it (HEAD\'s globs still apply)', async () => {
    await using repo = await createReviewRepo();
    repo.write('.bosun/fleet.yaml', REVIEW_FLEET.replace('"db/migrations/**", ', ''));
    repo.write(MIGRATION, 'DROP TABLE users;\n');
    repo.git('add', '-A');
    const r = commit(repo, agentEnv(repo), ['-m', 'unprotect and drop']);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /001_users\.sql: modified .*protected\.human_review "db\/migrations\/\*\*"/);
  });

  test('a new glob in the staged fleet applies to the same commit', async () => {
    await using repo = await createReviewRepo();
    repo.write('.bosun/fleet.yaml', REVIEW_FLEET.replace('"src/auth/**"]', '"src/auth/**", "src/app.js"]'));
    repo.write('src/app.js', 'console.log("v2");\n');
    repo.git('add', '-A');
    const r = sacredCli(repo, ['gate', 'pre-commit'], { env: agentEnv(repo) });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^src\/app\.js: modified/m);
  });
});

describe('review gate: every agent marker counts', { concurrency: 4 }, () => {
  const markers = ['BOSUN_AGENT', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'CODEX_SANDBOX', 'CODEX_THREAD_ID', 'GEMINI_CLI'];
  test('the markers tested are bosun\'s markers', () => {
    const known = new Set(AGENT_MARKERS.map((m) => m.name));
    for (const m of markers) assert.ok(known.has(m), m);
  });
  test('`bosun gate pre-commit` fails for each marker and passes without one (--json details)', async () => {
    await using repo = await createReviewRepo();
    repo.write(MIGRATION, 'DROP TABLE users;\n');
    repo.git('add', MIGRATION);
    for (const m of markers) {
      const r = sacredCli(repo, ['gate', 'pre-commit', '--json'], { env: agentEnv(repo, m) });
      assert.equal(r.code, 1, `${m}: ${r.stdout}${r.stderr}`);
      const review = (JSON.parse(r.stdout) as { gates: Array<{ gate: string; ok: boolean; findings: string[]; details: { agentSession: string[] } }> }).gates.find((g) => g.gate === 'review');
      assert.equal(review?.ok, false, m);
      assert.equal(review?.findings.length, 1, m);
      assert.match(review!.details.agentSession[0]!, new RegExp(`^${m} `));
    }
    const human = sacredCli(repo, ['gate', 'pre-commit', '--json']);
    assert.equal(human.code, 0, human.stdout + human.stderr);
  });
});

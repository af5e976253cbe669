// `bosun review approve|status|list` through the real CLI: refusals (agent markers, no terminal), the
// approval in a pseudo-terminal, and what lands in the ledger (who, why, which blob ids).
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openLedger, type ReviewApprovalRow } from '../src/ledger/index.ts';
import { describeRun, humanEnv, PTY_SKIP, sacredCli, sacredCliInPty } from './helpers/sacred-repo.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**", "db/**"]
    run: ["@read-only", "npm *", "npx *", "node *", "bosun *"]
protected:
  human_review: ["db/migrations/**", "src/auth/**"]
`;

const MIGRATION = 'db/migrations/001_users.sql';
const LOGIN = 'src/auth/login.js';

async function createRepo(): Promise<TmpRepo> {
  return createTmpRepo({
    prefix: 'bosun-review-',
    files: { '.bosun/fleet.yaml': FLEET, [MIGRATION]: 'CREATE TABLE users (id INTEGER);\n', [LOGIN]: 'exports.login = () => false;\n', 'src/app.js': 'x\n' },
  });
}

/** Stages a change to both protected paths and one elsewhere. */
function stageChanges(repo: TmpRepo): { migration: string; login: string } {
  repo.write(MIGRATION, 'ALTER TABLE users ADD COLUMN email TEXT;\n');
  repo.write(LOGIN, 'exports.login = (u) => u.ok;\n');
  repo.write('src/app.js', 'y\n');
  repo.git('add', '-A');
  const blob = (p: string): string => repo.git('ls-files', '-s', '--', p).split(' ')[1]!;
  return { migration: blob(MIGRATION), login: blob(LOGIN) };
}

function approvals(repo: TmpRepo): ReviewApprovalRow[] {
  const ledger = openLedger({ commonDir: join(repo.root, '.git') });
  try {
    return ledger.listReviewApprovals();
  } finally {
    ledger.close();
  }
}

function events(repo: TmpRepo, event: string): Array<{ data: unknown; harness: string }> {
  const ledger = openLedger({ commonDir: join(repo.root, '.git') });
  try {
    return ledger.queryEvents({ limit: 100 }).filter((e) => e.event === event);
  } finally {
    ledger.close();
  }
}

describe('bosun review approve: only a person at a terminal', { concurrency: 4 }, () => {
  for (const marker of ['BOSUN_AGENT', 'CLAUDECODE', 'CODEX_SANDBOX', 'CODEX_THREAD_ID', 'GEMINI_CLI']) {
    test(`refuses inside an agent session, even in a terminal: ${marker}`, { skip: PTY_SKIP }, async () => {
      await using repo = await createRepo();
      stageChanges(repo);
      const r = sacredCliInPty(repo, ['review', 'approve', '--reason', 'x'], 'y\n', humanEnv(repo, { [marker]: '1' }));
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, new RegExp(`bosun review approve refuses to run inside an agent session \\(${marker} `));
      assert.match(r.stdout, /run it yourself in your own terminal, outside the agent/);
      assert.deepEqual(approvals(repo), []);
    });
  }

  test('refuses without an interactive terminal', async () => {
    await using repo = await createRepo();
    stageChanges(repo);
    const r = sacredCli(repo, ['review', 'approve', '--reason', 'x', '--yes'], { input: 'y\n' });
    assert.equal(r.code, 1, describeRun(['review', 'approve'], r));
    assert.match(r.stderr, /bosun review approve needs an interactive terminal/);
    assert.deepEqual(approvals(repo), []);
  });

  test('--reason is required; stray arguments and misplaced flags are usage errors', async () => {
    await using repo = await createRepo();
    for (const args of [['review', 'approve'], ['review', 'approve', '--reason', '  '], ['review', 'approve', 'x', '--reason', 'r'], ['review', 'status', '--reason', 'r'], ['review', 'list', '--limit', '0'], ['review', 'frobnicate'], ['review']]) {
      const r = sacredCli(repo, args);
      assert.equal(r.code, 2, describeRun(args, r));
    }
    assert.match(sacredCli(repo, ['review', 'approve']).stderr, /--reason is required/);
  });

  test('the policy denies agents `bosun review approve` (bosun policy check --bash)', async () => {
    await using repo = await createRepo();
    for (const cmd of ['bosun review approve --reason ok', 'npx bosun review approve --paths db/migrations/001_users.sql --reason ok', 'node /opt/bosun/bin/bosun.js review approve --reason ok']) {
      const r = sacredCli(repo, ['policy', 'check', '--agent', 'lead', '--bash', cmd, '--json']);
      const d = JSON.parse(r.stdout) as { decision: string; rule: string; reason: string };
      assert.equal(d.decision, 'deny', `${cmd}: ${d.reason}`);
      assert.equal(d.rule, 'human-only', cmd);
      assert.equal(r.code, 1);
    }
    const status = JSON.parse(sacredCli(repo, ['policy', 'check', '--agent', 'lead', '--bash', 'bosun review status', '--json']).stdout) as { decision: string };
    assert.equal(status.decision, 'allow', 'reading the review status is fine');
  });
});

describe('bosun review approve in a terminal', { concurrency: 4 }, () => {
  test('records who (git identity, OS user) and why, bound to the staged blob ids', { skip: PTY_SKIP }, async () => {
    await using repo = await createRepo();
    const blobs = stageChanges(repo);
    const r = sacredCliInPty(repo, ['review', 'approve', '--reason', 'adds an email column (TICKET-42)'], 'y\n');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /Approving these staged changes to protected\.human_review paths/);
    assert.match(r.stdout, new RegExp(`db/migrations/001_users\\.sql: modified \\(staged blob ${blobs.migration.slice(0, 10)}\\)`));
    assert.match(r.stdout, /Approve these 2 as Bosun Test <bosun-test@example\.invalid>\? \[y\/N\]/);
    const osUser = userInfo().username;
    assert.match(r.stdout, new RegExp(`approved #1 by Bosun Test <bosun-test@example\\.invalid> \\(OS user ${osUser}\\): adds an email column \\(TICKET-42\\)`));

    const [a, ...more] = approvals(repo);
    assert.equal(more.length, 0);
    assert.equal(a!.gitName, 'Bosun Test');
    assert.equal(a!.gitEmail, 'bosun-test@example.invalid');
    assert.equal(a!.osUser, osUser);
    assert.equal(a!.reason, 'adds an email column (TICKET-42)');
    assert.equal(a!.head, repo.git('rev-parse', 'HEAD').trim());
    assert.deepEqual(
      a!.changes.map((c) => [c.path, c.status, c.newBlob]),
      [
        [MIGRATION, 'M', blobs.migration],
        [LOGIN, 'M', blobs.login],
      ].sort(),
    );
    const ev = events(repo, 'review-approve');
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.harness, 'cli');
    assert.equal((ev[0]!.data as { reason: string }).reason, 'adds an email column (TICKET-42)');

    const again = sacredCliInPty(repo, ['review', 'approve', '--reason', 'again'], '');
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /already approved: db\/migrations\/001_users\.sql \(#1\), src\/auth\/login\.js \(#1\)/);
    assert.equal(approvals(repo).length, 1);
  });

  test('--paths approves only what it selects (several words, a directory), and a --paths matching nothing staged is refused', { skip: PTY_SKIP }, async () => {
    await using repo = await createRepo();
    stageChanges(repo);
    const typo = sacredCliInPty(repo, ['review', 'approve', '--paths', 'db/migration/001_users.sql', '--reason', 'x'], 'y\n');
    assert.equal(typo.code, 2, typo.stdout);
    assert.match(typo.stdout, /no staged change to a protected\.human_review path matches "db\/migration\/001_users\.sql"/);
    const notProtected = sacredCliInPty(repo, ['review', 'approve', '--paths', 'src/app.js', '--reason', 'x'], 'y\n');
    assert.equal(notProtected.code, 2, notProtected.stdout);

    const one = sacredCliInPty(repo, ['review', 'approve', '--paths', 'db/migrations', '--reason', 'migration only', '--yes'], '');
    assert.equal(one.code, 0, one.stdout);
    const status = JSON.parse(sacredCli(repo, ['review', 'status', '--json']).stdout) as { items: Array<{ path: string; approval: { reason: string } | null }> };
    assert.deepEqual(
      status.items.map((i) => [i.path, i.approval?.reason ?? null]),
      [
        [MIGRATION, 'migration only'],
        [LOGIN, null],
      ],
    );
    const text = sacredCli(repo, ['review', 'status']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /approved {5}db\/migrations\/001_users\.sql: modified .* — by Bosun Test <bosun-test@example\.invalid> \(#1\): migration only/);
    assert.match(text.stdout, /NOT approved src\/auth\/login\.js: modified/);
    assert.match(text.stdout, /refused until a person runs: bosun review approve --paths src\/auth\/login\.js --reason "<why>"/);

    const both = sacredCliInPty(repo, ['review', 'approve', '--paths', LOGIN, MIGRATION, '--reason', 'login too', '--yes'], '');
    assert.equal(both.code, 0, both.stdout);
    assert.match(both.stdout, /\(already approved: db\/migrations\/001_users\.sql, #1\)/);
    const list = JSON.parse(sacredCli(repo, ['review', 'list', '--json']).stdout) as { approvals: Array<{ id: number; reason: string; changes: Array<{ path: string }> }> };
    assert.deepEqual(
      list.approvals.map((a) => [a.id, a.reason, a.changes.map((c) => c.path)]),
      [
        [2, 'login too', [LOGIN]],
        [1, 'migration only', [MIGRATION]],
      ],
    );
  });

  test('answering no records nothing', { skip: PTY_SKIP }, async () => {
    await using repo = await createRepo();
    stageChanges(repo);
    const r = sacredCliInPty(repo, ['review', 'approve', '--reason', 'x'], 'n\n');
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /not approved; nothing recorded/);
    assert.deepEqual(approvals(repo), []);
  });

  test('nothing staged under human_review: nothing to approve', { skip: PTY_SKIP }, async () => {
    await using repo = await createRepo();
    repo.write('src/app.js', 'z\n');
    repo.git('add', '-A');
    const r = sacredCliInPty(repo, ['review', 'approve', '--reason', 'x'], '');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /nothing to approve: no staged change touches protected\.human_review \(db\/migrations\/\*\*, src\/auth\/\*\*\)/);
  });

  test('--json: the approval on stdout, the prompt elsewhere', { skip: PTY_SKIP }, async () => {
    await using repo = await createRepo();
    const blobs = stageChanges(repo);
    const r = sacredCliInPty(repo, ['review', 'approve', '--paths', MIGRATION, '--reason', 'json', '--json', '--yes'], '');
    assert.equal(r.code, 0, r.stdout);
    // a pty merges stdout and stderr: the JSON object is the last thing printed
    const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{\r\n  "approval"')).replace(/\r\n/g, '\n')) as { approval: ReviewApprovalRow & { time: string } };
    assert.equal(json.approval.reason, 'json');
    assert.deepEqual(json.approval.changes.map((c) => c.newBlob), [blobs.migration]);
    assert.match(json.approval.time, /^\d{4}-\d\d-\d\dT/);
  });

  test('refuses without a git identity (the approver must be named)', { skip: PTY_SKIP }, async () => {
    await using repo = await createRepo();
    stageChanges(repo);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(repo.gitConfig, '[init]\n\tdefaultBranch = main\n');
    const r = sacredCliInPty(repo, ['review', 'approve', '--reason', 'x'], 'y\n');
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stdout, /user\.name or user\.email is not set/);
    assert.deepEqual(approvals(repo), []);
  });
});

describe('bosun review status and list', { concurrency: 4 }, () => {
  test('status says what is staged and unapproved; list is empty before any approval', async () => {
    await using repo = await createRepo();
    assert.match(sacredCli(repo, ['review', 'status']).stdout, /^no staged change touches protected\.human_review \(db\/migrations\/\*\*, src\/auth\/\*\*\)\.\n$/);
    assert.equal(sacredCli(repo, ['review', 'list']).stdout, 'no review approvals recorded.\n');
    assert.deepEqual(JSON.parse(sacredCli(repo, ['review', 'list', '--json']).stdout), { approvals: [] });
    repo.git('rm', '-q', LOGIN);
    const r = sacredCli(repo, ['review', 'status', '--json'], { env: humanEnv(repo, { CLAUDECODE: '1' }) });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { agentSession: string[]; items: Array<{ path: string; status: string; newBlob: string; approval: unknown }> };
    assert.deepEqual(s.agentSession, ['CLAUDECODE (Claude Code)']);
    assert.deepEqual(s.items.map((i) => [i.path, i.status, /^0+$/.test(i.newBlob), i.approval]), [[LOGIN, 'D', true, null]]);
  });

  test('--help explains the rule and the human-shell exception', async () => {
    await using repo = await createRepo();
    const r = sacredCli(repo, ['review', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: bosun review <approve\|status\|list>/);
    assert.match(r.stdout, /you review your own commits/);
  });
});

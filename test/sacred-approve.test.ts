// `bosun sacred lock|status|approve` through the real CLI: refusals (agent markers, no terminal), the
// approval in a pseudo-terminal, and what lands in the lock and the ledger.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseLock } from '../src/gates/index.ts';
import { openLedger } from '../src/ledger/index.ts';
import { createSacredRepo, describeRun, humanEnv, INVOICE_TEST, PTY_SKIP, sacredCli, sacredCliInPty, TEST_APPROVER } from './helpers/sacred-repo.ts';
import type { TmpRepo } from './helpers/tmp-repo.ts';

const INVOICE = 'test/billing/invoice.test.js';
const LOCK = '.bosun/sacred.lock';
const WEAKENED = INVOICE_TEST.replace("it('rounds half up'", "it.skip('rounds half up'");
const readLock = (repo: TmpRepo): string => readFileSync(join(repo.root, LOCK), 'utf8');

function events(repo: TmpRepo, event: string): Array<{ data: unknown; harness: string }> {
  const ledger = openLedger({ commonDir: join(repo.root, '.git'), readonly: true });
  try {
    return ledger.queryEvents({ limit: 100 }).filter((e) => e.event === event);
  } finally {
    ledger.close();
  }
}

describe('bosun sacred lock', { concurrency: 4 }, () => {
  test('writes the lock: per file a hash and the tests with assertions and markers; records the event', async () => {
    await using repo = await createSacredRepo({ lock: false, files: { 'test/billing/later.test.ts': "describe.skip('later', () => { it.todo('refunds'); });\n" } });
    const r = sacredCli(repo, ['sacred', 'lock']);
    assert.equal(r.code, 0, describeRun(['sacred', 'lock'], r));
    assert.equal(r.stdout, `wrote ${LOCK}: 3 files, 5 tests. Commit it.\n`);
    const text = readLock(repo);
    const lock = parseLock(text);
    assert.deepEqual(Object.keys(lock.files), ['test/billing/invoice.test.js', 'test/billing/later.test.ts', 'test/billing/tax.test.mjs']);
    assert.match(lock.files[INVOICE]!.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(lock.files[INVOICE]!.tests, [
      { name: 'invoice > adds the lines', assertions: 2, markers: [] },
      { name: 'invoice > rounds half up', assertions: 1, markers: [] },
      { name: 'invoice > keeps the currency', assertions: 1, markers: [] },
    ]);
    assert.deepEqual(lock.files['test/billing/later.test.ts']!.tests, [{ name: 'later > refunds', assertions: 0, markers: ['skip', 'todo'] }]);
    assert.deepEqual(lock.files['test/billing/tax.test.mjs']!.tests, [{ name: 'vat is 20%', assertions: 1, markers: [] }]);
    assert.deepEqual(lock.runner.scripts, { 'fleet checks.test': 'npm test', 'package.json scripts.test': 'jest' });
    assert.deepEqual(Object.keys(lock.runner.configs), ['package.json#jest']);
    assert.equal(lock.approval?.by, TEST_APPROVER);
    assert.equal(lock.approval?.reason, 'initial lock');
    assert.match(text, /^\{\n {2}"version": 1,\n {2}"approval": \{/, 'stable, pretty key order');
    const ev = events(repo, 'sacred-lock');
    assert.equal(ev.length, 1);
    assert.deepEqual((ev[0]!.data as { approver: string }).approver, TEST_APPROVER);
  });

  test('refuses to overwrite a lock (that is approve), and refuses agents', async () => {
    await using repo = await createSacredRepo();
    const before = readLock(repo);
    const again = sacredCli(repo, ['sacred', 'lock']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    assert.match(again.stderr, /bosun sacred approve/);
    assert.equal(readLock(repo), before);

    await using fresh = await createSacredRepo({ lock: false });
    const agent = sacredCli(fresh, ['sacred', 'lock'], { env: humanEnv(fresh, { CLAUDECODE: '1' }) });
    assert.equal(agent.code, 1);
    assert.match(agent.stderr, /refuses to run inside an agent session \(CLAUDECODE \(Claude Code\) set\)/);
    assert.equal(existsSync(join(fresh.root, LOCK)), false);
  });
});

describe('bosun sacred status', { concurrency: 4 }, () => {
  test('says what the gate would say, and exits 0 either way', async () => {
    await using repo = await createSacredRepo();
    const clean = sacredCli(repo, ['sacred', 'status']);
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /^sacred tests match the lock: 2 files, 4 tests \(last approved by Bosun Test <bosun-test@example\.invalid>: initial lock\)\n$/);
    repo.write(INVOICE, WEAKENED);
    const dirty = sacredCli(repo, ['sacred', 'status']);
    assert.equal(dirty.code, 0);
    assert.match(dirty.stdout, /2 differences from the lock \(the gate would fail\):\n {2}test\/billing\/invoice\.test\.js: changed since the lock\n {2}.*now marked \.skip/);
    const json = JSON.parse(sacredCli(repo, ['sacred', 'status', '--json']).stdout) as { ok: boolean; findings: unknown[] };
    assert.equal(json.ok, false);
    assert.equal(json.findings.length, 2);
  });

  test('without a lock: exit 0 and how to create one', async () => {
    await using repo = await createSacredRepo({ lock: false });
    const r = sacredCli(repo, ['sacred', 'status']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /bosun sacred lock/);
  });
});

describe('bosun sacred approve', { concurrency: 4 }, () => {
  for (const marker of ['BOSUN_AGENT', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'CODEX_SANDBOX', 'CODEX_THREAD_ID', 'GEMINI_CLI']) {
    test(`refuses inside an agent session: ${marker}`, { skip: PTY_SKIP }, async () => {
      await using repo = await createSacredRepo();
      repo.write(INVOICE, WEAKENED);
      const before = readLock(repo);
      // in a real terminal too: the marker alone refuses
      const r = sacredCliInPty(repo, ['sacred', 'approve', '--reason', 'x'], 'y\n', humanEnv(repo, { [marker]: '1' }));
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, new RegExp(`refuses to run inside an agent session \\(${marker} `));
      assert.equal(readLock(repo), before);
      assert.equal(events(repo, 'sacred-approve').length, 0);
    });
  }

  test('refuses without an interactive terminal', async () => {
    await using repo = await createSacredRepo();
    repo.write(INVOICE, WEAKENED);
    const before = readLock(repo);
    const r = sacredCli(repo, ['sacred', 'approve', '--reason', 'x'], { input: 'y\n' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /needs an interactive terminal/);
    assert.equal(readLock(repo), before);
  });

  test('--reason is required', { skip: PTY_SKIP }, async () => {
    await using repo = await createSacredRepo();
    const r = sacredCliInPty(repo, ['sacred', 'approve'], '');
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stdout, /--reason is required/);
  });

  test('a person approves in a terminal: the lock is rewritten, the approver and reason recorded', { skip: PTY_SKIP }, async () => {
    await using repo = await createSacredRepo();
    repo.write(INVOICE, WEAKENED);
    assert.equal(sacredCli(repo, ['gate', 'sacred']).code, 1);
    const r = sacredCliInPty(repo, ['sacred', 'approve', '--reason', 'rounding moved to tax tests'], 'y\n');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /Re-locking the sacred tests accepts these changes:\r?\n {2}test\/billing\/invoice\.test\.js: changed since the lock/);
    assert.match(r.stdout, /Approve them as Bosun Test <bosun-test@example\.invalid>\? \[y\/N\]/);
    assert.match(r.stdout, /approved by Bosun Test <bosun-test@example\.invalid>: rounding moved to tax tests/);
    const lock = parseLock(readLock(repo));
    assert.equal(lock.approval?.by, TEST_APPROVER);
    assert.equal(lock.approval?.reason, 'rounding moved to tax tests');
    assert.deepEqual(lock.files[INVOICE]!.tests[1], { name: 'invoice > rounds half up', assertions: 1, markers: ['skip'] });
    assert.equal(sacredCli(repo, ['gate', 'sacred']).code, 0, 'the gate passes again');
    const ev = events(repo, 'sacred-approve');
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.harness, 'cli');
    const data = ev[0]!.data as { approver: string; reason: string; files: string[]; changes: string[] };
    assert.equal(data.approver, TEST_APPROVER);
    assert.equal(data.reason, 'rounding moved to tax tests');
    assert.deepEqual(data.files, [INVOICE]);
    assert.ok(data.changes.some((c) => c.includes('now marked .skip')));

    const nothing = sacredCliInPty(repo, ['sacred', 'approve', '--reason', 'again'], '');
    assert.equal(nothing.code, 0);
    assert.match(nothing.stdout, /nothing to approve/);
  });

  test('answering no leaves the lock alone', { skip: PTY_SKIP }, async () => {
    await using repo = await createSacredRepo();
    repo.write(INVOICE, WEAKENED);
    const before = readLock(repo);
    const r = sacredCliInPty(repo, ['sacred', 'approve', '--reason', 'x'], 'n\n');
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /not approved; the lock is unchanged/);
    assert.equal(readLock(repo), before);
    assert.equal(events(repo, 'sacred-approve').length, 0);
  });

  test('refuses without a git identity (the approver must be named)', { skip: PTY_SKIP }, async () => {
    await using repo = await createSacredRepo();
    repo.write(INVOICE, WEAKENED);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(repo.gitConfig, '[init]\n\tdefaultBranch = main\n');
    const r = sacredCliInPty(repo, ['sacred', 'approve', '--reason', 'x'], 'y\n');
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stdout, /user\.name or user\.email is not set/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BosunError } from '../shared/errors.ts';
import { EXIT } from '../shared/exit-codes.ts';
import { fleetHash, ledgerPath, openLedger, type RunInput } from './index.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';
import { decision, tmpCommonDir } from '../../test/helpers/ledger-tmp.ts';

function rawPragma(path: string, pragma: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma(pragma, { simple: true });
  } finally {
    db.close();
  }
}

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .all()
      .map((r) => r.name);
  } finally {
    db.close();
  }
}

function assertLedgerError(fn: () => unknown, match: RegExp): BosunError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof BosunError, `expected a BosunError, got ${String(caught)}`);
  assert.equal(caught.code, 'E_LEDGER');
  assert.equal(caught.exitCode, EXIT.environment);
  assert.match(caught.message, match);
  return caught;
}

test('creates <commonDir>/bosun/ledger.db in WAL mode with the current schema', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  ledger.close();
  const path = ledgerPath(tmp.dir);
  assert.equal(ledger.path, path);
  assert.ok(existsSync(path));
  assert.equal(rawPragma(path, 'journal_mode'), 'wal');
  assert.equal(rawPragma(path, 'user_version'), SCHEMA_VERSION);
  // Every table a migration declares exists, and nothing else; the first two migrations' tables by name.
  const declared = MIGRATIONS.flatMap((m) => [...m.matchAll(/CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?(\w+)/g)].map((x) => x[1]!));
  assert.deepEqual(tables(path), [...new Set(declared)].sort());
  for (const t of ['baselines', 'decisions', 'edits', 'events', 'fleet_changes', 'runs', 'sessions', 'verdicts']) assert.ok(declared.includes(t), t);
});

test('reopening is idempotent and keeps what was written', () => {
  using tmp = tmpCommonDir();
  const first = openLedger({ commonDir: tmp.dir });
  first.recordDecision(decision());
  first.close();
  for (let i = 0; i < 3; i++) {
    const again = openLedger({ commonDir: tmp.dir });
    assert.equal(again.queryDecisions().length, 1);
    again.close();
  }
  assert.equal(rawPragma(ledgerPath(tmp.dir), 'user_version'), SCHEMA_VERSION);
});

test('migrates an existing empty database (rollback journal, user_version 0) and a zero-byte file', () => {
  using tmp = tmpCommonDir();
  const path = ledgerPath(tmp.dir);
  mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path);
  raw.pragma('journal_mode = DELETE');
  raw.close();
  assert.equal(rawPragma(path, 'user_version'), 0);

  const ledger = openLedger({ commonDir: tmp.dir });
  ledger.recordDecision(decision());
  ledger.close();
  assert.equal(rawPragma(path, 'journal_mode'), 'wal');
  assert.equal(rawPragma(path, 'user_version'), SCHEMA_VERSION);

  using tmp2 = tmpCommonDir();
  const empty = ledgerPath(tmp2.dir);
  mkdirSync(dirname(empty), { recursive: true });
  writeFileSync(empty, '');
  const l2 = openLedger({ commonDir: tmp2.dir });
  assert.deepEqual(l2.queryDecisions(), []);
  l2.close();
});

test('a ledger from a newer bosun refuses writers but can be read', () => {
  using tmp = tmpCommonDir();
  openLedger({ commonDir: tmp.dir }).close();
  const raw = new Database(ledgerPath(tmp.dir));
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  assertLedgerError(() => openLedger({ commonDir: tmp.dir }), /newer/);
  const ro = openLedger({ commonDir: tmp.dir, readonly: true });
  assert.deepEqual(ro.queryDecisions(), []);
  ro.close();
});

test('read-only opens neither create nor migrate', () => {
  using tmp = tmpCommonDir();
  assertLedgerError(() => openLedger({ commonDir: tmp.dir, readonly: true }), /does not exist/);
  assert.equal(existsSync(dirname(ledgerPath(tmp.dir))), false);

  const path = ledgerPath(tmp.dir);
  mkdirSync(dirname(path), { recursive: true });
  new Database(path).close();
  assertLedgerError(() => openLedger({ commonDir: tmp.dir, readonly: true }), /older/);
  assert.equal(rawPragma(path, 'user_version'), 0);
});

test('a common dir that does not exist is an error, not created', () => {
  using tmp = tmpCommonDir();
  const missing = `${tmp.dir}/no-such-git-dir`;
  const err = assertLedgerError(() => openLedger({ commonDir: missing }), /ENOENT/);
  assert.match(err.hint ?? '', /no-such-git-dir' is the repository's git dir/);
  assert.equal(existsSync(missing), false);
});

test('a garbage file throws E_LEDGER with a hint and is left untouched', () => {
  using tmp = tmpCommonDir();
  const path = ledgerPath(tmp.dir);
  mkdirSync(dirname(path), { recursive: true });
  const garbage = Buffer.from('this is not a sqlite database, just some bytes '.repeat(200));
  writeFileSync(path, garbage);
  for (const readonly of [false, true]) {
    const err = assertLedgerError(() => openLedger({ commonDir: tmp.dir, readonly }), /not a database/);
    assert.ok(err.hint?.includes(path), 'hint names the file');
    assert.match(err.hint ?? '', /PRAGMA integrity_check/);
    assert.match(err.hint ?? '', /move it aside/);
    assert.deepEqual((err.details as { code: string }).code, 'SQLITE_NOTADB');
  }
  assert.deepEqual(readFileSync(path), garbage, 'never recreated');
});

test('records and queries decisions: order, limit, session prefix, agent, since', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  ledger.recordDecision(decision({ time: 1000, sessionId: 'abc-1', agent: 'lead' }));
  ledger.recordDecision(decision({ time: 2000, sessionId: 'abc-2', agent: 'auditor', decision: 'deny', rule: 'edit-scope' }));
  ledger.recordDecision(decision({ time: 3000, sessionId: 'xyz-1', agent: 'lead', decision: 'ask', rule: 'unknown-effects' }));
  ledger.recordDecision(decision({ time: 4000, sessionId: null, agent: 'lead', target: null }));

  const all = ledger.queryDecisions();
  assert.deepEqual(all.map((d) => d.time), [1000, 2000, 3000, 4000], 'oldest first');
  assert.deepEqual(all[1], { id: 2, ...decision({ time: 2000, sessionId: 'abc-2', agent: 'auditor', decision: 'deny', rule: 'edit-scope' }) });
  assert.equal(all[3]?.sessionId, null);
  assert.equal(all[3]?.target, null);

  assert.deepEqual(ledger.queryDecisions({ limit: 2 }).map((d) => d.time), [3000, 4000], 'limit keeps the most recent');
  assert.deepEqual(ledger.queryDecisions({ session: 'abc' }).map((d) => d.sessionId), ['abc-1', 'abc-2']);
  assert.deepEqual(ledger.queryDecisions({ session: 'abc-2' }).map((d) => d.time), [2000]);
  assert.deepEqual(ledger.queryDecisions({ session: 'ab%' }), [], 'no LIKE wildcards');
  assert.deepEqual(ledger.queryDecisions({ agent: 'lead' }).map((d) => d.time), [1000, 3000, 4000]);
  assert.deepEqual(ledger.queryDecisions({ agent: 'lead', since: 3000 }).map((d) => d.time), [3000, 4000]);
  assert.deepEqual(ledger.queryDecisions({ session: 'abc', agent: 'lead', since: 500 }).map((d) => d.time), [1000]);
  assert.throws(() => ledger.queryDecisions({ limit: 0 }), RangeError);
  ledger.close();
});

test('summary counts by decision and rule, under the same filters', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  assert.deepEqual(ledger.summary(), { total: 0, allow: 0, deny: 0, ask: 0, byRule: {} });
  ledger.recordDecision(decision({ sessionId: 's1', decision: 'allow', rule: 'edit-scope' }));
  ledger.recordDecision(decision({ sessionId: 's1', decision: 'deny', rule: 'edit-scope' }));
  ledger.recordDecision(decision({ sessionId: 's1', decision: 'deny', rule: 'sacred' }));
  ledger.recordDecision(decision({ sessionId: 's2', decision: 'ask', rule: 'unknown-effects', agent: 'auditor' }));
  assert.deepEqual(ledger.summary(), { total: 4, allow: 1, deny: 2, ask: 1, byRule: { 'edit-scope': 2, sacred: 1, 'unknown-effects': 1 } });
  assert.deepEqual(ledger.summary({ session: 's1' }), { total: 3, allow: 1, deny: 2, ask: 0, byRule: { 'edit-scope': 2, sacred: 1 } });
  assert.deepEqual(ledger.summary({ agent: 'auditor' }), { total: 1, allow: 0, deny: 0, ask: 1, byRule: { 'unknown-effects': 1 } });
  ledger.close();
});

test('records events with JSON data', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  ledger.recordEvent({ time: 10, sessionId: 's1', agent: 'lead', harness: 'claude-code', event: 'pre-tool', tool: 'Bash', target: 'npm test', data: { command: 'npm test', n: [1, 2] } });
  ledger.recordEvent({ time: 20, sessionId: 's2', agent: null, harness: 'codex', event: 'session-start' });
  const events = ledger.queryEvents();
  assert.deepEqual(events, [
    { id: 1, time: 10, sessionId: 's1', agent: 'lead', harness: 'claude-code', event: 'pre-tool', tool: 'Bash', target: 'npm test', data: { command: 'npm test', n: [1, 2] } },
    { id: 2, time: 20, sessionId: 's2', agent: null, harness: 'codex', event: 'session-start', tool: null, target: null, data: null },
  ]);
  assert.deepEqual(ledger.queryEvents({ session: 's2' }).map((e) => e.id), [2]);
  ledger.close();
});

test('touchSession upserts: first touch creates, later ones fill in and move last-seen', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  ledger.touchSession({ id: 's1', time: 100, harness: 'claude-code', cwd: '/repo', worktree: '/repo' });
  ledger.touchSession({ id: 's1', time: 200, harness: 'claude-code', cwd: '/repo/sub', agent: 'lead', transcriptPath: '/t.jsonl' });
  ledger.touchSession({ id: 's1', time: 150, harness: 'claude-code', cwd: '/repo' });
  ledger.touchSession({ id: 's2', time: 120, harness: 'codex', cwd: '/other' });
  assert.deepEqual(ledger.querySessions(), [
    { id: 's1', harness: 'claude-code', cwd: '/repo', worktree: '/repo', agent: 'lead', transcriptPath: '/t.jsonl', startedAt: 100, lastSeenAt: 200, endedAt: null },
    { id: 's2', harness: 'codex', cwd: '/other', worktree: null, agent: null, transcriptPath: null, startedAt: 120, lastSeenAt: 120, endedAt: null },
  ]);
  ledger.touchSession({ id: 's2', time: 300, harness: 'codex', cwd: '/other', ended: true });
  const [s2] = ledger.querySessions({ limit: 1 });
  assert.equal(s2?.id, 's2');
  assert.equal(s2?.endedAt, 300);
  ledger.close();
});

test('recordHookCall and batch commit all or nothing', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  const session = { id: 's1', time: 1, harness: 'claude-code', cwd: '/r' };
  const event = { time: 1, sessionId: 's1', agent: 'lead', harness: 'claude-code', event: 'pre-tool' };
  ledger.recordHookCall({ session, event, decision: decision({ sessionId: 's1' }) });
  assert.equal(ledger.querySessions().length, 1);
  assert.equal(ledger.queryEvents().length, 1);
  assert.equal(ledger.queryDecisions().length, 1);

  // A verdict the schema rejects fails the whole call: the session and event written before it roll back.
  const bad = decision({ sessionId: 's2', decision: 'maybe' as 'allow' });
  assertLedgerError(() => ledger.recordHookCall({ session: { ...session, id: 's2' }, event, decision: bad }), /CHECK constraint/);
  assert.equal(ledger.querySessions().length, 1);
  assert.equal(ledger.queryEvents().length, 1);

  assert.throws(() =>
    ledger.batch(() => {
      ledger.recordDecision(decision());
      ledger.batch(() => ledger.recordDecision(decision()));
      throw new Error('boom');
    }), /boom/);
  assert.equal(ledger.queryDecisions().length, 1);
  assert.equal(ledger.batch(() => 42), 42);
  ledger.close();
});

test('fleet changes: last hash, and noteFleetHash records only real changes', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  const h1 = fleetHash('version: 1\n');
  const h2 = fleetHash(Buffer.from('version: 1\nagents: {}\n'));
  assert.match(h1, /^[0-9a-f]{64}$/);
  assert.equal(h1, fleetHash(Buffer.from('version: 1\n')), 'string and bytes hash alike');
  assert.notEqual(h1, h2);

  assert.equal(ledger.lastFleetHash(), null);
  const base = { sessionId: 's1', agent: 'fleet-steward', byAgent: true, file: '.bosun/fleet.yaml' };
  const first = ledger.noteFleetHash({ ...base, time: 1, hash: h1 });
  assert.deepEqual(first, { ...base, id: 1, time: 1, hash: h1, previousHash: null });
  assert.equal(ledger.noteFleetHash({ ...base, time: 2, hash: h1 }), null, 'unchanged');
  const second = ledger.noteFleetHash({ ...base, time: 3, hash: h2, byAgent: false, agent: null, sessionId: null });
  assert.equal(second?.previousHash, h1);
  assert.equal(ledger.lastFleetHash(), h2);

  ledger.recordFleetChange({ time: 4, hash: h1, previousHash: h2, sessionId: null, agent: null, byAgent: false, file: '.bosun/fleet.yaml' });
  assert.equal(ledger.lastFleetHash(), h1);
  assert.deepEqual(ledger.queryFleetChanges().map((c) => [c.time, c.byAgent, c.previousHash]), [
    [1, true, null],
    [3, false, h1],
    [4, false, h2],
  ]);
  ledger.close();
});

test('a writer that cannot get the lock in time gets E_LEDGER naming SQLITE_BUSY', () => {
  using tmp = tmpCommonDir();
  openLedger({ commonDir: tmp.dir }).close();
  const holder = new Database(ledgerPath(tmp.dir));
  holder.exec('BEGIN IMMEDIATE');
  const ledger = openLedger({ commonDir: tmp.dir, busyTimeoutMs: 50 });
  try {
    const started = Date.now();
    const err = assertLedgerError(() => ledger.recordDecision(decision()), /SQLITE_BUSY/);
    assert.ok(Date.now() - started >= 40, 'it waited for the busy timeout');
    assert.match(err.hint ?? '', /write lock/);
    assert.equal(ledger.queryDecisions().length, 0, 'readers are not blocked in WAL mode');
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
    ledger.close();
  }
});

test('bad arguments are bugs, not ledger errors', () => {
  using tmp = tmpCommonDir();
  const ledger = openLedger({ commonDir: tmp.dir });
  assert.throws(() => ledger.recordDecision(decision({ time: 1.5 })), RangeError);
  assert.throws(() => ledger.recordEvent({ time: Number.NaN, sessionId: null, agent: null, harness: 'x', event: 'y' }), RangeError);
  ledger.close();
  assert.ok(statSync(ledger.path).size > 0);
});

test('evidence: runs, edits, verdicts and the baseline a passing run must reach', () => {
  using tmp = tmpCommonDir();
  const l = openLedger({ commonDir: tmp.dir });
  try {
    const run = (time: number, exitCode: number, total: number | null, extra: Partial<RunInput> = {}): RunInput => ({
      time, sessionId: 's1', agent: 'lead', agentId: null, source: 'agent', command: 'npm test', cwd: '/r', checkName: 'test', masked: false,
      exitCode, durationMs: 10, timedOut: false, outputTail: 'x', summary: total === null ? null : { runner: 'node', passed: total - (exitCode ? 1 : 0), failed: exitCode ? 1 : 0, skipped: 0, total }, ...extra,
    });
    assert.equal(l.baseline('test', 100), null);
    l.recordRun(run(10, 0, 40));
    l.recordRun(run(20, 1, 45));
    l.recordRun(run(30, 0, 42, { masked: true }));
    l.recordRun(run(40, 0, 38, { sessionId: 's2' }));
    assert.equal(l.baseline('test', 100), 40, 'failing and masked runs do not raise the baseline');
    l.recordBaseline({ time: 50, checkName: 'test', total: 30, approvedBy: 'Ann <a@x>', reason: 'removed a flaky suite' });
    assert.equal(l.baseline('test', 100), 30, 'a human approval resets it');
    l.recordRun(run(60, 0, 35));
    assert.equal(l.baseline('test', 100), 35);
    assert.equal(l.baseline('test', 45), 40, 'only what was known before the given time');
    const runs = l.sessionRuns('s1');
    assert.equal(runs.length, 4);
    assert.deepEqual(runs[2]?.summary, { runner: 'node', passed: 42, failed: 0, skipped: 0, total: 42 });
    assert.equal(runs[2]?.masked, true);
    assert.equal(l.lastEditTime('s1'), null);
    l.recordEdit({ time: 15, sessionId: 's1', agent: 'lead', agentId: null, tool: 'Edit', path: 'src/a.js' });
    l.recordEdit({ time: 25, sessionId: 's1', agent: 'helper', agentId: 'a1', tool: 'Write', path: 'src/b.js' });
    assert.equal(l.lastEditTime('s1'), 25);
    l.recordVerdict({ time: 70, sessionId: 's1', agent: 'lead', agentId: null, event: 'Stop', verdict: 'blocked', claims: [{ kind: 'tests-pass' }], details: { x: 1 }, reason: 'r' });
    l.recordVerdict({ time: 71, sessionId: 's1', agent: 'helper', agentId: 'a1', event: 'SubagentStop', verdict: 'verified', claims: [], details: {}, reason: 'ok' });
    assert.equal(l.sessionVerdicts('s1').length, 2);
    assert.deepEqual(l.sessionVerdicts('s1', null).map((v) => v.verdict), ['blocked']);
    assert.deepEqual(l.sessionVerdicts('s1', 'a1').map((v) => v.agent), ['helper']);
    assert.deepEqual(l.sessionVerdicts('s1')[0]?.claims, [{ kind: 'tests-pass' }]);
  } finally {
    l.close();
  }
});

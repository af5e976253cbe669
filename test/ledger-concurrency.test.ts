// Eight hook-like processes write to one ledger at the same instant: nothing may be lost and nobody may
// fail with SQLITE_BUSY, both on an existing ledger and on one that all eight create at once. Each write is
// what a pre-tool hook does in one transaction: touch the session, note the fleet hash, record the decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ledgerPath, openLedger } from '../src/ledger/index.ts';
import { tmpCommonDir } from './helpers/ledger-tmp.ts';

const WRITERS = 8;
const N = 200;
const root = fileURLToPath(new URL('..', import.meta.url));
const writerScript = fileURLToPath(new URL('./helpers/ledger-writer.ts', import.meta.url));

interface Exit {
  worker: number;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function startWriter(worker: number, commonDir: string, syncDir: string, mode: string): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, commonDir, syncDir, String(worker), String(N), mode], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ worker, code, signal, stdout, stderr })));
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts the writers, waits until every one is loaded and polling, then releases them together. */
async function race(commonDir: string, mode: string): Promise<Exit[]> {
  const syncDir = join(commonDir, 'sync');
  mkdirSync(syncDir);
  const exits = Array.from({ length: WRITERS }, (_, i) => startWriter(i, commonDir, syncDir, mode));
  await waitFor(() => Array.from({ length: WRITERS }, (_, i) => existsSync(join(syncDir, `ready-${i}`))).every(Boolean), 60_000, 'writers to load');
  writeFileSync(join(syncDir, 'go'), '');
  return Promise.all(exits);
}

function assertAllWritten(commonDir: string, exits: Exit[]): void {
  for (const e of exits) {
    assert.equal(e.stderr, '', `writer ${e.worker} wrote to stderr`);
    assert.equal(e.code, 0, `writer ${e.worker} exited ${e.code} (${e.signal ?? 'no signal'})`);
  }
  const ledger = openLedger({ commonDir, readonly: true });
  try {
    assert.equal(ledger.summary().total, WRITERS * N);
    for (let w = 0; w < WRITERS; w++) {
      const rows = ledger.queryDecisions({ agent: `worker-${w}`, limit: N + 1 });
      assert.equal(new Set(rows.map((r) => r.target)).size, N, `every write of worker ${w} is there once`);
    }
    assert.equal(ledger.querySessions({ limit: WRITERS + 1 }).length, WRITERS);
    assert.equal(ledger.queryFleetChanges().length, 1, 'the same fleet hash is recorded once, however many hooks see it');
  } finally {
    ledger.close();
  }
  const raw = new Database(ledgerPath(commonDir), { readonly: true });
  try {
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  } finally {
    raw.close();
  }
}

/** Per-call latency across all writers, for the test log: the median writer's p50 and the worst p99 and max. */
function timings(exits: Exit[]): string {
  const parsed = exits.map((e) => JSON.parse(e.stdout) as { totalMs: number; p50: number; p99: number; max: number });
  const p50s = parsed.map((p) => p.p50).sort((a, b) => a - b);
  const worst = (k: 'p99' | 'max' | 'totalMs'): number => Math.max(...parsed.map((p) => p[k]));
  return `per call: p50 ${p50s[p50s.length >> 1]} ms, worst p99 ${worst('p99')} ms, worst max ${worst('max')} ms; slowest writer ${worst('totalMs')} ms`;
}

test(`${WRITERS} processes x ${N} hook-like writes (open, one transaction, close) into an existing ledger`, { timeout: 180_000 }, async (t) => {
  using tmp = tmpCommonDir();
  openLedger({ commonDir: tmp.dir }).close();
  const exits = await race(tmp.dir, 'per-call');
  assertAllWritten(tmp.dir, exits);
  t.diagnostic(timings(exits));
});

test(`${WRITERS} processes create the ledger at the same instant, then write ${N} each on one connection`, { timeout: 180_000 }, async (t) => {
  using tmp = tmpCommonDir();
  assert.equal(existsSync(ledgerPath(tmp.dir)), false);
  const exits = await race(tmp.dir, 'one-connection');
  assertAllWritten(tmp.dir, exits);
  t.diagnostic(timings(exits));
});

test(`${WRITERS} processes create the ledger at the same instant, opening per write like hooks`, { timeout: 180_000 }, async (t) => {
  using tmp = tmpCommonDir();
  const exits = await race(tmp.dir, 'per-call');
  assertAllWritten(tmp.dir, exits);
  t.diagnostic(timings(exits));
});

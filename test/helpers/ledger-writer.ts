// One of the concurrent writers of test/ledger-concurrency.test.ts. Usage:
//   node --import tsx test/helpers/ledger-writer.ts <commonDir> <syncDir> <worker> <n> <per-call|one-connection>
// Signals readiness with <syncDir>/ready-<worker>, waits for <syncDir>/go, then writes n decisions as fast as
// it can, one transaction each. `per-call` opens and closes the ledger around every write, as a hook process
// does; `one-connection` keeps one open to maximise lock contention. Prints a JSON line of per-call timings (ms).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLedger } from '../../src/ledger/index.ts';
import type { Ledger } from '../../src/ledger/index.ts';

const [commonDir, syncDir, worker, nText, mode] = process.argv.slice(2);
if (!commonDir || !syncDir || !worker || !nText || (mode !== 'per-call' && mode !== 'one-connection')) {
  process.stderr.write('usage: ledger-writer.ts <commonDir> <syncDir> <worker> <n> <per-call|one-connection>\n');
  process.exit(2);
}
const n = Number(nText);
const sessionId = `session-${worker}`;
const agent = `worker-${worker}`;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

writeFileSync(join(syncDir, `ready-${worker}`), '');
while (!existsSync(join(syncDir, 'go'))) Atomics.wait(sleeper, 0, 0, 1);

/** What a pre-tool hook writes, in one transaction: the fleet hash it saw, the session, the decision. */
function write(ledger: Ledger, i: number): void {
  const time = Date.now();
  ledger.batch(() => {
    // Read before write: a deferred transaction would fail here with SQLITE_BUSY_SNAPSHOT under contention.
    ledger.noteFleetHash({ time, hash: 'fleet-v1', sessionId, agent, byAgent: false, file: '.bosun/fleet.yaml' });
    ledger.touchSession({ id: sessionId, time, harness: 'claude-code', cwd: commonDir ?? '', agent });
    ledger.recordDecision({
      time,
      sessionId,
      agent,
      harness: 'claude-code',
      tool: 'Edit',
      target: `src/${worker}/${i}.ts`,
      decision: i % 3 === 0 ? 'deny' : 'allow',
      rule: 'edit-scope',
      reason: `write ${i} of ${agent}`,
    });
  });
}

const started = performance.now();
const callMs: number[] = [];
const shared = mode === 'one-connection' ? openLedger({ commonDir }) : null;
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const ledger = shared ?? openLedger({ commonDir });
  write(ledger, i);
  if (!shared) ledger.close();
  callMs.push(performance.now() - t0);
}
shared?.close();
callMs.sort((a, b) => a - b);
const at = (q: number): number => Math.round((callMs[Math.min(n - 1, Math.floor(n * q))] ?? 0) * 10) / 10;
process.stdout.write(JSON.stringify({ worker, n, totalMs: Math.round(performance.now() - started), p50: at(0.5), p99: at(0.99), max: at(1) }) + '\n');

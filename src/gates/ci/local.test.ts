// The local provider over a real ledger file: the latest record per check and commit counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../../ledger/index.ts';
import { ciStatus } from './status.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

test('local: latest record per check and SHA wins (ties broken by insertion order); other SHAs do not count', async (t) => {
  const commonDir = mkdtempSync(join(tmpdir(), 'bosun-ci-local-'));
  t.after(() => rmSync(commonDir, { recursive: true, force: true }));
  const repo = { root: commonDir, commonDir };
  const config = { provider: 'local' as const, required: ['test', 'lint'] };

  const missing = await ciStatus({ config, sha: A, env: {}, repo });
  assert.equal(missing.green, false);
  assert.match(missing.reasons[0] ?? '', /nothing recorded yet/);

  const ledger = openLedger({ commonDir });
  const rec = (sha: string, check: string, state: 'success' | 'failure', time: number) => ledger.recordCiResult({ time, sha, check, state, recordedBy: 'ci', url: null });
  rec(A, 'test', 'failure', 100);
  rec(A, 'test', 'success', 200);
  rec(A, 'lint', 'success', 300);
  rec(A, 'lint', 'failure', 300);
  rec(B, 'lint', 'success', 400);
  assert.deepEqual(ledger.ciResults(A).map((r) => [r.check, r.state]), [['lint', 'failure'], ['test', 'success']]);
  assert.equal(ledger.ciHistory(A).length, 4);
  assert.throws(() => rec('not-a-sha', 'test', 'success', 1), /CHECK constraint failed/);
  ledger.close();

  const v = await ciStatus({ config, sha: A, env: {}, repo });
  assert.equal(v.green, false);
  assert.deepEqual(v.checks.map((c) => [c.name, c.state]), [['test', 'success'], ['lint', 'failure']]);
  const b = await ciStatus({ config, sha: B, env: {}, repo });
  assert.deepEqual(b.checks.map((c) => [c.name, c.state]), [['test', 'missing'], ['lint', 'success']]);
});

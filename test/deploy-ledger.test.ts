// Migration 7 through the ledger API: a deploy is `running` until finished, steps come back in order with
// their details, --env and --limit select the most recent deploys, oldest first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLedger } from '../src/ledger/index.ts';
import { tmpCommonDir } from './helpers/ledger-tmp.ts';

test('deploys and their steps round-trip; a killed deploy stays running', () => {
  using tmp = tmpCommonDir('bosun-deploy-ledger-');
  const ledger = openLedger({ commonDir: tmp.dir });
  try {
    const t0 = 1_700_000_000_000;
    const a = ledger.startDeploy({ time: t0, env: 'staging', sha: 'a'.repeat(40), actor: 'ann@box', agentMarkers: [] });
    ledger.recordDeployStep({ deployId: a, step: 'ci', status: 'ok', startedAt: t0, durationMs: 12.6, summary: 'green', details: { checks: [{ name: 'test', state: 'success' }] } });
    ledger.recordDeployStep({ deployId: a, step: 'backup', status: 'failed', startedAt: t0 + 20, durationMs: 5, summary: 'pg_restore --list cannot read the backup' });
    ledger.finishDeploy({ deployId: a, time: t0 + 30, status: 'failed', failedStep: 'backup', reason: 'pg_restore --list cannot read the backup', backupFile: null, restoreCommand: null });
    const b = ledger.startDeploy({ time: t0 + 100, env: 'production', sha: null, actor: 'bot@ci', agentMarkers: ['CLAUDECODE (Claude Code)'] });
    const c = ledger.startDeploy({ time: t0 + 200, env: 'staging', sha: 'c'.repeat(40), actor: 'ann@box', agentMarkers: [] });

    const all = ledger.listDeploys();
    assert.deepEqual(all.map((d) => [d.id, d.env, d.status]), [
      [a, 'staging', 'failed'],
      [b, 'production', 'running'],
      [c, 'staging', 'running'],
    ]);
    const first = all[0]!;
    assert.equal(first.failedStep, 'backup');
    assert.equal(first.finishedAt, t0 + 30);
    assert.deepEqual(first.steps.map((s) => [s.step, s.status, s.durationMs]), [
      ['ci', 'ok', 13],
      ['backup', 'failed', 5],
    ]);
    assert.deepEqual(first.steps[0]!.details, { checks: [{ name: 'test', state: 'success' }] });
    assert.equal(first.steps[1]!.details, null);
    assert.deepEqual(all[1]!.agentMarkers, ['CLAUDECODE (Claude Code)']);
    assert.equal(all[1]!.sha, null);

    assert.deepEqual(ledger.listDeploys({ env: 'staging' }).map((d) => d.id), [a, c]);
    assert.deepEqual(ledger.listDeploys({ limit: 2 }).map((d) => d.id), [b, c]);
    assert.deepEqual(ledger.listDeploys({ env: 'nowhere' }), []);
    assert.throws(() => ledger.recordDeployStep({ deployId: c, step: 'run', status: 'bogus' as 'ok', startedAt: t0, durationMs: 1, summary: 'x' }), /CHECK constraint/);
  } finally {
    ledger.close();
  }
});

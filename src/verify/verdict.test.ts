import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CLAIM_CHECKS, type ClaimKind } from '../fleet/index.ts';
import type { Claim } from './types.ts';
import { decideVerdict, type RunEvidence, type VerdictFacts } from './verdict.ts';

const TESTS: Claim = { kind: 'tests-pass', text: 'All tests pass', hedged: false };
const DONE: Claim = { kind: 'done', text: 'The feature is complete', hedged: false };
const DEPLOYED: Claim = { kind: 'deployed', text: 'Deployed to staging', hedged: false };

function run(time: number, exitCode: number | null, extra: Partial<RunEvidence> = {}): RunEvidence {
  return { time, durationMs: 5, command: 'npm test', source: 'agent', checkName: 'test', masked: false, exitCode, timedOut: false, outputTail: 'not ok 1 - adds\n# fail 1', summary: null, ...extra };
}
const summary = (passed: number, failed: number) => ({ runner: 'node', passed, failed, skipped: 0, total: passed + failed });

function facts(f: Partial<VerdictFacts>): VerdictFacts {
  return {
    claims: [TESTS],
    claimChecks: { ...DEFAULT_CLAIM_CHECKS } as Record<ClaimKind, string[]>,
    checks: { test: 'npm test' },
    runs: [],
    lastEditTime: 100,
    baselines: {},
    priorBlocks: 0,
    maxBlocks: 3,
    ...f,
  };
}

const CASES: Array<[string, Partial<VerdictFacts>, string, RegExp?]> = [
  ['no claims', { claims: [] }, 'no-claims'],
  ['a claim no check proves', { claims: [DEPLOYED] }, 'unchecked', /verify\.claims/],
  ['a claim whose check is not defined', { checks: {} }, 'unchecked'],
  ['no run at all: bosun must run it', {}, 'needs-runs'],
  ['only a run before the last edit', { runs: [run(90, 0)] }, 'needs-runs'],
  ['a run that started before the last edit and ended after it', { runs: [run(102, 0, { durationMs: 10 })] }, 'needs-runs'],
  ['a fresh passing run', { runs: [run(90, 1), run(150, 0)] }, 'verified'],
  ['no edits at all: any run counts', { lastEditTime: null, runs: [run(10, 0)] }, 'verified'],
  ['a fresh failing run', { runs: [run(150, 1, { summary: summary(9, 1) })] }, 'blocked', /exit code 1 — 1 failed, 9 passed of 10[\s\S]*# fail 1/],
  ['passing then failing: the last one counts', { runs: [run(150, 0), run(160, 1)] }, 'blocked'],
  ['failing then passing', { runs: [run(150, 1), run(160, 0)] }, 'verified'],
  ['a timed-out run fails', { runs: [run(150, null, { timedOut: true })] }, 'blocked', /timed out/],
  ['exit 0 but the summary counts failures', { runs: [run(150, 0, { summary: summary(3, 2) })] }, 'blocked'],
  ['a masked exit with no summary proves nothing', { runs: [run(150, 0, { masked: true })] }, 'needs-runs'],
  ['a masked exit with a clean summary', { runs: [run(150, 0, { masked: true, summary: summary(12, 0) })] }, 'verified'],
  ['a masked exit whose summary fails', { runs: [run(150, 0, { masked: true, summary: summary(11, 1) })] }, 'blocked'],
  ['the suite shrank below the baseline', { runs: [run(150, 0, { summary: summary(30, 0) })], baselines: { test: 42 } }, 'blocked', /ran 30 tests where the last passing baseline had 42/],
  ['the suite kept its size', { runs: [run(150, 0, { summary: summary(42, 0) })], baselines: { test: 42 } }, 'verified'],
  ['bosun ran it and it failed', { runs: [run(150, 2, { source: 'bosun' })] }, 'blocked', /bosun ran it after your last edit/],
  ['after the cap the stop is allowed, unverified', { runs: [run(150, 1)], priorBlocks: 3 }, 'unverified', /gave up after 3/],
  ['runs of other commands do not count', { runs: [run(150, 0, { checkName: null, command: 'ls' })] }, 'needs-runs'],
  ['two claims, one check each: one missing', { claims: [TESTS, { kind: 'lint-clean', text: 'lint is clean', hedged: false }], checks: { test: 'npm test', lint: 'npm run lint' }, runs: [run(150, 0)] }, 'needs-runs'],
  ['done maps to the test check too', { claims: [DONE], runs: [run(150, 1)] }, 'blocked', /The feature is complete/],
];

for (const [name, f, outcome, reason] of CASES) {
  test(`verdict: ${name} → ${outcome}`, () => {
    const v = decideVerdict(facts(f));
    assert.equal(v.outcome, outcome, v.reason);
    if (reason) assert.match(v.reason, reason);
    if (outcome === 'needs-runs') assert.ok(v.toRun.length > 0);
  });
}

test('verdict: a blocked reason names the claim, the check, what happened and what to do', () => {
  const v = decideVerdict(facts({ runs: [run(150, 1, { summary: summary(9, 1) })] }));
  assert.match(v.reason, /"All tests pass"/);
  assert.match(v.reason, /check `test` \(npm test\)/);
  assert.match(v.reason, /run the check again/);
});

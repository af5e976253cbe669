import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVerdict } from './verdict.ts';
import { nextLink } from './http.ts';
import { parseRemoteUrl, webHost } from './remote.ts';
import type { CheckState, Observation } from './types.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function verdict(required: string[], observations: Observation[], problems: string[] = []) {
  return buildVerdict({ provider: 'github', sha: SHA, required, observations, problems });
}

test('green only when every required check succeeded and nothing went wrong reading them', () => {
  const obs = (state: CheckState): Observation[] => [{ name: 'test', state }, { name: 'other', state: 'failure' }];
  assert.equal(verdict(['test'], obs('success')).green, true);
  for (const s of ['failure', 'error', 'cancelled', 'pending', 'missing', 'skipped', 'neutral'] as const) {
    const v = verdict(['test'], obs(s));
    assert.equal(v.green, false, s);
    assert.equal(v.reasons.length, 1, s);
  }
  assert.equal(verdict(['test'], obs('success'), ['GitHub GET /x: HTTP 500']).green, false);
  assert.equal(verdict(['test'], []).checks[0]?.state, 'missing');
});

test('no required check known → never green', () => {
  const v = verdict([], [{ name: 'test', state: 'success' }]);
  assert.equal(v.green, false);
  assert.equal(v.settled, true);
  assert.match(v.reasons[0] ?? '', /no required check is known/);
});

test('several observations of one name: the worst speaks', () => {
  const v = verdict(['test'], [{ name: 'test', state: 'success' }, { name: 'test', state: 'pending' }, { name: 'test', state: 'success' }]);
  assert.equal(v.checks[0]?.state, 'pending');
  assert.equal(verdict(['t'], [{ name: 't', state: 'skipped' }, { name: 't', state: 'failure' }]).checks[0]?.state, 'failure');
});

test('settled: conclusive reds stop --wait, pending/missing/API trouble do not', () => {
  assert.equal(verdict(['t'], [{ name: 't', state: 'failure' }]).settled, true);
  assert.equal(verdict(['t'], [{ name: 't', state: 'neutral' }]).settled, true);
  assert.equal(verdict(['t'], [{ name: 't', state: 'pending' }]).settled, false);
  assert.equal(verdict(['t'], []).settled, false);
  assert.equal(verdict(['t'], [{ name: 't', state: 'success' }], ['rate limited']).settled, false);
  assert.equal(verdict([], [], ['branch protection: HTTP 503']).settled, false);
  assert.equal(buildVerdict({ provider: 'github', sha: SHA, required: ['t'], observations: [], problems: [], permanent: ['HTTP 404'] }).settled, true);
});

test('order: required checks as configured, then the others by name; warnings and urls kept', () => {
  const v = verdict(['b', 'a'], [{ name: 'z', state: 'failure', warning: 'allowed to fail' }, { name: 'a', state: 'success', url: 'https://x/a' }, { name: 'b', state: 'success' }, { name: 'c', state: 'success' }]);
  assert.deepEqual(v.checks.map((c) => [c.name, c.required]), [['b', true], ['a', true], ['c', false], ['z', false]]);
  assert.equal(v.checks[1]?.url, 'https://x/a');
  assert.equal(v.checks[3]?.warning, 'allowed to fail');
  assert.equal(v.green, true);
});

test('an observation can make itself required (GitLab whole-pipeline check)', () => {
  const v = verdict([], [{ name: 'pipeline', state: 'failure', required: true }]);
  assert.equal(v.green, false);
  assert.deepEqual(v.checks.map((c) => [c.name, c.required]), [['pipeline', true]]);
});

test('Link header: rel="next" only', () => {
  assert.equal(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'), 'https://api.github.com/x?page=2');
  assert.equal(nextLink('<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next"'), 'https://a/x?page=3');
  assert.equal(nextLink('<https://a/x?page=1>; rel="first", <https://a/x?page=4>; rel="last"'), null);
  assert.equal(nextLink(null), null);
  assert.equal(nextLink(''), null);
});

test('remote URLs', () => {
  assert.deepEqual(parseRemoteUrl('git@github.com:octo/app.git'), { host: 'github.com', path: 'octo/app' });
  assert.deepEqual(parseRemoteUrl('https://github.com/octo/app'), { host: 'github.com', path: 'octo/app' });
  assert.deepEqual(parseRemoteUrl('ssh://git@gitlab.example:2222/grp/sub/app.git'), { host: 'gitlab.example', path: 'grp/sub/app' });
  assert.deepEqual(parseRemoteUrl('https://user:tok@GitLab.com/grp/app.git/'), { host: 'gitlab.com', path: 'grp/app' });
  assert.equal(parseRemoteUrl('/srv/git/app.git'), null);
  assert.equal(parseRemoteUrl('file:///srv/git/app.git'), null);
  assert.equal(webHost('https://api.github.com'), 'github.com');
  assert.equal(webHost('https://ghe.example/api/v3'), 'ghe.example');
  assert.equal(webHost('https://gitlab.com/api/v4'), 'gitlab.com');
});

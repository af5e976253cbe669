import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseCiConfig } from './config.ts';

function issues(value: unknown, keyPath = 'gates.ci'): string[] {
  try {
    parseCiConfig(value, keyPath);
  } catch (err) {
    assert.ok(err instanceof BosunError);
    assert.equal(err.code, 'E_CI_CONFIG');
    assert.equal(err.exitCode, EXIT.config);
    return err.details as string[];
  }
  assert.fail('expected E_CI_CONFIG');
}

test('valid configurations, normalised', () => {
  assert.deepEqual(parseCiConfig({ provider: 'github', required: ['test', ' lint '] }, 'gates.ci'), { provider: 'github', keyPath: 'gates.ci', required: ['test', 'lint'] });
  assert.deepEqual(parseCiConfig({ provider: 'github' }, 'gates.ci'), { provider: 'github', keyPath: 'gates.ci', required: [] });
  assert.deepEqual(
    parseCiConfig({ provider: 'github', required: [], api_url: 'https://ghe.example/api/v3', repository: 'o/r', token_env: 'GHE_TOKEN', branch: 'release' }, 'deploy.prod.ci'),
    { provider: 'github', keyPath: 'deploy.prod.ci', required: [], apiUrl: 'https://ghe.example/api/v3', repository: 'o/r', tokenEnv: 'GHE_TOKEN', branch: 'release' },
  );
  assert.deepEqual(parseCiConfig({ provider: 'gitlab', project_id: 42, required: ['test'] }, 'gates.ci'), { provider: 'gitlab', keyPath: 'gates.ci', required: ['test'], projectId: '42' });
  assert.deepEqual(parseCiConfig({ provider: 'gitlab', project_id: 'grp/app', api_url: 'http://127.0.0.1:8080/api/v4' }, 'gates.ci'), { provider: 'gitlab', keyPath: 'gates.ci', required: [], apiUrl: 'http://127.0.0.1:8080/api/v4', projectId: 'grp/app' });
  assert.deepEqual(parseCiConfig({ provider: 'local', required: ['test'] }, 'deploy.staging.ci'), { provider: 'local', keyPath: 'deploy.staging.ci', required: ['test'] });
});

const INVALID: Array<[unknown, RegExp[]]> = [
  [null, [/^gates\.ci: expected a mapping/]],
  [['github'], [/^gates\.ci: expected a mapping.*got a list/]],
  [{}, [/^gates\.ci\.provider: expected one of github, gitlab, local, got nothing/]],
  [{ provider: 'GitHub' }, [/got "GitHub" \(did you mean github\?\)/]],
  [{ provider: 'circle' }, [/got "circle"$/]],
  [{ provider: 'github', required: 'test' }, [/^gates\.ci\.required: expected a list of check names, got "test"/]],
  [{ provider: 'github', required: ['test', '', 7, 'test'] }, [/required\[1\]: expected a check name, got ""/, /required\[2\]: expected a check name, got number 7/, /required\[3\]: "test" is listed twice/]],
  [{ provider: 'github', requird: ['x'] }, [/gates\.ci\.requird: unknown key for provider github \(did you mean required\?\)/]],
  [{ provider: 'github', project_id: 1 }, [/gates\.ci\.project_id: unknown key for provider github \(it belongs to provider gitlab\)/]],
  [{ provider: 'gitlab', repository: 'o/r' }, [/gates\.ci\.repository: unknown key for provider gitlab \(it belongs to provider github\)/]],
  [{ provider: 'github', api_url: 'api.github.com' }, [/api_url: expected an http\(s\) URL/]],
  [{ provider: 'github', repository: 'just-a-name' }, [/repository: expected owner\/name/]],
  [{ provider: 'github', token_env: 'ghp_0123456789abcdef' }, [/token_env: expected the NAME of an environment variable holding the token \(never the token itself\), got "ghp_…"/]],
  [{ provider: 'gitlab', token_env: 'glpat-0123456789' }, [/token_env: expected the NAME/]],
  [{ provider: 'github', token_env: 'MY TOKEN' }, [/token_env: expected the NAME/]],
  [{ provider: 'gitlab', project_id: -3 }, [/project_id: expected a project number \(> 0\) or a group\/project path, got -3/]],
  [{ provider: 'local' }, [/gates\.ci\.required: missing; the local provider needs/]],
  [{ provider: 'local', required: [] }, [/required: the local provider needs at least one check name/]],
  [{ provider: 'local', required: ['t'], api_url: 'https://x' }, [/api_url: unknown key for provider local \(it belongs to provider github\/gitlab\)/]],
];

test('invalid configurations: every problem, with its key path', () => {
  for (const [value, expected] of INVALID) {
    const got = issues(value);
    assert.equal(got.length, expected.length, `${JSON.stringify(value)} → ${got.join(' | ')}`);
    expected.forEach((re, i) => assert.match(got[i] ?? '', re, JSON.stringify(value)));
  }
});

test('the key path given is the one named (deploy.<env>.ci)', () => {
  assert.match(issues({ provider: 'local', required: 'x' }, 'deploy.staging.ci')[0] ?? '', /^deploy\.staging\.ci\.required:/);
  try {
    parseCiConfig({ provider: 'nope' }, 'deploy.staging.ci');
  } catch (err) {
    assert.ok(err instanceof BosunError);
    assert.match(err.message, /invalid CI configuration at deploy\.staging\.ci/);
    assert.match(err.hint ?? '', /deploy\.staging\.ci/);
  }
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseDeployEnv } from './config.ts';

const FILE = '.bosun/fleet.yaml';
const parse = (env: Record<string, unknown>, gatesCi?: unknown) => parseDeployEnv({ deploy: { staging: env }, gatesCi, env: 'staging', file: FILE });

function issuesOf(env: unknown, gatesCi?: unknown): string[] {
  try {
    parseDeployEnv({ deploy: { staging: env }, gatesCi, env: 'staging', file: FILE });
  } catch (err) {
    assert.ok(err instanceof BosunError, String(err));
    assert.equal(err.exitCode, EXIT.config, err.message);
    assert.equal(err.code, 'E_DEPLOY_CONFIG');
    return err.details as string[];
  }
  assert.fail('expected the configuration to be refused');
}

const CI = { provider: 'local', required: ['test'] };

test('the shape from the issue parses', () => {
  const env = parse({
    ci: CI,
    backup: { postgres: 'postgresql://127.0.0.1:5432/app' },
    counts: { users: 'no-decrease', orders: '+-5%' },
    run: './scripts/deploy.sh',
    smoke: './scripts/smoke.sh',
  });
  assert.deepEqual(env.ci, { provider: 'local', keyPath: 'deploy.staging.ci', required: ['test'] });
  assert.equal(env.backup?.source, 'database');
  assert.deepEqual(env.database, { kind: 'postgres', conn: { literal: 'postgresql://127.0.0.1:5432/app' }, keyPath: 'deploy.staging.backup.postgres' });
  assert.deepEqual(
    env.counts.map((c) => [c.name, c.target, c.ruleText]),
    [
      ['users', { table: ['users'] }, 'no-decrease'],
      ['orders', { table: ['orders'] }, '+-5%'],
    ],
  );
  assert.deepEqual(env.run, { command: './scripts/deploy.sh', timeoutSeconds: 3600 });
  assert.deepEqual(env.smoke, { command: './scripts/smoke.sh', timeoutSeconds: 600 });
  assert.equal(env.agentsAllowed, false);
});

test('every other form parses: env-var URLs, mariadb, sqlite, schema tables, named queries, timeouts, command backups', () => {
  const env = parse({
    agents: 'allowed',
    ci: { required: ['test', 'e2e'] },
    backup: { mariadb: '${DB_URL}', to: '~/backups/app', restore_check: 'full', timeout_seconds: 60 },
    counts: { 'audit.events': 'unchanged', active: { query: 'SELECT count(*) FROM users WHERE active;', expect: '+0..10' }, o: { table: 'orders', expect: 'any' } },
    run: { command: 'make deploy', timeout_seconds: 5 },
  }, CI);
  assert.equal(env.agentsAllowed, true);
  assert.deepEqual(env.ci, { provider: 'local', keyPath: 'deploy.staging.ci', required: ['test', 'e2e'] });
  assert.deepEqual(env.database, { kind: 'mysql', conn: { envVar: 'DB_URL' }, keyPath: 'deploy.staging.backup.mariadb' });
  assert.equal(env.backup?.restoreCheck, 'full');
  assert.equal(env.backup?.to, '~/backups/app');
  assert.deepEqual(env.counts.map((c) => c.target), [{ table: ['audit', 'events'] }, { query: 'SELECT count(*) FROM users WHERE active' }, { table: ['orders'] }]);
  assert.equal(env.run.timeoutSeconds, 5);

  // database: naming the same database as backup: is allowed (redundant).
  assert.equal(parse({ ci: false, backup: { sqlite: 'a.db' }, database: { sqlite: 'a.db' }, run: 'x' }).database?.kind, 'sqlite');

  const cmd = parse({ ci: false, backup: { command: 'dump > "$BOSUN_BACKUP_FILE"', format: 'sqlite' }, database: { sqlite: 'data/app.db' }, counts: { t: 'no-decrease' }, run: 'x' });
  assert.equal(cmd.ci, null);
  assert.equal(cmd.backup?.source, 'command');
  assert.deepEqual(cmd.database, { kind: 'sqlite', conn: { literal: 'data/app.db' }, keyPath: 'deploy.staging.database.sqlite' });
});

test('ci: true and a missing ci: use gates.ci', () => {
  assert.deepEqual(parse({ ci: true, run: 'x' }, CI).ci, { provider: 'local', keyPath: 'gates.ci', required: ['test'] });
  assert.deepEqual(parse({ run: 'x' }, CI).ci, { provider: 'local', keyPath: 'gates.ci', required: ['test'] });
});

// [what, env, key path the issue must name, gates.ci]
const INVALID: Array<[string, unknown, string, unknown?]> = [
  ['no run', { ci: CI }, 'deploy.staging.run'],
  ['database: differs from the one backed up', { ci: CI, backup: { sqlite: 'a.db' }, database: { sqlite: 'b.db' }, run: 'x' }, 'deploy.staging.database: names a different database than backup:'],
  ['no ci anywhere', { run: 'x' }, 'deploy.staging.ci'],
  ['ci names no provider', { ci: { required: ['t'] }, run: 'x' }, 'deploy.staging.ci.provider'],
  ['misspelt key', { ci: CI, run: 'x', smoek: 'y' }, 'deploy.staging.smoek: unknown key (did you mean "smoke"?)'],
  ['bad count rule', { ci: CI, backup: { sqlite: 'a.db' }, counts: { users: 'decrease' }, run: 'x' }, 'deploy.staging.counts.users'],
  ['count rule not a string', { ci: CI, backup: { sqlite: 'a.db' }, counts: { users: 5 }, run: 'x' }, 'deploy.staging.counts.users'],
  ['bad table name', { ci: CI, backup: { sqlite: 'a.db' }, counts: { 'a.b.c': 'any' }, run: 'x' }, 'deploy.staging.counts.a.b.c'],
  ['query without expect', { ci: CI, backup: { sqlite: 'a.db' }, counts: { q: { query: 'select 1' } }, run: 'x' }, 'deploy.staging.counts.q.expect'],
  ['counts without a database', { ci: CI, counts: { users: 'any' }, run: 'x' }, 'deploy.staging.counts'],
  ['two databases', { ci: CI, backup: { postgres: 'postgresql://h/a', sqlite: 'a.db' }, run: 'x' }, 'deploy.staging.backup'],
  ['a non-URL postgres', { ci: CI, backup: { postgres: 'localhost' }, run: 'x' }, 'deploy.staging.backup.postgres'],
  ['a postgres URL for mysql', { ci: CI, backup: { mysql: 'postgresql://h/a' }, run: 'x' }, 'deploy.staging.backup.mysql'],
  ['relative backup dir', { ci: CI, backup: { sqlite: 'a.db', to: 'backups' }, run: 'x' }, 'deploy.staging.backup.to'],
  ['bad restore_check', { ci: CI, backup: { sqlite: 'a.db', restore_check: 'deep' }, run: 'x' }, 'deploy.staging.backup.restore_check'],
  ['unprovable command backup', { ci: CI, backup: { command: 'dump' }, run: 'x' }, 'deploy.staging.backup: a command backup must be provable'],
  ['bad format', { ci: CI, backup: { command: 'dump', format: 'oracle' }, run: 'x' }, 'deploy.staging.backup.format'],
  ['full check of a command backup with no database', { ci: CI, backup: { command: 'dump', format: 'postgres', restore_check: 'full' }, run: 'x' }, 'deploy.staging.backup.restore_check'],
  ['bad agents', { ci: CI, run: 'x', agents: 'yes' }, 'deploy.staging.agents'],
  ['bad timeout', { ci: CI, run: { command: 'x', timeout_seconds: -1 } }, 'deploy.staging.run.timeout_seconds'],
  ['empty smoke', { ci: CI, run: 'x', smoke: '' }, 'deploy.staging.smoke'],
  ['nothing to back up', { ci: CI, run: 'x', backup: { to: '/b' } }, 'deploy.staging.backup: says nothing to back up'],
  ['env not a mapping', 'deploy.sh', 'deploy.staging'],
];

for (const [what, env, path, gatesCi] of INVALID) {
  test(`refused: ${what}`, () => {
    const issues = issuesOf(env, gatesCi);
    assert.ok(issues.some((i) => i.includes(path)), `expected an issue naming ${path}, got:\n${issues.join('\n')}`);
  });
}

test('every problem is reported at once', () => {
  const issues = issuesOf({ ci: CI, backup: { sqlite: 'a.db', restore_check: 'deep' }, counts: { users: 'decrease' }, smoke: 5 });
  assert.equal(issues.length, 4, issues.join('\n'));
});

test('an unknown environment suggests the close one (usage), no deploy key is a config error', () => {
  assert.throws(() => parseDeployEnv({ deploy: { staging: {} }, gatesCi: undefined, env: 'stagign', file: FILE }), (err: unknown) => err instanceof BosunError && err.exitCode === EXIT.usage && /did you mean "staging"/.test(err.message));
  assert.throws(() => parseDeployEnv({ deploy: {}, gatesCi: undefined, env: 'staging', file: FILE }), (err: unknown) => err instanceof BosunError && err.exitCode === EXIT.config);
});

test('an environment called log is refused: bosun deploy log is a command', () => {
  assert.throws(() => parseDeployEnv({ deploy: { log: { ci: CI, run: 'x' } }, gatesCi: undefined, env: 'log', file: FILE }), (err: unknown) => err instanceof BosunError && /reserved/.test(err.message));
});

// `bosun deploy` with SQLite (a real file outside the repo), plus what does not depend on the database:
// agent sessions, forbidden backup locations, invalid configuration, a failing smoke test, a timeout, the log.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createDeployRepo, deployCli, printedRestoreCommand, recordCi, sh, show, type DeployRepo } from './helpers/deploy-repo.ts';

function sqlite(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
}

/** data/app.db beside the repo (not in it): 40 users, 10 orders, in WAL mode like a live app's. */
function seedDb(repo: { dir: string }): string {
  mkdirSync(join(repo.dir, 'data'), { recursive: true });
  const file = join(repo.dir, 'data', 'app.db');
  sqlite(file, `PRAGMA journal_mode=WAL;
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO users SELECT i, 'u' || i FROM n;
    CREATE TABLE orders (id INTEGER PRIMARY KEY);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO orders SELECT i FROM n;`);
  return file;
}

const count = (file: string, table: string): number => Number(sqlite(file, `SELECT count(*) FROM ${table}`));

/** A repo whose staging deploy backs up ../data/app.db; `deploy` lines get $DB. */
async function sqliteRepo(opts: { extra?: string; deploy?: string; smoke?: string; backup?: string } = {}): Promise<{ repo: DeployRepo; db: string }> {
  const repo = await createDeployRepo({ env: 'run: ./scripts/deploy.sh', deploy: '' });
  const db = seedDb(repo);
  repo.write(
    '.bosun/fleet.yaml',
    `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
deploy:
  staging:
    ci: { provider: local, required: [test] }
    backup: ${opts.backup ?? `{ sqlite: "${db}" }`}
    counts: { users: no-decrease, active: { query: "SELECT count(*) FROM users WHERE name LIKE 'u%'", expect: "+-10%" } }
    run: ./scripts/deploy.sh
    smoke: ./scripts/smoke.sh
${opts.extra ?? ''}
`,
  );
  repo.write('scripts/deploy.sh', `#!/bin/sh\nset -e\ntouch '${repo.marker}'\n${(opts.deploy ?? '').replaceAll('$DB', db)}\n`);
  if (opts.smoke) repo.write('scripts/smoke.sh', `#!/bin/sh\n${opts.smoke}\n`);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'sqlite deploy');
  await recordCi(repo, 'test', 'success');
  return { repo, db };
}

describe('bosun deploy with SQLite', () => {
  test('a migration that deletes rows fails verify; the printed sqlite3 .restore brings them back', async () => {
    const { repo, db } = await sqliteRepo({ deploy: `sqlite3 "$DB" "DELETE FROM users WHERE id > 5"` });
    await using _ = repo;
    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 1, show(r));
    assert.equal(count(db, 'users'), 5);
    assert.match(r.stdout, /FAILED {2}verify {2}users: 40 → 5 \(-35\): may not decrease; active: 40 → 5 \(-35\): may change by at most 10%/);
    assert.match(r.stdout, /ok {6}backup {2}.*restorable: PRAGMA integrity_check: ok \(2 tables\)/);
    const restore = printedRestoreCommand(r.stdout);
    assert.ok(restore.startsWith(`sqlite3 ${db} '.restore "${repo.backupDir()}/`), restore);
    sh(restore, repo.env);
    assert.equal(count(db, 'users'), 40);
    assert.equal(count(db, 'orders'), 10);
  });

  test('a garbage command backup (format: sqlite) stops the deploy before run', async () => {
    const { repo, db } = await sqliteRepo({ backup: `{ command: 'head -c 5000 /dev/urandom > "$BOSUN_BACKUP_FILE"', format: sqlite }\n    database: { sqlite: $DBFILE }` });
    await using _ = repo;
    const r = await deployCli(repo, ['deploy', 'staging'], { DBFILE: db });
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAILED {2}backup {2}.*(not a database|file is not a database)/i);
    assert.equal(existsSync(repo.marker), false, 'the deploy script never ran');
  });

  test('an agent session is refused and recorded; agents: allowed lets it deploy', async () => {
    const { repo } = await sqliteRepo();
    await using _ = repo;
    const r = await deployCli(repo, ['deploy', 'staging'], { BOSUN_AGENT: 'lead' });
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /REFUSED: deploying staging from an agent session is refused \(BOSUN_AGENT \(bosun run\) set\)/);
    assert.equal(existsSync(repo.marker), false);
    assert.deepEqual(repo.backups(), []);

    const log = await deployCli(repo, ['deploy', 'log', '--json', '--env', 'staging']);
    const [d] = (JSON.parse(log.stdout) as { deploys: Array<{ status: string; agentMarkers: string[]; steps: unknown[] }> }).deploys;
    assert.equal(d?.status, 'refused');
    assert.deepEqual(d?.agentMarkers, ['BOSUN_AGENT (bosun run)']);
    assert.deepEqual(d?.steps, []);

    const fleet = join(repo.root, '.bosun/fleet.yaml');
    execFileSync('sh', ['-c', `printf '    agents: allowed\\n' >> '${fleet}'`]);
    repo.git('commit', '-q', '-am', 'agents may deploy staging');
    await recordCi(repo, 'test', 'success');
    const allowed = await deployCli(repo, ['deploy', 'staging'], { CLAUDECODE: '1' });
    assert.equal(allowed.code, 0, show(allowed));
    assert.ok(existsSync(repo.marker));
  });

  test('backups inside the repository or beside the database are refused before anything runs (exit 4)', async () => {
    const { repo, db } = await sqliteRepo();
    await using _ = repo;
    for (const [to, why] of [
      [join(repo.root, 'backups'), /inside the repository/],
      [join(repo.dir, 'data', 'backups'), /database's own directory/],
    ] as const) {
      repo.write('.bosun/fleet.yaml', repo.git('show', 'HEAD:.bosun/fleet.yaml').replace(`{ sqlite: "${db}" }`, `{ sqlite: "${db}", to: "${to}" }`));
      repo.git('commit', '-q', '-am', `backups to ${to}`);
      await recordCi(repo, 'test', 'success');
      const r = await deployCli(repo, ['deploy', 'staging']);
      assert.equal(r.code, 4, show(r));
      assert.match(r.stdout, why);
      assert.equal(existsSync(to), false);
      assert.equal(existsSync(repo.marker), false);
      repo.git('reset', '-q', '--hard', 'HEAD~1');
    }
  });

  test('a backup dir behind a dangling symlink into the repo is refused (exit 4); one that cannot be created fails the backup step', async () => {
    const { repo, db } = await sqliteRepo();
    await using _ = repo;
    const link = join(repo.dir, 'backups-link');
    symlinkSync(join(repo.root, 'not-yet'), link); // points into the repository, at a dir that does not exist yet
    const blocker = join(repo.dir, 'a-file');
    writeFileSync(blocker, 'not a directory\n');
    for (const [to, code, why] of [
      [join(link, 'staging'), 4, /inside the repository/],
      [join(blocker, 'backups'), 1, /FAILED {2}backup {2}cannot create the backup directory .*a-file\/backups: ENOTDIR/],
    ] as const) {
      repo.write('.bosun/fleet.yaml', repo.git('show', 'HEAD:.bosun/fleet.yaml').replace(`{ sqlite: "${db}" }`, `{ sqlite: "${db}", to: "${to}" }`));
      repo.git('commit', '-q', '-am', `backups to ${to}`);
      await recordCi(repo, 'test', 'success');
      const r = await deployCli(repo, ['deploy', 'staging']);
      assert.equal(r.code, code, show(r));
      assert.match(r.stdout, why);
      assert.equal(existsSync(join(repo.root, 'not-yet')), false, 'nothing created inside the repository');
      assert.equal(existsSync(repo.marker), false);
      repo.git('reset', '-q', '--hard', 'HEAD~1');
    }
  });

  test('a failing smoke test exits 1 and prints the restore command; a timed-out run is killed', async () => {
    const { repo } = await sqliteRepo({ smoke: 'echo "health check: 503" >&2; exit 3' });
    await using _ = repo;
    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAILED {2}smoke {3}the smoke test failed: \.\/scripts\/smoke\.sh exited 3: health check: 503/);
    assert.match(r.stderr, /health check: 503/, 'the output was streamed');
    assert.ok(printedRestoreCommand(r.stdout).startsWith('sqlite3 '));

    const slow = join(repo.dir, 'slow-child-done');
    repo.write('scripts/deploy.sh', `#!/bin/sh\n(sleep 5; touch '${slow}') &\nsleep 30\n`);
    repo.write('.bosun/fleet.yaml', repo.git('show', 'HEAD:.bosun/fleet.yaml').replace('run: ./scripts/deploy.sh', 'run: { command: ./scripts/deploy.sh, timeout_seconds: 1 }'));
    repo.git('commit', '-q', '-am', 'slow deploy');
    await recordCi(repo, 'test', 'success');
    const t = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(t.code, 1, show(t));
    assert.match(t.stdout, /FAILED {2}run {5}the deploy command failed: \.\/scripts\/deploy\.sh timed out after 1 s/);
    await new Promise((res) => setTimeout(res, 6000));
    assert.equal(existsSync(slow), false, 'the whole process group was killed, background children too');
  });

  test('an invalid deploy configuration exits 3 naming every key path', async () => {
    await using repo = await createDeployRepo({ env: `ci: { provider: local, required: [test] }\nbackup: { sqlite: a.db, restore_check: deep }\ncounts: { users: decrease }\nrun: ./scripts/deploy.sh\nsmoek: x` });
    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 3, show(r));
    for (const path of ['deploy.staging.backup.restore_check', 'deploy.staging.counts.users', 'deploy.staging.smoek: unknown key (did you mean "smoke"?)']) assert.ok(r.stderr.includes(path), r.stderr);
    const unknown = await deployCli(repo, ['deploy', 'stagign']);
    assert.equal(unknown.code, 2, show(unknown));
    assert.match(unknown.stderr, /did you mean "staging"/);
  });

  test('deploy log lists deploys oldest first with every step, filtered by --env', async () => {
    const { repo } = await sqliteRepo();
    await using _ = repo;
    const ok = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(ok.code, 0, show(ok));
    const refused = await deployCli(repo, ['deploy', 'staging'], { GEMINI_CLI: '1' });
    assert.equal(refused.code, 1, show(refused));
    const log = await deployCli(repo, ['deploy', 'log']);
    assert.equal(log.code, 0, show(log));
    const lines = log.stdout.split('\n');
    assert.match(lines[0] ?? '', /^#1 {2}\S+ {2}staging {2}[0-9a-f]{12} {2}succeeded {2}by \S+$/);
    assert.deepEqual(lines.slice(1, 7).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' ')), ['ok ci', 'ok backup', 'ok counts', 'ok run', 'ok verify', 'ok smoke']);
    assert.match(log.stdout, /#2 {2}\S+ {2}staging {2}[0-9a-f]{12} {2}REFUSED {2}by \S+ \(agent: GEMINI_CLI \(Gemini CLI\)\)/);
    const other = await deployCli(repo, ['deploy', 'log', '--env', 'production']);
    assert.equal(other.stdout, 'no deploys of production recorded yet.\n');
  });
});

// `bosun deploy` against the real local PostgreSQL (a scratch database per test): a migration that
// deletes rows is caught by verify and the printed restore command brings the rows back; red or missing
// CI never reaches the backup; a backup that does not restore stops the deploy before it runs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createDeployRepo, deployCli, leftoverScratch, pgScratch, printedRestoreCommand, recordCi, sh, show, type ScratchDb } from './helpers/deploy-repo.ts';

function seed(db: ScratchDb): void {
  db.sql(`CREATE TABLE users (id int PRIMARY KEY, name text);
          INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 500) g;
          CREATE TABLE orders (id int PRIMARY KEY, user_id int);
          INSERT INTO orders SELECT g, g % 500 + 1 FROM generate_series(1, 200) g;`);
}

const ENV = (db: ScratchDb, extra = ''): string => `ci: { provider: local, required: [test] }
backup: { postgres: "${db.url}"${extra} }
counts: { users: no-decrease, orders: "+-5%" }
run: ./scripts/deploy.sh
smoke: ./scripts/smoke.sh`;

describe('bosun deploy with PostgreSQL', () => {
  test('a migration that deletes rows fails verify (exit 1); the printed restore command brings the counts back', async () => {
    await using db = pgScratch();
    seed(db);
    await using repo = await createDeployRepo({ env: ENV(db), deploy: `psql -X -q -d '${db.url}' -c 'DELETE FROM users WHERE id > 100'` });
    await recordCi(repo, 'test', 'success');

    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 1, show(r));
    assert.ok(existsSync(repo.marker), 'the deploy script ran');
    assert.equal(db.count('users'), 100, 'the migration deleted rows');
    assert.match(r.stdout, /FAILED {2}verify {2}users: 500 → 100 \(-400\): may not decrease/);
    assert.doesNotMatch(r.stdout, /ok {6}smoke/, 'smoke never ran');
    const [backup] = repo.backups();
    assert.match(backup ?? '', /^\d{8}T\d{6}Z-[0-9a-f]{12}\.pgdump$/);
    const restore = printedRestoreCommand(r.stdout);
    assert.ok(restore.startsWith('pg_restore --clean --if-exists --single-transaction -d '), restore);
    assert.ok(restore.includes(db.url) && restore.includes(`${repo.backupDir()}/${backup}`), restore);

    sh(restore, repo.env);
    assert.equal(db.count('users'), 500, 'restored');
    assert.equal(db.count('orders'), 200);

    const log = await deployCli(repo, ['deploy', 'log', '--json']);
    assert.equal(log.code, 0, show(log));
    const [d] = (JSON.parse(log.stdout) as { deploys: Array<{ status: string; failedStep: string; restoreCommand: string; steps: Array<{ step: string; status: string; details: unknown }> }> }).deploys;
    assert.equal(d?.status, 'failed');
    assert.equal(d?.failedStep, 'verify');
    assert.equal(d?.restoreCommand, restore);
    assert.deepEqual(d?.steps.map((s) => `${s.step}:${s.status}`), ['ci:ok', 'backup:ok', 'counts:ok', 'run:ok', 'verify:failed']);
    assert.deepEqual(d?.steps[4]?.details, {
      counts: [
        { name: 'users', rule: 'no-decrease', before: 500, after: 100, ok: false },
        { name: 'orders', rule: '+-5%', before: 200, after: 200, ok: true },
      ],
    });
  });

  test('red CI and missing CI never reach the backup: no backup file, the deploy script never ran', async () => {
    await using db = pgScratch();
    seed(db);
    await using repo = await createDeployRepo({ env: ENV(db), deploy: `psql -X -q -d '${db.url}' -c 'DELETE FROM users'` });

    const missing = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(missing.code, 1, show(missing));
    assert.match(missing.stdout, /FAILED {2}ci {6}CI is not green/);

    await recordCi(repo, 'test', 'failure');
    const red = await deployCli(repo, ['deploy', 'staging', '--json']);
    assert.equal(red.code, 1, show(red));
    const report = JSON.parse(red.stdout) as { status: string; failedStep: string; steps: Array<{ step: string }>; backup: unknown };
    assert.equal(report.status, 'failed');
    assert.equal(report.failedStep, 'ci');
    assert.deepEqual(report.steps.map((s) => s.step), ['ci']);
    assert.equal(report.backup, null);

    assert.deepEqual(repo.backups(), [], 'no backup was taken');
    assert.equal(existsSync(repo.marker), false, 'the deploy script never ran');
    assert.equal(db.count('users'), 500);
  });

  test('a dirty working tree is refused at the ci step even when CI is green for HEAD', async () => {
    await using db = pgScratch();
    seed(db);
    await using repo = await createDeployRepo({ env: ENV(db) });
    await recordCi(repo, 'test', 'success');
    repo.write('src/hotfix.ts', 'export const x = 1;\n');
    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAILED {2}ci {6}the working tree has changes CI never saw \(src\/\)/);
    assert.equal(existsSync(repo.marker), false);
    assert.deepEqual(repo.backups(), []);
  });

  test('a garbage backup (command: …, format: postgres) stops the deploy before run', async () => {
    await using db = pgScratch();
    seed(db);
    const env = `ci: { provider: local, required: [test] }
backup: { command: 'echo "this is not a dump" > "$BOSUN_BACKUP_FILE"', format: postgres }
database: { postgres: "${db.url}" }
counts: { users: no-decrease }
run: ./scripts/deploy.sh`;
    await using repo = await createDeployRepo({ env });
    await recordCi(repo, 'test', 'success');
    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAILED {2}backup {2}pg_restore --list cannot read the backup/);
    assert.equal(existsSync(repo.marker), false, 'the deploy script never ran');
    assert.deepEqual(repo.backups().map((f) => f.replace(/^.*\./, '')), ['unrestorable'], 'kept under a name nobody restores by mistake');
  });

  test('a truncated pg_dump (its table of contents still reads) stops the deploy before run', async () => {
    await using db = pgScratch();
    seed(db);
    const env = `ci: { provider: local, required: [test] }
backup: { command: 'pg_dump -Fc -d "$DB_URL" | head -c 3000 > "$BOSUN_BACKUP_FILE"', format: postgres }
database: { postgres: $DB_URL }
run: ./scripts/deploy.sh`;
    await using repo = await createDeployRepo({ env });
    await recordCi(repo, 'test', 'success');
    const r = await deployCli(repo, ['deploy', 'staging'], { DB_URL: db.url });
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAILED {2}backup {2}pg_restore cannot read the backup to its end/);
    assert.equal(existsSync(repo.marker), false);
  });

  test('restore_check: full restores into a scratch database, compares counts, drops it; a good deploy exits 0', async () => {
    await using db = pgScratch();
    seed(db);
    await using repo = await createDeployRepo({ env: ENV(db, ', restore_check: full'), deploy: `psql -X -q -d '${db.url}' -c 'INSERT INTO users VALUES (501, $$new$$)'` });
    await recordCi(repo, 'test', 'success');
    const r = await deployCli(repo, ['deploy', 'staging', '--json']);
    assert.equal(r.code, 0, show(r));
    const report = JSON.parse(r.stdout) as { status: string; steps: Array<{ step: string; status: string; summary: string }> };
    assert.equal(report.status, 'succeeded');
    assert.deepEqual(report.steps.map((s) => `${s.step}:${s.status}`), ['ci:ok', 'backup:ok', 'counts:ok', 'run:ok', 'verify:ok', 'smoke:ok']);
    assert.match(report.steps[1]!.summary, /restored into scratch database bosun_restore_check_\w+: 2 tables, counts equal to live/);
    assert.match(report.steps[4]!.summary, /users 500 → 501, orders 200 → 200/);
    assert.deepEqual(leftoverScratch('postgres'), []);
  });

  test('--dry-run checks CI and the database, takes no backup and runs nothing', async () => {
    await using db = pgScratch();
    seed(db);
    await using repo = await createDeployRepo({ env: ENV(db) });
    await recordCi(repo, 'test', 'success');
    const r = await deployCli(repo, ['deploy', 'staging', '--dry-run']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /ok {6}counts {2}now: users=500, orders=200/);
    assert.match(r.stdout, /plan {4}run {5}would run \.\/scripts\/deploy\.sh/);
    assert.deepEqual(repo.backups(), []);
    assert.equal(existsSync(repo.marker), false);
    const log = await deployCli(repo, ['deploy', 'log', '--json']);
    assert.deepEqual((JSON.parse(log.stdout) as { deploys: unknown[] }).deploys, [], 'a dry run is not a deploy');
  });
});

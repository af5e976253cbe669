// `bosun deploy` against the real local MariaDB (a scratch database per test): verify catches deleted
// rows and the printed `mariadb … < file` restores them; a truncated dump stops the deploy before run;
// restore_check: full restores into a scratch database and drops it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createDeployRepo, deployCli, leftoverScratch, mariaScratch, printedRestoreCommand, recordCi, sh, show, type ScratchDb } from './helpers/deploy-repo.ts';

function seed(db: ScratchDb): void {
  db.sql(`CREATE TABLE users (id int PRIMARY KEY, name varchar(40));
          INSERT INTO users SELECT seq, concat('user ', seq) FROM seq_1_to_300;
          CREATE TABLE \`order items\` (id int PRIMARY KEY);
          INSERT INTO \`order items\` SELECT seq FROM seq_1_to_50;`);
}

const CLIENT = `mariadb --protocol=TCP -h 127.0.0.1 -u root`;

describe('bosun deploy with MariaDB', () => {
  test('a migration that deletes rows fails verify; the printed restore command brings the counts back', async () => {
    await using db = mariaScratch();
    seed(db);
    const env = `ci: { provider: local, required: [test] }
backup: { mysql: "${db.url}" }
counts: { users: unchanged, "order items": no-decrease }
run: ./scripts/deploy.sh`;
    await using repo = await createDeployRepo({ env, deploy: `${CLIENT} ${db.name} -e 'DELETE FROM users WHERE id <= 120; DELETE FROM \`order items\` WHERE id = 1'` });
    await recordCi(repo, 'test', 'success');

    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 1, show(r));
    assert.equal(db.count('users'), 180);
    assert.equal(db.count('order items'), 49);
    assert.match(r.stdout, /FAILED {2}verify {2}users: 300 → 180 \(-120\): must stay the same; order items: 50 → 49 \(-1\): may not decrease/);
    const restore = printedRestoreCommand(r.stdout);
    const [backup] = repo.backups();
    assert.equal(restore, `mariadb --host=127.0.0.1 --protocol=TCP --port=3306 --user=root ${db.name} < ${repo.backupDir()}/${backup}`);

    sh(restore, repo.env);
    assert.equal(db.count('users'), 300);
    assert.equal(db.count('order items'), 50);

    const log = await deployCli(repo, ['deploy', 'log']);
    assert.equal(log.code, 0, show(log));
    assert.match(log.stdout, /staging {2}[0-9a-f]{12} {2}FAILED at verify/);
    assert.ok(log.stdout.includes(`  restore: ${restore}\n`), log.stdout);
  });

  test('a truncated dump (command backup) stops the deploy before run', async () => {
    await using db = mariaScratch();
    seed(db);
    const env = `ci: { provider: local, required: [test] }
backup: { command: 'mariadb-dump --protocol=TCP -h 127.0.0.1 -u root ${db.name} | head -c 1500 > "$BOSUN_BACKUP_FILE"', format: mysql }
database: { mariadb: "${db.url}" }
counts: { users: no-decrease }
run: ./scripts/deploy.sh`;
    await using repo = await createDeployRepo({ env });
    await recordCi(repo, 'test', 'success');
    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAILED {2}backup {2}.*does not end with "-- Dump completed": the dump is truncated/);
    assert.equal(existsSync(repo.marker), false, 'the deploy script never ran');
  });

  test('restore_check: full restores into a scratch database and compares every table', async () => {
    await using db = mariaScratch();
    seed(db);
    const env = `ci: { provider: local, required: [test] }
backup: { mariadb: "${db.url}", restore_check: full }
counts: { users: "+0..10" }
run: ./scripts/deploy.sh`;
    await using repo = await createDeployRepo({ env, deploy: `${CLIENT} ${db.name} -e "INSERT INTO users VALUES (301, 'new')"` });
    await recordCi(repo, 'test', 'success');
    const r = await deployCli(repo, ['deploy', 'staging']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /ok {6}backup {2}.*restored into scratch database bosun_restore_check_\w+: 2 tables, counts equal to live/);
    assert.match(r.stdout, /ok {6}verify {2}users 300 → 301/);
    assert.match(r.stdout, /^deployed staging\.$/m);
    assert.deepEqual(leftoverScratch('mysql'), []);
  });
});

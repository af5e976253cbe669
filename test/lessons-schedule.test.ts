// `bosun schedule` end to end against stand-in `crontab` and `systemctl` executables on PATH (this machine
// may have neither a crontab nor a running systemd user manager): the real CLI, the real process calls.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from './helpers/child-env.ts';

const mainTs = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const root = realpathSync(fileURLToPath(new URL('..', import.meta.url)));

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-schedule-')));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A PATH holding only `sh` and the given stand-ins (which call other tools by absolute path): the host's own crontab/systemctl are out of reach. */
function binDir(name: string, tools: Record<string, string>): string {
  const bin = join(dir, name);
  mkdirSync(bin);
  symlinkSync('/bin/sh', join(bin, 'sh'));
  for (const [tool, script] of Object.entries(tools)) {
    writeFileSync(join(bin, tool), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}

function bosun(path: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...inheritedEnv(), PATH: path, HOME: join(dir, 'user'), XDG_CONFIG_HOME: join(dir, 'config'), BOSUN_HOME: join(dir, 'bosun home') };
  const r = spawnSync(process.execPath, ['--import', tsxLoader, mainTs, 'schedule', ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bosun schedule', () => {
  test('crontab: install adds one line (idempotent), keeps the rest; remove takes it out', () => {
    const table = join(dir, 'crontab.txt');
    writeFileSync(table, '0 1 * * * backup.sh\n');
    const bin = binDir('cron-bin', {
      crontab: `TABLE='${table}'\nif [ "$1" = "-l" ]; then if [ -f "$TABLE" ]; then /bin/cat "$TABLE"; else echo "no crontab for u" >&2; exit 1; fi\nelif [ "$1" = "-" ]; then /bin/cat > "$TABLE"\nelse exit 2; fi`,
    });
    const first = bosun(bin, 'install', '--json');
    assert.equal(first.code, 0, first.stderr);
    assert.equal((JSON.parse(first.stdout) as { backend: string; changed: boolean }).changed, true);
    const lines = readFileSync(table, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], '0 1 * * * backup.sh');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, new RegExp(`^\\d{1,2} 3 \\* \\* \\* BOSUN_HOME='${dir}/bosun home' ${process.execPath} ${root}/bin/bosun\\.js lessons sync --quiet >> '${dir}/bosun home/lessons/sync\\.log' 2>&1 # bosun-lessons-sync$`));
    const again = bosun(bin, 'install');
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already installed/);
    assert.equal(readFileSync(table, 'utf8').trimEnd().split('\n').length, 2);
    assert.match(bosun(bin, 'status').stdout, /^crontab: installed/);
    assert.equal(bosun(bin, 'remove').code, 0);
    assert.equal(readFileSync(table, 'utf8'), '0 1 * * * backup.sh\n');
    assert.match(bosun(bin, 'status').stdout, /^crontab: not installed/);
  });

  test('systemd: without crontab, unit files in ~/.config/systemd/user and the timer enabled', () => {
    const log = join(dir, 'systemctl.log');
    const bin = binDir('systemd-bin', { systemctl: `echo "$*" >> '${log}'\ncase "$*" in *is-enabled*) echo enabled;; esac\nexit 0` });
    const r = bosun(bin, 'install');
    assert.equal(r.code, 0, r.stderr);
    const unitDir = join(dir, 'config', 'systemd', 'user');
    assert.match(readFileSync(join(unitDir, 'bosun-lessons-sync.service'), 'utf8'), /^ExecStart=.+bin\/bosun\.js lessons sync --quiet$/m);
    assert.match(readFileSync(join(unitDir, 'bosun-lessons-sync.timer'), 'utf8'), /^OnCalendar=daily$/m);
    assert.deepEqual(readFileSync(log, 'utf8').trimEnd().split('\n'), ['--user show-environment', '--user daemon-reload', '--user enable --now bosun-lessons-sync.timer']);
    assert.match(bosun(bin, 'status').stdout, /^systemd: installed — bosun-lessons-sync\.timer: enabled/);
    assert.equal(bosun(bin, 'remove').code, 0);
    assert.equal(existsSync(join(unitDir, 'bosun-lessons-sync.timer')), false);
  });

  test('neither: a clear error saying what to do (exit 4)', () => {
    const bin = binDir('none-bin', { systemctl: 'echo "Failed to connect to bus: No medium found" >&2\nexit 1' });
    const r = bosun(bin, 'install');
    assert.equal(r.code, 4);
    assert.match(r.stderr, /no scheduler found: there is no `crontab` command and `systemctl --user` cannot reach a user manager/);
    assert.match(r.stderr, /hint: install cron/);
    const status = bosun(bin, 'status');
    assert.equal(status.code, 0, 'status answers: nothing is installed, and why');
    assert.match(status.stdout, /^not installed — no scheduler found: .* install cron/);
    const json = bosun(bin, 'status', '--json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout) as unknown, { backend: null, installed: false, entry: null, detail: (JSON.parse(json.stdout) as { detail: string }).detail });
    assert.match((JSON.parse(json.stdout) as { detail: string }).detail, /no scheduler found/);
  });

  test('usage', () => {
    assert.equal(bosun('/nonexistent', 'frob').code, 2);
    assert.equal(bosun('/nonexistent', 'install', '--backend', 'launchd').code, 2);
    assert.match(bosun('/nonexistent', '--help').stdout, /Usage: bosun schedule/);
  });
});

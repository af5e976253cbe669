import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { chooseBackend, cronLine, crontabBackend, CRON_TAG, editCrontab, shQuote, systemdBackend, systemdUnits, type RunResult, type Runner } from './schedule.ts';

const CMD = { node: '/usr/bin/node', bin: "/opt/my bosun/bin/bosun.js", home: "/home/u/.bosun" };

describe('planners', () => {
  test('cronLine: daily at 3, quoted paths, log under the home, tagged', () => {
    const line = cronLine(CMD);
    assert.match(line, /^\d{1,2} 3 \* \* \* BOSUN_HOME=\/home\/u\/\.bosun \/usr\/bin\/node '\/opt\/my bosun\/bin\/bosun\.js' lessons sync --quiet >> \/home\/u\/\.bosun\/lessons\/sync\.log 2>&1 # bosun-lessons-sync$/);
    assert.equal(cronLine(CMD), line, 'deterministic');
  });

  test('shQuote', () => {
    assert.equal(shQuote('plain/path-1.js'), 'plain/path-1.js');
    assert.equal(shQuote("it's"), `'it'\\''s'`);
  });

  test('editCrontab keeps other lines, replaces its own, removes cleanly', () => {
    const mine = cronLine(CMD);
    const other = '0 1 * * * backup.sh';
    assert.equal(editCrontab('', mine), `${mine}\n`);
    assert.equal(editCrontab(`${other}\n`, mine), `${other}\n${mine}\n`);
    assert.equal(editCrontab(`${other}\n0 0 * * * old ${CRON_TAG}\n`, mine), `${other}\n${mine}\n`);
    assert.equal(editCrontab(`${other}\n${mine}\n`, null), `${other}\n`);
    assert.equal(editCrontab(`${mine}\n`, null), '');
  });

  test('systemd units: oneshot service with the home, daily persistent timer', () => {
    const u = systemdUnits(CMD);
    assert.match(u.service, /^Environment=BOSUN_HOME=\/home\/u\/\.bosun$/m);
    assert.match(u.service, /^ExecStart=\/usr\/bin\/node "\/opt\/my bosun\/bin\/bosun\.js" lessons sync --quiet$/m);
    assert.match(u.timer, /^OnCalendar=daily$/m);
    assert.match(u.timer, /^Persistent=true$/m);
    assert.match(u.timer, /^WantedBy=timers\.target$/m);
  });
});

/** A fake crontab and systemctl: state in memory, every call recorded. */
function fakes(opts: { crontab: boolean; systemd: boolean }): { run: Runner; calls: string[]; table: () => string } {
  let table: string | null = null;
  const calls: string[] = [];
  const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });
  const run: Runner = (cmd, args, input) => {
    calls.push([cmd, ...args].join(' '));
    if (cmd === 'sh') return args[1] === 'command -v crontab' && opts.crontab ? ok('/usr/bin/crontab\n') : { code: 1, stdout: '', stderr: '' };
    if (cmd === 'crontab') {
      if (args[0] === '-l') return table === null ? { code: 1, stdout: '', stderr: 'no crontab for u\n' } : ok(table);
      table = input ?? '';
      return ok();
    }
    if (cmd === 'systemctl') {
      if (!opts.systemd) return { code: 1, stdout: '', stderr: 'Failed to connect to bus' };
      if (args[1] === 'is-enabled') return ok('enabled\n');
      return ok();
    }
    return { code: 127, stdout: '', stderr: 'not found' };
  };
  return { run, calls, table: () => table ?? '' };
}

describe('crontab backend (fake crontab)', () => {
  test('install is idempotent and keeps other lines; remove takes only its line', () => {
    const f = fakes({ crontab: true, systemd: false });
    const b = crontabBackend(f.run);
    assert.equal(b.status().installed, false);
    f.run('crontab', ['-'], '0 1 * * * backup.sh\n');
    assert.equal(b.install(CMD).changed, true);
    assert.equal(b.install(CMD).changed, false);
    assert.equal(f.table(), `0 1 * * * backup.sh\n${cronLine(CMD)}\n`);
    const s = b.status();
    assert.equal(s.installed, true);
    assert.equal(s.entry, cronLine(CMD));
    assert.equal(b.remove().changed, true);
    assert.equal(b.remove().changed, false);
    assert.equal(f.table(), '0 1 * * * backup.sh\n');
  });

  test('a failing crontab is an error, not an empty table', () => {
    const b = crontabBackend(() => ({ code: 1, stdout: '', stderr: 'permission denied' }));
    assert.throws(() => b.install(CMD), /crontab -l failed \(exit 1\): permission denied/);
  });
});

describe('systemd backend (unit files in a temp dir, fake systemctl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-units-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('install writes both units and enables the timer; again changes nothing; remove deletes them', () => {
    const f = fakes({ crontab: false, systemd: true });
    const unitDir = join(dir, 'systemd', 'user');
    const b = systemdBackend({ unitDir, run: f.run });
    assert.equal(b.status().installed, false);
    const first = b.install(CMD);
    assert.equal(first.changed, true);
    assert.equal(readFileSync(join(unitDir, 'bosun-lessons-sync.service'), 'utf8'), systemdUnits(CMD).service);
    assert.equal(readFileSync(join(unitDir, 'bosun-lessons-sync.timer'), 'utf8'), systemdUnits(CMD).timer);
    assert.deepEqual(f.calls, ['systemctl --user daemon-reload', 'systemctl --user enable --now bosun-lessons-sync.timer']);
    assert.equal(b.install(CMD).changed, false);
    assert.match(b.status().detail, /enabled/);
    assert.equal(b.remove().changed, true);
    assert.equal(existsSync(join(unitDir, 'bosun-lessons-sync.timer')), false);
    assert.equal(b.remove().changed, false);
  });
});

describe('chooseBackend', () => {
  test('crontab first, then systemd, else a clear error', () => {
    assert.equal(chooseBackend({ run: fakes({ crontab: true, systemd: true }).run, unitDir: '/x' }).name, 'crontab');
    assert.equal(chooseBackend({ run: fakes({ crontab: false, systemd: true }).run, unitDir: '/x' }).name, 'systemd');
    assert.throws(() => chooseBackend({ run: fakes({ crontab: false, systemd: false }).run, unitDir: '/x' }), (err: Error & { code?: string }) => err.code === 'E_NO_SCHEDULER' && /no `crontab` command/.test(err.message));
    assert.equal(chooseBackend({ run: fakes({ crontab: false, systemd: false }).run, unitDir: '/x', prefer: 'systemd' }).name, 'systemd');
  });
});

/**
 * `bosun schedule`: the daily `bosun lessons sync`, through the user's crontab or a systemd user timer.
 * The planners (cron line, crontab edit, unit files) are pure; the backends take a command runner and a
 * unit directory, so tests drive them with fakes and the CLI with the real binaries.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { readTextOrNull, writeFileAtomic } from '../../shared/fs-atomic.ts';

export const CRON_TAG = '# bosun-lessons-sync';
export const UNIT_NAME = 'bosun-lessons-sync';

export interface SyncCommand {
  node: string;
  bin: string;
  home: string;
}

/** Shell-quotes one word for sh (crontab lines run through /bin/sh). */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A minute from the home path, so many users on one host do not all sync at the same second. */
function minuteOf(home: string): number {
  let h = 0;
  for (const c of home) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 60;
}

/** PURE: the crontab line: daily at 03:MM, log appended under `$BOSUN_HOME/lessons/`. */
export function cronLine(cmd: SyncCommand): string {
  const log = join(cmd.home, 'lessons', 'sync.log');
  return `${minuteOf(cmd.home)} 3 * * * BOSUN_HOME=${shQuote(cmd.home)} ${shQuote(cmd.node)} ${shQuote(cmd.bin)} lessons sync --quiet >> ${shQuote(log)} 2>&1 ${CRON_TAG}`;
}

/** PURE: the crontab with bosun's line set (`line`) or removed (null); every other line kept as it was. */
export function editCrontab(current: string, line: string | null): string {
  const kept = current.split('\n').filter((l) => !l.includes(CRON_TAG));
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  if (line !== null) kept.push(line);
  return kept.length ? kept.join('\n') + '\n' : '';
}

/** PURE: the systemd user service and timer. */
export function systemdUnits(cmd: SyncCommand): { service: string; timer: string } {
  const service = [
    '[Unit]',
    'Description=bosun: sync lessons across workspaces (bosun schedule)',
    '',
    '[Service]',
    'Type=oneshot',
    `Environment=${systemdQuote(`BOSUN_HOME=${cmd.home}`)}`,
    `ExecStart=${systemdQuote(cmd.node)} ${systemdQuote(cmd.bin)} lessons sync --quiet`,
    '',
  ].join('\n');
  const timer = ['[Unit]', 'Description=bosun: daily lessons sync', '', '[Timer]', 'OnCalendar=daily', 'RandomizedDelaySec=1h', 'Persistent=true', '', '[Install]', 'WantedBy=timers.target', ''].join('\n');
  return { service, timer };
}

function systemdQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(s) ? s : `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command (with optional stdin); injected so tests can fake crontab and systemctl. */
export type Runner = (cmd: string, args: string[], input?: string) => RunResult;

export interface ScheduleStatus {
  backend: 'crontab' | 'systemd';
  installed: boolean;
  /** The line or unit files as installed; null when not installed. */
  entry: string | null;
  detail: string;
}

export interface ScheduleChange {
  backend: 'crontab' | 'systemd';
  changed: boolean;
  detail: string;
}

export interface ScheduleBackend {
  name: 'crontab' | 'systemd';
  status(): ScheduleStatus;
  install(cmd: SyncCommand): ScheduleChange;
  remove(): ScheduleChange;
}

function failed(what: string, r: RunResult): BosunError {
  return new BosunError({ code: 'E_SCHEDULE', message: `${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(-300)}`, hint: 'fix the scheduler, or run `bosun lessons sync` daily some other way', exitCode: EXIT.environment });
}

export function crontabBackend(run: Runner): ScheduleBackend {
  const read = (): string => {
    const r = run('crontab', ['-l']);
    if (r.code === 0) return r.stdout;
    if (/no crontab/i.test(r.stderr)) return '';
    throw failed('crontab -l', r);
  };
  const write = (text: string): void => {
    const r = run('crontab', ['-'], text);
    if (r.code !== 0) throw failed('crontab -', r);
  };
  const current = (): string | null => read().split('\n').find((l) => l.includes(CRON_TAG)) ?? null;
  return {
    name: 'crontab',
    status() {
      const line = current();
      return { backend: 'crontab', installed: line !== null, entry: line, detail: line ? 'daily sync in your crontab' : 'no bosun line in your crontab' };
    },
    install(cmd) {
      const text = read();
      const next = editCrontab(text, cronLine(cmd));
      if (next === text) return { backend: 'crontab', changed: false, detail: 'already installed' };
      write(next);
      return { backend: 'crontab', changed: true, detail: `added to your crontab: ${cronLine(cmd)}` };
    },
    remove() {
      const text = read();
      const next = editCrontab(text, null);
      if (next === text) return { backend: 'crontab', changed: false, detail: 'not installed' };
      write(next);
      return { backend: 'crontab', changed: true, detail: 'removed from your crontab' };
    },
  };
}

export function systemdBackend(opts: { unitDir: string; run: Runner }): ScheduleBackend {
  const service = join(opts.unitDir, `${UNIT_NAME}.service`);
  const timer = join(opts.unitDir, `${UNIT_NAME}.timer`);
  const ctl = (...args: string[]): RunResult => opts.run('systemctl', ['--user', ...args]);
  const must = (...args: string[]): void => {
    const r = ctl(...args);
    if (r.code !== 0) throw failed(`systemctl --user ${args.join(' ')}`, r);
  };
  return {
    name: 'systemd',
    status() {
      const s = readTextOrNull(service);
      const t = readTextOrNull(timer);
      if (s === null || t === null) return { backend: 'systemd', installed: false, entry: null, detail: `no ${UNIT_NAME} timer in ${opts.unitDir}` };
      const enabled = ctl('is-enabled', `${UNIT_NAME}.timer`).stdout.trim() || 'unknown';
      return { backend: 'systemd', installed: true, entry: `${service}\n${timer}`, detail: `${UNIT_NAME}.timer: ${enabled}` };
    },
    install(cmd) {
      const units = systemdUnits(cmd);
      const same = readTextOrNull(service) === units.service && readTextOrNull(timer) === units.timer;
      mkdirSync(opts.unitDir, { recursive: true });
      if (!same) {
        writeFileAtomic(service, units.service);
        writeFileAtomic(timer, units.timer);
        must('daemon-reload');
      }
      must('enable', '--now', `${UNIT_NAME}.timer`);
      return { backend: 'systemd', changed: !same, detail: same ? 'already installed (timer enabled)' : `wrote ${service} and ${timer}; timer enabled` };
    },
    remove() {
      if (!existsSync(service) && !existsSync(timer)) return { backend: 'systemd', changed: false, detail: 'not installed' };
      ctl('disable', '--now', `${UNIT_NAME}.timer`);
      rmSync(service, { force: true });
      rmSync(timer, { force: true });
      ctl('daemon-reload');
      return { backend: 'systemd', changed: true, detail: `removed ${UNIT_NAME}.timer and .service` };
    },
  };
}

/** Which scheduler the machine has: crontab first (simplest to inspect), then a working systemd user manager. */
export function chooseBackend(opts: { run: Runner; unitDir: string; prefer?: 'crontab' | 'systemd' }): ScheduleBackend {
  const hasCrontab = (): boolean => {
    const r = opts.run('sh', ['-c', 'command -v crontab']);
    return r.code === 0 && r.stdout.trim() !== '';
  };
  const systemdWorks = (): boolean => {
    const r = opts.run('systemctl', ['--user', 'show-environment']);
    return r.code === 0;
  };
  if (opts.prefer === 'crontab') return crontabBackend(opts.run);
  if (opts.prefer === 'systemd') return systemdBackend({ unitDir: opts.unitDir, run: opts.run });
  if (hasCrontab()) return crontabBackend(opts.run);
  if (systemdWorks()) return systemdBackend({ unitDir: opts.unitDir, run: opts.run });
  throw new BosunError({
    code: 'E_NO_SCHEDULER',
    message: 'no scheduler found: there is no `crontab` command and `systemctl --user` cannot reach a user manager',
    hint: 'install cron (e.g. `apt-get install cron`), or enable systemd user services (`loginctl enable-linger $USER`), or run `bosun lessons sync` daily from your own scheduler; session start also syncs when the last sync is older than 24 h',
    exitCode: EXIT.environment,
  });
}

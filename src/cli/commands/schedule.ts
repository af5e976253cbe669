// `bosun schedule install|remove|status`: the daily `bosun lessons sync` (docs/lessons.md).
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chooseBackend, resolveBosunHome, type Runner } from '../../memory/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { bosunRoot } from '../install-root.ts';

const HELP = `Usage: bosun schedule <install|remove|status> [--backend crontab|systemd] [--json]

Runs \`bosun lessons sync\` once a day: a line in your user crontab when the \`crontab\` command exists,
else a systemd user timer (~/.config/systemd/user/bosun-lessons-sync.timer) when \`systemctl --user\`
works. With neither, it says so and what to do instead. Session start also starts a sync in the
background when the last one is older than 24 hours.

Commands:
  install  add the daily sync (idempotent: running it again changes nothing).
  remove   take it out again (other crontab lines are kept as they are).
  status   whether it is installed, and the line or unit files (on a machine with no scheduler:
           not installed, and what to do).

Options:
  --backend B  use crontab or systemd instead of detecting
  --json       machine-readable output
  -h, --help   this text

Exit codes: 0 ok; 2 bad usage; 4 no usable scheduler (install, remove), or the scheduler failed.`;

const OPTIONS = {
  backend: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const runner: Runner = (cmd, args, input) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input: input ?? '', timeout: 20_000 });
  if (r.error) return { code: null, stdout: '', stderr: r.error.message };
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('schedule', args, OPTIONS);
  if (values.help) {
    out(HELP);
    return EXIT.ok;
  }
  const [verb, ...rest] = positionals;
  if (verb !== 'install' && verb !== 'remove' && verb !== 'status') {
    throw usageError(verb ? `schedule: unknown command "${verb}" (install, remove or status)` : 'schedule: install, remove or status?', 'Run `bosun schedule --help` for usage.');
  }
  if (rest.length) throw usageError(`schedule ${verb}: unexpected argument "${rest[0]}"`);
  const prefer = values.backend;
  if (prefer !== undefined && prefer !== 'crontab' && prefer !== 'systemd') throw usageError(`schedule: --backend "${prefer}" is not crontab or systemd`);
  const userHome = process.env['HOME'] ?? homedir();
  const unitDir = join(process.env['XDG_CONFIG_HOME'] || join(userHome, '.config'), 'systemd', 'user');
  if (verb === 'status') {
    let backend;
    try {
      backend = chooseBackend({ run: runner, unitDir, ...(prefer ? { prefer } : {}) });
    } catch (err) {
      // A status question has an answer here too: nothing is installed, and this is why and what to do.
      if (!(err instanceof BosunError) || err.code !== 'E_NO_SCHEDULER') throw err;
      const detail = `${err.message}. ${err.hint ?? ''}`.trim();
      if (values.json) out(JSON.stringify({ backend: null, installed: false, entry: null, detail }, null, 2));
      else out(`not installed — ${detail}`);
      return EXIT.ok;
    }
    const s = backend.status();
    if (values.json) out(JSON.stringify(s, null, 2));
    else out(`${s.backend}: ${s.installed ? 'installed' : 'not installed'} — ${s.detail}${s.entry ? `\n${s.entry}` : ''}`);
    return EXIT.ok;
  }
  const backend = chooseBackend({ run: runner, unitDir, ...(prefer ? { prefer } : {}) });
  const home = resolveBosunHome(process.env, userHome);
  const change = verb === 'install' ? backend.install({ node: process.execPath, bin: join(bosunRoot(), 'bin', 'bosun.js'), home }) : backend.remove();
  if (values.json) out(JSON.stringify(change, null, 2));
  else out(`${change.backend}: ${change.detail}`);
  return EXIT.ok;
}

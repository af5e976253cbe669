// `bosun audit`: the periodic self-audit that session start asks for every 30 days.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_STAMP, resolveBosunHome } from '../../memory/index.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { usageError } from '../../shared/errors.ts';
import { parseFlags } from '../args.ts';
import { runAudit, type AuditCheck } from '../audit-checks.ts';
import { requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun audit [--json]

Checks that bosun still guards this repository and that its memory is maintained:
  fleet file           .bosun/fleet.yaml is valid
  claude-code wiring   every hook event of .claude/settings.json calls this bosun; agent files match the fleet
  project memory       \`bosun memory lint\` is clean and the index is within budget
  sacred tests         the working tree matches .bosun/sacred.lock
  git pre-commit hook  installed in the common git dir (all worktrees)
  close-out inbox      candidate lessons waiting for \`bosun lessons review\`
  facts vault          facts that are stale or past expiry
  lessons sync         the cross-project lessons sync ran in the last day (registered workspaces)

It changes nothing but its time stamp (<git common dir>/bosun/${AUDIT_STAMP}), which session start reads
to flag an audit older than 30 days. Each finding says what to run; \`bosun init\` repairs the wiring.

Exit codes: 0 every check ok (warnings allowed); 1 a check failed; 2 bad usage; 4 not a git repository.`;

const MARK: Record<AuditCheck['state'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('audit', args, { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length) throw usageError(`audit: unexpected argument "${positionals[0]}"`, 'Run `bosun audit --help` for usage.');
  const dirs = requireRepo();
  const now = Date.now();
  const checks = await runAudit({ dirs, bosunHome: resolveBosunHome(process.env, process.env['HOME'] ?? homedir()), now });
  const failed = checks.filter((c) => c.state === 'fail').length;
  stamp(dirs.commonDir, now);
  if (values.json) {
    process.stdout.write(JSON.stringify({ ok: failed === 0, time: new Date(now).toISOString(), checks }, null, 2) + '\n');
  } else {
    const width = Math.max(...checks.map((c) => c.name.length));
    for (const c of checks) {
      process.stdout.write(`${MARK[c.state]}  ${c.name.padEnd(width)}  ${c.detail}\n`);
      if (c.fix) process.stdout.write(`      ${' '.repeat(width)}  fix: ${c.fix}\n`);
    }
    const warned = checks.filter((c) => c.state === 'warn').length;
    process.stdout.write(`\n${checks.length} checks: ${checks.length - failed - warned} ok, ${warned} warning(s), ${failed} failed.\n`);
  }
  return failed ? EXIT.failure : EXIT.ok;
}

/** Written even when checks fail: the audit ran, and its findings were shown. */
function stamp(commonDir: string, now: number): void {
  const dir = join(commonDir, 'bosun');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, AUDIT_STAMP);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${now}\n`);
  renameSync(tmp, file);
}

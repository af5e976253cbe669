import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { planClaudeInstall, type FileChange } from '../../adapters/claude-code/install.ts';
import { loadFleet, loadFleetParser, STARTER_FLEET_YAML, type Fleet } from '../../fleet/index.ts';
import { FLEET_FILE } from '../../policy/index.ts';
import { installPreCommitHook, preCommitCommand, readWorktreeLock } from '../../gates/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { writeFileAtomic } from '../../shared/fs-atomic.ts';
import { parseFlags } from '../args.ts';
import { bosunRoot } from '../install-root.ts';
import { requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun init [--harness claude-code] [--yes] [--dry-run] [--json]

Sets bosun up in the git repository of the current directory:
  - .bosun/fleet.yaml        a starter fleet, only if none exists (an existing one is kept)
  - .claude/settings.json    bosun's hooks merged in; other keys and hooks are kept
  - .claude/agents/<a>.md    one subagent file per fleet agent (plan-only agents get no write tools);
                             files you wrote by hand are left alone
  - git pre-commit hook      \`bosun gate pre-commit\` in the common git dir (all worktrees), chained
                             after an existing hook; husky: a block in .husky/pre-commit; lefthook:
                             prints the snippet to add
Running it again changes nothing unless the fleet changed.

  --harness H   harnesses to wire (default: claude-code; the only one so far)
  --yes         do it without asking (required when stdin is not a terminal)
  --dry-run     print what would change and write nothing
  --json        print the list of changes as JSON`;

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags('init', args, {
      harness: { type: 'string', default: 'claude-code' },
      yes: { type: 'boolean', short: 'y', default: false },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const harnesses = values.harness.split(',').map((h) => h.trim()).filter(Boolean);
  const unknown = harnesses.filter((h) => h !== 'claude-code');
  if (unknown.length) throw usageError(`harness "${unknown.join(', ')}" is not supported yet (supported: claude-code)`);

  const dirs = requireRepo();
  const read = (rel: string): string | null => {
    const p = join(dirs.root, rel);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
  const fleetText = read(FLEET_FILE);
  const changes: FileChange[] = [{ path: FLEET_FILE, action: fleetText === null ? 'create' : 'unchanged', content: fleetText ?? STARTER_FLEET_YAML, ...(fleetText === null ? { note: 'starter fleet: edit it to match your agents' } : {}) }];

  // Plan against the fleet that will exist after init (validated: a broken fleet stops init).
  const fleet = fleetText === null ? await starterFleet() : (await loadFleet({ repoRoot: dirs.root, commonDir: dirs.commonDir })).fleet;
  const hookJs = join(bosunRoot(), 'dist', 'hook.cjs');
  if (!existsSync(hookJs) && !values['dry-run']) {
    throw new BosunError({ code: 'E_NOT_BUILT', message: `${hookJs} does not exist`, hint: 'run `npm run build` in the bosun checkout first.', exitCode: EXIT.environment });
  }
  try {
    changes.push(...planClaudeInstall(fleet, hookJs, read, dirs.root));
  } catch (e) {
    throw new BosunError({ code: 'E_SETTINGS', message: `cannot merge into .claude/settings.json: ${(e as Error).message}`, hint: 'fix the JSON by hand, then run `bosun init` again.', exitCode: EXIT.config });
  }

  // The git pre-commit hook (sacred gate, and the pre-commit gates to come), chained with any existing one.
  const hookOpts = { repoRoot: dirs.root, commonDir: dirs.commonDir, command: preCommitCommand(bosunRoot()) };
  const gitHook = installPreCommitHook({ ...hookOpts, dryRun: true });
  const hookPending = gitHook.action !== 'unchanged' && gitHook.action !== 'manual';
  const pending = changes.filter((c) => c.action === 'create' || c.action === 'update');
  const hookRow = `${(gitHook.action === 'unchanged' ? 'unchanged' : gitHook.action === 'manual' ? 'manual' : gitHook.action === 'chained' ? 'chain' : gitHook.action === 'created' ? 'create' : 'update').padEnd(9)} git pre-commit hook (${gitHook.manager}${gitHook.path ? `: ${gitHook.path}` : ''})`;
  const needsLock = fleet.protected.sacred.length > 0 && readWorktreeLock(dirs.root) === null;
  if (values.json) {
    process.stdout.write(JSON.stringify({ dryRun: values['dry-run'], changes: changes.map(({ content: _c, ...rest }) => rest), gitHook, needsSacredLock: needsLock }, null, 2) + '\n');
  } else {
    for (const c of changes) process.stdout.write(`${c.action.padEnd(9)} ${c.path}${c.note ? `  (${c.note})` : ''}\n`);
    process.stdout.write(hookRow + '\n');
    for (const n of gitHook.notes) process.stdout.write(`          ${n}\n`);
    if (needsLock) process.stdout.write('note: protected.sacred names tests but .bosun/sacred.lock does not exist: run `bosun sacred lock` yourself (not an agent) and commit it; until then the pre-commit gate refuses commits.\n');
  }
  if (values['dry-run'] || (pending.length === 0 && !hookPending)) {
    if (!values.json) process.stdout.write(pending.length === 0 ? 'Nothing to change: bosun is already set up here.\n' : 'Dry run: nothing written.\n');
    return EXIT.ok;
  }
  if (!values.yes) {
    if (!process.stdin.isTTY) throw usageError(`init would write ${pending.length} file(s)${hookPending ? ' and the git pre-commit hook' : ''}; re-run with --yes to confirm (stdin is not a terminal)`);
    if (!(await confirm(`Write ${pending.length} file(s)${hookPending ? ' and the git pre-commit hook' : ''}? [y/N] `))) {
      process.stderr.write('Nothing written.\n');
      return EXIT.failure;
    }
  }
  for (const c of pending) writeFileAtomic(join(dirs.root, c.path), c.content);
  if (hookPending) installPreCommitHook(hookOpts);
  if (!values.json) process.stdout.write(`bosun is guarding this repository. Try: bosun policy check --agent ${fleet.default_agent} --bash "rm -rf src"\n`);
  return EXIT.ok;
}

async function starterFleet(): Promise<Fleet> {
  const { parseFleet } = await loadFleetParser();
  const r = parseFleet(STARTER_FLEET_YAML, FLEET_FILE);
  if (!r.ok) throw new Error('the starter fleet does not validate (bug in bosun)');
  return r.fleet;
}

// `bosun workspaces add|list|remove`: the registry of repositories that share lessons (docs/lessons.md).
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import { readRegistry, registryPath, removeBroadcast, resolveBosunHome, updateRegistry, withoutWorkspace, withWorkspace, workspaceRepo, WORKSPACE_NAME, type Workspace } from '../../memory/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { findRepoDirs } from '../../shared/git-dirs.ts';
import { parseFlags } from '../args.ts';

const HELP = `Usage: bosun workspaces <add|list|remove> [options]

The workspaces whose lessons \`bosun lessons sync\` aggregates into $BOSUN_HOME/lessons/ (default
~/.bosun) and to which it broadcasts the matching lessons of the others. Registry: $BOSUN_HOME/workspaces.json.

Commands:
  add [PATH] [--name N] [--no-share]
           register the git repository at PATH (default: the current directory; its worktree root is
           stored). --name defaults to the root's folder name. --no-share keeps its lessons home: they
           are never aggregated nor sent to other workspaces (it still receives theirs). A fleet file
           with \`memory: { share: false }\` has the same effect.
  list     the registered workspaces.
  remove <name|path>
           unregister a workspace and delete its generated .bosun/memory/shared-lessons.md.

Options:
  --json       machine-readable output
  -h, --help   this text

Exit codes: 0 ok; 1 already registered; 2 bad usage or unknown workspace; 3 invalid workspaces.json;
4 PATH is not a git repository.`;

const OPTIONS = {
  name: { type: 'string' },
  'no-share': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function add(home: string, pathArg: string | undefined, name: string | undefined, share: boolean, json: boolean): number {
  const dirs = findRepoDirs(resolve(pathArg ?? '.'));
  if (!dirs) {
    throw new BosunError({ code: 'E_NO_REPO', message: `${resolve(pathArg ?? '.')} is not inside a git repository`, hint: 'a workspace is a git repository: `git init` it first, or give the right PATH', exitCode: EXIT.environment });
  }
  const wsName = name ?? basename(dirs.root);
  if (!WORKSPACE_NAME.test(wsName)) throw usageError(`workspaces add: "${wsName}" is not a valid name (letters, digits, ".", "_", "-")`, 'pass --name');
  const ws: Workspace = { name: wsName, path: dirs.root, share, added: new Date().toISOString() };
  updateRegistry(home, (reg) => {
    // Worktrees of one repository share their lessons (one journal): registering two would count each lesson twice.
    const same = reg.workspaces.find((w) => w.path !== ws.path && workspaceRepo(w)?.commonDir === dirs.commonDir);
    if (same) {
      throw new BosunError({
        code: 'E_WORKSPACE_EXISTS',
        message: `${ws.path} is a worktree of the repository already registered as "${same.name}" (${same.path})`,
        hint: 'every worktree of a repository shares its lessons: one registration is enough',
        exitCode: EXIT.failure,
      });
    }
    return { registry: withWorkspace(reg, ws), result: null };
  });
  if (json) out(JSON.stringify({ added: ws, registry: registryPath(home) }, null, 2));
  else out(`registered ${ws.name} (${ws.path})${share ? '' : ', lessons kept home'}. Run \`bosun lessons sync\` to share lessons now.`);
  return EXIT.ok;
}

function list(home: string, json: boolean): number {
  const reg = readRegistry(home);
  if (json) {
    out(JSON.stringify({ registry: registryPath(home), workspaces: reg.workspaces.map((w) => ({ ...w, exists: workspaceRepo(w) !== null })) }, null, 2));
    return EXIT.ok;
  }
  if (!reg.workspaces.length) {
    out('no workspace registered: bosun workspaces add [PATH]');
    return EXIT.ok;
  }
  const width = Math.max(...reg.workspaces.map((w) => w.name.length));
  for (const w of reg.workspaces) {
    const notes = [w.share ? null : 'keeps lessons home', workspaceRepo(w) ? null : 'MISSING'].filter(Boolean);
    out(`${w.name.padEnd(width)}  ${w.path}${notes.length ? `  (${notes.join(', ')})` : ''}`);
  }
  return EXIT.ok;
}

function remove(home: string, key: string | undefined, json: boolean): number {
  if (!key) throw usageError('workspaces remove: which workspace? (a name or a path; `bosun workspaces list` names them)');
  const reg = readRegistry(home);
  const lookup = reg.workspaces.some((w) => w.name === key) ? key : resolve(key);
  const removed = updateRegistry(home, (r) => {
    const next = withoutWorkspace(r, lookup);
    return { registry: next.registry, result: next.removed };
  });
  let cleaned = false;
  try {
    cleaned = removeBroadcast(removed.path);
  } catch {
    cleaned = false;
  }
  if (json) out(JSON.stringify({ removed, sharedLessonsRemoved: cleaned }, null, 2));
  else out(`removed ${removed.name} (${removed.path})${cleaned ? '; deleted its shared-lessons.md' : ''}. Its lessons leave the index at the next \`bosun lessons sync\`.`);
  return EXIT.ok;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('workspaces', args, OPTIONS);
  if (values.help) {
    out(HELP);
    return EXIT.ok;
  }
  const [verb, ...rest] = positionals;
  const home = resolveBosunHome(process.env, homedir());
  if (rest.length > 1) throw usageError(`workspaces ${verb}: unexpected argument "${rest[1]}"`);
  if (verb !== 'add' && (values.name !== undefined || values['no-share'])) throw usageError(`workspaces ${verb ?? ''}: --name and --no-share apply to add only`.replace('  ', ' '));
  switch (verb) {
    case 'add':
      return add(home, rest[0], values.name, !values['no-share'], values.json);
    case 'list':
      if (rest.length) throw usageError(`workspaces list: unexpected argument "${rest[0]}"`);
      return list(home, values.json);
    case 'remove':
      return remove(home, rest[0], values.json);
    default:
      throw usageError(verb ? `workspaces: unknown command "${verb}" (add, list or remove)` : 'workspaces: add, list or remove?', 'Run `bosun workspaces --help` for usage.');
  }
}

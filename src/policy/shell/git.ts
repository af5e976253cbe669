import { configPair, forcePush, hookEnv, hooksPathHazard, noVerify, setsHooksPath } from './hazards.ts';
import { gitConfig, gitWorktreeWriters } from './git-writes.ts';
import { opaque, raise, unknown, writeArg, writeWorktree, type Effects, type Handler, type Invocation, type Runtime } from './invocation.ts';
import { fromCwd } from './paths.ts';
import { cloneScope } from './scope.ts';
import { sliceArg } from './options.ts';
import type { Arg } from './words.ts';

/**
 * git: global options (`-C`, `-c`, `--work-tree` …), then one handler per subcommand.
 * Changes to refs, the index or .git/config only (commit, add, fetch, branch -d, tag …) are
 * `writes` with no file targets. Worktree-wide changes (checkout <branch>, reset --hard, stash,
 * merge, pull …) write the worktree root recursively (ShellContext.repoRoot, else the cwd).
 * An unknown subcommand (maybe an alias) is `opaque`.
 */

export type GitHandler = (g: GitCall, fx: Effects, rt: Runtime) => void;

export interface GitCall {
  inv: Invocation;
  sub: string;
  args: Arg[];
}

const READ_ONLY = new Set([
  'log', 'show', 'diff', 'status', 'blame', 'annotate', 'rev-parse', 'ls-files', 'ls-tree', 'ls-remote', 'shortlog', 'describe',
  'cat-file', 'rev-list', 'show-ref', 'for-each-ref', 'name-rev', 'merge-base', 'count-objects', 'fsck', 'verify-commit',
  'verify-tag', 'check-ignore', 'check-attr', 'check-mailmap', 'check-ref-format', 'var', 'version', 'help', 'whatchanged',
  'show-branch', 'cherry', 'range-diff', 'diff-tree', 'diff-files', 'diff-index', 'get-tar-commit-id', 'grep', 'show-index',
  'verify-pack', 'column', 'stripspace',
]);

/** Refs, index, objects or .git/config only. */
const GIT_STATE_ONLY = new Set([
  'commit', 'add', 'fetch', 'push', 'gc', 'prune', 'repack', 'pack-refs', 'update-ref', 'symbolic-ref',
  'replace', 'commit-tree', 'hash-object', 'mktree', 'write-tree', 'mktag', 'fast-import', 'unpack-objects', 'index-pack',
  'pack-objects', 'prune-packed', 'rerere', 'commit-graph', 'multi-pack-index', 'fetch-pack', 'send-pack', 'http-push',
]);

function branchOrTag(g: GitCall, fx: Effects, listing: RegExp): void {
  const ops = g.args.filter((a) => !a.value.startsWith('-'));
  const lists = g.args.some((a) => listing.test(a.value));
  if (lists || (ops.length === 0 && g.args.every((a) => /^-(a|r|v+|vv|-all|-remotes|-verbose|-show-current|-contains|-merged|-no-merged|-points-at|-sort=.*|-format=.*|-column.*|-no-column|-color.*|-no-color)$/.test(a.value) || a.value.startsWith('--sort') || a.value.startsWith('--format')))) return;
  raise(fx, 'writes');
}

function subList(read: string[], write: string[], worktree: string[]): GitHandler {
  return (g, fx) => {
    const sub = g.args.find((a) => !a.value.startsWith('-'))?.value ?? '';
    if (read.includes(sub) || (sub === '' && read.includes(''))) return;
    if (worktree.includes(sub)) return writeTree(g, fx);
    if (write.includes(sub) || sub === '') return raise(fx, 'writes');
    opaque(fx, `runs git ${g.sub} ${sub}`);
  };
}

export function writeTree(g: GitCall, fx: Effects): void {
  writeWorktree(g.inv, fx, `git ${g.sub}`);
}

const HANDLERS: Record<string, GitHandler> = {
  ...gitWorktreeWriters,
  config: gitConfig,
  branch: (g, fx) => branchOrTag(g, fx, /^(-l|--list)$/),
  tag: (g, fx) => branchOrTag(g, fx, /^(-l|--list|-n\d*|-v|--verify|--contains|--points-at)$/),
  remote: subList(['', 'show', 'get-url', '-v'], ['add', 'remove', 'rm', 'rename', 'set-url', 'prune', 'update', 'set-head', 'set-branches'], []),
  stash: subList(['list', 'show'], ['drop', 'clear', 'create', 'store'], ['push', 'save', 'pop', 'apply', 'branch', '']),
  notes: subList(['list', 'show', 'get-ref', ''], ['add', 'copy', 'append', 'edit', 'merge', 'remove', 'prune'], []),
  reflog: subList(['show', '', 'exists'], ['expire', 'delete'], []),
  submodule: (g, fx, rt) =>
    g.args.some((a) => a.value === 'foreach')
      ? gitWorktreeWriters.submodule?.(g, fx, rt)
      : subList(['status', 'summary', ''], ['init', 'sync', 'absorbgitdirs', 'set-branch', 'set-url'], ['update', 'add', 'deinit'])(g, fx, rt),
  'sparse-checkout': subList(['list'], [], ['set', 'add', 'reapply', 'disable', 'init']),
  lfs: subList(['ls-files', 'status', 'env', 'version', 'track', 'locks'], ['fetch', 'push', 'prune', 'install', 'uninstall', 'lock', 'unlock', 'untrack'], ['pull', 'checkout', 'migrate']),
  bisect: subList(['log', 'view', 'visualize', 'terms'], [], ['start', 'good', 'bad', 'new', 'old', 'skip', 'reset', 'replay', 'run']),
};

/** `git -c` and `GIT_*` variables that make git run other programs. */
const DANGEROUS_ENV = ['GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'GIT_PROXY_COMMAND', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_EXEC_PATH', 'GIT_TEMPLATE_DIR', 'GIT_DIR', 'GIT_WORK_TREE'];
const SAFE_ENV_VALUES = new Set(['', 'cat', 'less', 'more', 'true', ':', 'less -R', 'less -FRX']);

/** Returns true when GIT_DIR or GIT_WORK_TREE point git elsewhere. */
function envProblems(inv: Invocation, fx: Effects): boolean {
  let moved = false;
  for (const name of DANGEROUS_ENV) {
    const own = inv.env.get(name);
    const line = inv.scope.vars.get(name);
    if (!own && line === undefined) continue;
    if (name === 'GIT_DIR' || name === 'GIT_WORK_TREE') {
      moved = true;
      continue;
    }
    const value = own ? (own.dyn.length ? null : own.value) : line === 'dynamic' || !line || line.alts.length !== 1 ? null : (line.alts[0]?.text ?? null);
    if (value !== null && SAFE_ENV_VALUES.has(value) && !name.startsWith('GIT_CONFIG')) continue;
    if (name.startsWith('GIT_CONFIG')) hooksPathHazard('include.path', name, fx);
    unknown(fx, `${name} makes git read other configuration or run other programs`);
  }
  for (const [k, v] of inv.env) if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(k) && (v.dyn.length || setsHooksPath(v.value))) hooksPathHazard('core.hooksPath', k, fx);
  return moved;
}

const git: Handler = (inv, fx, rt) => {
  const args = inv.args;
  let scope = inv.scope;
  let i = 0;
  let movedTree = false;
  for (; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '-C' || v.startsWith('-C')) {
      const dir = v === '-C' ? args[++i] : sliceArg(a, 2);
      if (!dir) break;
      scope = cloneScope(scope);
      scope.cwds = dir.dyn.length ? [null] : scope.cwds.map((c) => fromCwd(c, dir.value));
    } else if (v === '-c') {
      const pair = args[++i];
      if (pair) configPair(pair, fx);
    } else if (v.startsWith('--config-env=')) configPair(sliceArg(a, 13), fx);
    else if (/^--(git-dir|work-tree|namespace)$/.test(v)) {
      movedTree ||= v !== '--namespace';
      i++;
    } else if (/^--(git-dir|work-tree)=/.test(v)) movedTree = true;
    else if (v.startsWith('--exec-path=')) return unknown(fx, 'git --exec-path runs git commands from another directory');
    else if (!v.startsWith('-')) break;
    else if (/^--(version|help|exec-path|html-path|man-path|info-path)$/.test(v)) return;
  }
  const subArg = args[i];
  if (!subArg) return;
  if (subArg.dyn.length) return unknown(fx, `the git subcommand depends on ${subArg.dyn.join(', ')}`);
  const g: GitCall = { inv: { ...inv, scope }, sub: subArg.value, args: args.slice(i + 1) };
  hookEnv(inv, fx);
  movedTree ||= envProblems(inv, fx);
  noVerify(g.sub, g.args, fx);
  if (g.sub === 'push') forcePush(g.args, fx);
  const runsProgram = (a: Arg): boolean => /^--(upload-pack|receive-pack)(=|$)/.test(a.value) || (g.sub !== 'rebase' && /^--exec(=|$)/.test(a.value)) || (g.sub === 'clone' && /^-u/.test(a.value));
  if (g.args.some(runsProgram)) {
    unknown(fx, `git ${g.sub} is told to run a program`);
  }
  for (let j = 0; j < g.args.length; j++) {
    const v = (g.args[j] as Arg).value;
    if (v === '--output' || v.startsWith('--output=')) {
      const out = v === '--output' ? g.args[j + 1] : sliceArg(g.args[j] as Arg, 9);
      if (out) writeArg(g.inv, fx, out, `git ${g.sub} --output`);
    }
  }
  if (g.sub === 'grep' && g.args.some((a) => /^(-O|--open-files-in-pager)/.test(a.value))) return unknown(fx, 'git grep -O runs a pager program');
  if (READ_ONLY.has(g.sub)) return;
  if (GIT_STATE_ONLY.has(g.sub)) raise(fx, 'writes');
  else {
    const h = HANDLERS[g.sub];
    if (!h) return opaque(fx, `runs git ${g.sub}, which may be an alias or an extension`);
    h(g, fx, rt);
  }
  if (movedTree && (fx.writes.length > 0 || fx.effect !== 'read-only')) unknown(fx, 'git --git-dir/--work-tree points git at another worktree');
};

export const gitHandlers: Record<string, Handler> = { git };

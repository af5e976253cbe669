import { posix } from 'node:path';
import type { GitCall, GitHandler } from './git.ts';
import { writeTree } from './git.ts';
import { configPair, hooksPathHazard, runsCommand, setsHooksPath } from './hazards.ts';
import { opaque, raise, unknown, writeArg, writeCwd, writeText } from './invocation.ts';
import type { Arg } from './words.ts';

/** git subcommands that change files in the worktree, and `git config`. */

interface Split {
  /** Non-option words before `--` (options with a value in `withValue` skip it). */
  ops: Arg[];
  /** Words after `--`. */
  paths: Arg[];
  dashdash: boolean;
  has: (...names: string[]) => boolean;
  value: (...names: string[]) => Arg | undefined;
}

function split(args: readonly Arg[], withValue: readonly string[] = []): Split {
  const ops: Arg[] = [];
  const seen = new Map<string, Arg | undefined>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '--') break;
    if (!v.startsWith('-') || v === '-') {
      ops.push(a);
      continue;
    }
    const eq = v.indexOf('=');
    const name = eq > 0 ? v.slice(0, eq) : v;
    if (eq > 0) seen.set(name, { ...a, value: v.slice(eq + 1) });
    else if (withValue.includes(v)) seen.set(v, args[++i]);
    else if (/^-[a-zA-Z]{2,}$/.test(v)) for (const c of v.slice(1)) seen.set(`-${c}`, undefined);
    else seen.set(v, undefined);
  }
  return {
    ops,
    paths: args.slice(i + 1),
    dashdash: i < args.length,
    has: (...n) => n.some((x) => seen.has(x)),
    value: (...n) => n.map((x) => seen.get(x)).find((x) => x !== undefined),
  };
}

/** Pathspecs are relative to the cwd; git expands glob characters itself; `:(top)x`, `:/x` start at the root. */
function writePaths(g: GitCall, fx: Parameters<GitHandler>[1], paths: readonly Arg[], recursive = true): void {
  for (const p of paths) {
    if (p.value.startsWith(':')) return writeTree(g, fx);
    writeArg(g.inv, fx, { ...p, glob: p.glob || /[*?[]/.test(p.value) }, `git ${g.sub}`, recursive);
  }
}

const checkout: GitHandler = (g, fx) => {
  const s = split(g.args, ['-b', '-B', '--orphan']);
  if (s.has('--pathspec-from-file')) return writeTree(g, fx);
  if (s.dashdash && s.paths.length) return writePaths(g, fx, s.paths);
  if (s.has('-b', '-B', '--orphan')) return s.ops.length ? writeTree(g, fx) : raise(fx, 'writes');
  if (s.ops.length === 0) return s.has('-p', '--patch') ? writeTree(g, fx) : undefined;
  if (s.ops.length === 1 || s.dashdash) return writeTree(g, fx);
  writePaths(g, fx, s.ops);
};

const gitSwitch: GitHandler = (g, fx) => {
  const s = split(g.args, ['-c', '-C', '--create', '--force-create', '--orphan']);
  if (s.has('-c', '-C', '--create', '--force-create')) return s.ops.length ? writeTree(g, fx) : raise(fx, 'writes');
  if (s.ops.length || s.has('--orphan', '--detach', '-d')) writeTree(g, fx);
};

const restore: GitHandler = (g, fx) => {
  const s = split(g.args, ['-s', '--source']);
  if (s.has('--pathspec-from-file')) return writeTree(g, fx);
  if (s.has('-S', '--staged') && !s.has('-W', '--worktree')) return raise(fx, 'writes');
  const paths = [...s.ops, ...s.paths];
  if (paths.length === 0 && s.has('-p', '--patch')) return writeTree(g, fx);
  writePaths(g, fx, paths);
};

const reset: GitHandler = (g, fx) => {
  if (g.args.some((a) => a.value === '--hard' || a.value === '--merge' || a.value === '--keep')) return writeTree(g, fx);
  raise(fx, 'writes');
};

const clean: GitHandler = (g, fx) => {
  const s = split(g.args, ['-e', '--exclude']);
  if (s.has('-n', '--dry-run')) return;
  const paths = [...s.ops, ...s.paths];
  if (paths.length) return writePaths(g, fx, paths);
  writeTree(g, fx);
};

const apply: GitHandler = (g, fx) => {
  const s = split(g.args, []);
  if (s.has('--check', '--stat', '--numstat', '--summary') && !s.has('--apply')) return;
  // --cached applies to the index only: what gets committed changes all the same.
  writeTree(g, fx);
};

/** Index entries of the named paths: removed, hidden from status (skip-worktree, assume-unchanged), replaced. */
const updateIndex: GitHandler = (g, fx) => {
  const s = split(g.args, ['--cacheinfo', '--chmod']);
  if (s.has('--stdin', '--index-info')) return writeTree(g, fx);
  const paths = [...s.ops, ...s.paths];
  if (paths.length) return writePaths(g, fx, paths, false);
  raise(fx, 'writes');
};

const mv: GitHandler = (g, fx) => {
  const s = split(g.args, []);
  if (s.has('-n', '--dry-run')) return;
  writePaths(g, fx, [...s.ops, ...s.paths]);
};

const rm: GitHandler = (g, fx) => {
  const s = split(g.args, []);
  if (s.has('-n', '--dry-run')) return;
  // --cached leaves the file on disk but removes it from the next commit: a change to it all the same.
  if (s.has('--pathspec-from-file')) return writeTree(g, fx);
  writePaths(g, fx, [...s.ops, ...s.paths], s.has('-r'));
};

/** merge, pull, rebase, cherry-pick, revert, am: the whole worktree; `rebase --exec` also runs shell code. */
const history: GitHandler = (g, fx, rt) => {
  if (g.sub === 'am' && g.args.some((a) => a.value === '--show-current-patch')) return;
  g.args.forEach((a, i) => {
    const code = a.value === '-x' || a.value === '--exec' ? g.args[i + 1] : a.value.startsWith('--exec=') ? { ...a, value: a.value.slice(7) } : undefined;
    if (code && g.sub === 'rebase' && !rt.shell(code, g.inv, { wrapper: 'git rebase --exec', here: false })) unknown(fx, 'git rebase --exec runs code bosun cannot follow');
  });
  writeTree(g, fx);
};

const init: GitHandler = (g, fx) => {
  const s = split(g.args, ['--template', '--separate-git-dir', '-b', '--initial-branch', '--object-format', '--ref-format', '--shared']);
  const dir = s.ops[0]?.value ?? '.';
  const sep = s.value('--separate-git-dir');
  if (sep) writeArg(g.inv, fx, sep, 'git init', true);
  writeText(g.inv, fx, s.has('--bare') ? dir : posix.join(dir, '.git'), 'git init', true);
};

const clone: GitHandler = (g, fx) => {
  const s = split(g.args, ['-o', '--origin', '-b', '--branch', '--reference', '--reference-if-able', '--separate-git-dir', '--depth', '--shallow-since', '--shallow-exclude', '-j', '--jobs', '--filter', '--template', '-c', '--config', '--server-option', '--bundle-uri']);
  g.args.forEach((a, i) => {
    if (a.value === '-c' || a.value === '--config') configPair(g.args[i + 1] ?? a, fx);
    else if (a.value.startsWith('--config=')) configPair({ ...a, value: a.value.slice(9) }, fx);
  });
  const [repo, dir] = s.ops;
  if (dir) return writeArg(g.inv, fx, dir, 'git clone', true);
  if (!repo || repo.dyn.length) return unknown(fx, 'git clone writes a directory bosun cannot name');
  const name = posix.basename(repo.value.replace(/\/+$/, '').replace(/:/g, '/')).replace(/\.git$/, '');
  writeText(g.inv, fx, s.has('--bare') ? `${name}.git` : name || '.', 'git clone', true);
};

const formatPatch: GitHandler = (g, fx) => {
  const s = split(g.args, ['-o', '--output-directory']);
  if (s.has('--stdout')) return;
  const dir = s.value('-o', '--output-directory');
  if (dir) writeArg(g.inv, fx, dir, 'git format-patch', true);
  else writeCwd(g.inv, fx, 'git format-patch');
};

const worktree: GitHandler = (g, fx) => {
  const [sub, ...rest] = g.args.filter((a) => !a.value.startsWith('-'));
  if (!sub || sub.value === 'list') return;
  if (['add', 'remove', 'move'].includes(sub.value)) {
    raise(fx, 'writes');
    for (const p of sub.value === 'add' ? rest.slice(0, 1) : rest) writeArg(g.inv, fx, p, `git worktree ${sub.value}`, true);
    return;
  }
  raise(fx, 'writes');
};

const submodule: GitHandler = (g, fx, rt) => {
  const words = g.args.filter((a) => !a.value.startsWith('-'));
  if (words[0]?.value !== 'foreach') return void 0;
  const code = words.slice(1);
  const value = code.map((a) => a.value).join(' ');
  if (!code.length || code.some((a) => a.dyn.length) || !rt.shell({ ...(code[0] as Arg), value, display: value }, g.inv, { wrapper: 'git submodule foreach', here: false })) {
    unknown(fx, 'git submodule foreach runs code bosun cannot follow');
  }
};

const bundle: GitHandler = (g, fx) => {
  const [sub, file] = g.args.filter((a) => !a.value.startsWith('-'));
  if (sub?.value === 'create' && file) writeArg(g.inv, fx, file, 'git bundle create');
  else if (sub?.value === 'unbundle') raise(fx, 'writes');
};

const archive: GitHandler = (g, fx) => {
  const s = split(g.args, ['-o', '--output', '--format', '--prefix', '--remote', '--exec']);
  const out = s.value('-o');
  if (out) writeArg(g.inv, fx, out, 'git archive -o');
};

/** `git config`: reads are read-only; writes change .git/config (not reported) or a named file. */
export const gitConfig: GitHandler = (g, fx) => {
  const s = split(g.args, ['-f', '--file', '--blob', '--type', '--default', '--comment']);
  const ACTIONS_WRITE = ['set', 'unset', 'rename-section', 'remove-section'];
  let [first, ...rest] = s.ops;
  let writing = false;
  if (first && ['get', 'list', ...ACTIONS_WRITE, 'edit'].includes(first.value)) {
    writing = ACTIONS_WRITE.includes(first.value);
    if (first.value === 'edit') return unknown(fx, 'git config edit opens an editor on the configuration');
    [first, ...rest] = rest;
  } else if (s.has('-e', '--edit')) return unknown(fx, 'git config --edit opens an editor on the configuration');
  else if (s.has('--get', '--get-all', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool', '-l', '--list')) return;
  else writing = s.has('--unset', '--unset-all', '--add', '--replace-all', '--rename-section', '--remove-section') || rest.length > 0;
  if (!writing) return;
  raise(fx, 'writes');
  const key = first?.value ?? '';
  const section = s.has('--rename-section', '--remove-section') || ['rename-section', 'remove-section'].includes(g.args.find((a) => !a.value.startsWith('-'))?.value ?? '');
  if (setsHooksPath(key) || (section && /^(core|include|includeif)/i.test(key))) hooksPathHazard(section ? 'core.hooksPath' : key, `git config ${key}`, fx);
  if (runsCommand(key)) unknown(fx, `git config ${key} makes git run a program later`);
  const file = s.value('-f', '--file');
  if (file) writeArg(g.inv, fx, file, 'git config --file');
  else if (s.has('--global')) {
    if (g.inv.scope.home === null) unknown(fx, 'git config --global writes a home directory bosun cannot know');
    else writeText(g.inv, fx, posix.join(g.inv.scope.home, '.gitconfig'), 'git config --global');
  } else if (s.has('--system')) writeText(g.inv, fx, '/etc/gitconfig', 'git config --system');
};

export const gitWorktreeWriters: Record<string, GitHandler> = {
  checkout,
  switch: gitSwitch,
  restore,
  reset,
  clean,
  apply,
  mv,
  rm,
  merge: history,
  pull: history,
  rebase: history,
  'cherry-pick': history,
  revert: history,
  am: history,
  init,
  clone,
  'format-patch': formatPatch,
  worktree,
  submodule,
  bundle,
  archive,
  // Without -u only the index is replaced; the next commit is that tree all the same.
  'read-tree': (g, fx) => writeTree(g, fx),
  'update-index': updateIndex,
  'checkout-index': (g, fx) => writeTree(g, fx),
  'filter-branch': (_g, fx) => unknown(fx, 'git filter-branch runs shell code and rewrites history'),
  'filter-repo': (_g, fx) => unknown(fx, 'git filter-repo rewrites history'),
  difftool: (_g, fx) => opaque(fx, 'git difftool runs a diff tool'),
  mergetool: (_g, fx) => opaque(fx, 'git mergetool runs a merge tool'),
  maintenance: (g, fx) => (g.args[0]?.value === 'run' ? raise(fx, 'writes') : opaque(fx, `git maintenance ${g.args[0]?.value ?? ''} changes scheduled jobs or global configuration`)),
};

/**
 * `installPreCommitHook`: wires `bosun gate pre-commit` into git's pre-commit hook, for every worktree.
 *
 * Where: `core.hooksPath` when set (husky's `.husky/_` or `.husky` → a block in `.husky/pre-commit`), else
 * `<common git dir>/hooks` — shared by all worktrees. With lefthook, bosun edits nothing and returns the
 * snippet to add. Chains what is there (see script.ts), is idempotent, and `uninstallPreCommitHook`
 * restores the previous state.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { gitConfig } from './git.ts';
import { CHAINED_SUFFIX, HOOK_MARKER, hookScript, lefthookSnippet, withBlock, withoutBlock } from './script.ts';

export interface InstallPreCommitOptions {
  /** The worktree root (core.hooksPath is relative to it). */
  repoRoot: string;
  /** The common git dir (`git rev-parse --git-common-dir`): its hooks/ serve every worktree. */
  commonDir: string;
  /** What the hook runs; `preCommitCommand(bosunRoot())` gives `node "<bosun>/bin/bosun.js" gate pre-commit`. */
  command: string;
  /** Report what would change and write nothing. */
  dryRun?: boolean;
}

export type HookManager = 'git' | 'hooks-path' | 'husky' | 'lefthook';

export interface HookInstallResult {
  /** created/updated/unchanged: bosun's hook or block; chained: an existing hook moved aside and called first; manual: the user must act (see notes). */
  action: 'created' | 'updated' | 'unchanged' | 'chained' | 'manual';
  manager: HookManager;
  /** The file bosun wrote (or would write), absolute; null for `manual`. */
  path: string | null;
  /** The previous hook, kept and run first (absolute), if any. */
  chained: string | null;
  /** For the user: what happened, and what to do for `manual`. */
  notes: string[];
}

const LEFTHOOK_FILES = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml', 'lefthook.json', '.lefthook.json', 'lefthook.toml', '.lefthook.toml'];

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function writeExecutable(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.bosun-${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o755 });
  chmodSync(tmp, 0o755);
  renameSync(tmp, path);
}

interface Target {
  manager: HookManager;
  /** The hook file (git, hooks-path) or husky's user script. */
  path: string | null;
  notes: string[];
}

function locate(opts: Pick<InstallPreCommitOptions, 'repoRoot' | 'commonDir' | 'command'>): Target {
  const hooksPath = gitConfig(opts.repoRoot, 'core.hooksPath');
  if (hooksPath !== null) {
    const dir = isAbsolute(hooksPath) ? hooksPath : resolve(opts.repoRoot, hooksPath);
    const rel = relative(opts.repoRoot, dir).split('\\').join('/');
    if (/^\.husky(\/_)?$/.test(rel)) return { manager: 'husky', path: join(opts.repoRoot, '.husky', 'pre-commit'), notes: [] };
    return { manager: 'hooks-path', path: join(dir, 'pre-commit'), notes: [] };
  }
  const lefthook = LEFTHOOK_FILES.find((f) => existsSync(join(opts.repoRoot, f)));
  if (lefthook) {
    return {
      manager: 'lefthook',
      path: null,
      notes: [`lefthook manages the git hooks here (${lefthook}); add this to ${lefthook} and run \`lefthook install\`:`, lefthookSnippet(opts.command)],
    };
  }
  return { manager: 'git', path: join(opts.commonDir, 'hooks', 'pre-commit'), notes: [] };
}

function installHusky(path: string, opts: InstallPreCommitOptions): HookInstallResult {
  const before = read(path);
  const after = withBlock(before ?? '', opts.command);
  const result: HookInstallResult = { action: before === null ? 'created' : before === after ? 'unchanged' : 'updated', manager: 'husky', path, chained: null, notes: [] };
  if (result.action !== 'unchanged') {
    result.notes.push(`.husky/pre-commit is committed: teammates need bosun at the same path, or run \`bosun init\` themselves.`);
    if (!opts.dryRun) writeExecutable(path, after);
  }
  return result;
}

function installHookFile(target: Target & { path: string }, opts: InstallPreCommitOptions): HookInstallResult {
  const path = target.path;
  const chainedPath = path + CHAINED_SUFFIX;
  const desired = hookScript(opts.command);
  const before = read(path);
  const chained = existsSync(chainedPath) ? chainedPath : null;
  const base = { manager: target.manager, path, notes: [...target.notes] };
  if (before === null) {
    if (!opts.dryRun) writeExecutable(path, desired);
    return { ...base, action: 'created', chained };
  }
  if (before.includes(HOOK_MARKER)) {
    const executable = (statSync(path).mode & 0o111) !== 0;
    if (before === desired && executable) return { ...base, action: 'unchanged', chained };
    if (!opts.dryRun) writeExecutable(path, desired);
    return { ...base, action: 'updated', chained };
  }
  // Someone else's hook. If an earlier chained hook is also there and differs, a person must merge them.
  if (chained && read(chainedPath) !== before) {
    return {
      ...base,
      action: 'manual',
      path: null,
      chained,
      notes: [...base.notes, `${path} was replaced by another tool after bosun chained ${chainedPath}; merge the two by hand into ${chainedPath}, remove ${path}, and run \`bosun init\` again.`],
    };
  }
  if (!opts.dryRun) {
    if (!chained) renameSync(path, chainedPath);
    else rmSync(path);
    writeExecutable(path, desired);
  }
  return { ...base, action: 'chained', chained: chainedPath, notes: [...base.notes, `the existing pre-commit hook now runs first, from ${chainedPath}`] };
}

export function installPreCommitHook(opts: InstallPreCommitOptions): HookInstallResult {
  const target = locate(opts);
  if (target.path === null) return { action: 'manual', manager: target.manager, path: null, chained: null, notes: target.notes };
  if (target.manager === 'husky') return installHusky(target.path, opts);
  return installHookFile({ ...target, path: target.path }, opts);
}

export interface HookUninstallResult {
  action: 'removed' | 'restored' | 'absent';
  path: string | null;
}

/** Removes what `installPreCommitHook` added, putting a chained hook back in place. */
export function uninstallPreCommitHook(opts: Pick<InstallPreCommitOptions, 'repoRoot' | 'commonDir'>): HookUninstallResult {
  const target = locate({ ...opts, command: '' });
  if (target.path === null) return { action: 'absent', path: null };
  const text = read(target.path);
  if (text === null) return { action: 'absent', path: target.path };
  if (target.manager === 'husky') {
    const rest = withoutBlock(text);
    if (rest === null) return { action: 'absent', path: target.path };
    writeExecutable(target.path, rest);
    return { action: 'removed', path: target.path };
  }
  if (!text.includes(HOOK_MARKER)) return { action: 'absent', path: target.path };
  const chained = target.path + CHAINED_SUFFIX;
  if (existsSync(chained)) {
    renameSync(chained, target.path);
    return { action: 'restored', path: target.path };
  }
  rmSync(target.path);
  return { action: 'removed', path: target.path };
}

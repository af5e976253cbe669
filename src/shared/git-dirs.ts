import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** Where a worktree lives: its root, its own git dir, and the common git dir shared by all worktrees. */
export interface RepoDirs {
  root: string;
  gitDir: string;
  commonDir: string;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the enclosing git worktree of `start` without spawning git (the hook path cannot afford a
 * process). Follows `.git` files (`gitdir: …`) and `commondir` the way git does. Returns null outside a repo.
 */
export function findRepoDirs(start: string): RepoDirs | null {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, '.git');
    if (isDir(dotGit)) {
      return { root: dir, gitDir: dotGit, commonDir: readCommonDir(dotGit) };
    }
    if (isFile(dotGit)) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
      if (m?.[1]) {
        const gitDir = isAbsolute(m[1]) ? m[1] : resolve(dir, m[1]);
        return { root: dir, gitDir, commonDir: readCommonDir(gitDir) };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function readCommonDir(gitDir: string): string {
  try {
    const rel = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    return isAbsolute(rel) ? rel : resolve(gitDir, rel);
  } catch {
    return gitDir;
  }
}

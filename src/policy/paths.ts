import { posix } from 'node:path';
import type { PolicyContext } from './types.ts';

/** Where a target path lies, after normalisation against the session's cwd. */
export type Place =
  | { kind: 'repo'; rel: string } // inside the worktree; rel is '' for the root itself
  | { kind: 'git'; abs: string; rel: string } // inside the git dir or the common git dir
  | { kind: 'sink'; abs: string } // /dev/null and friends
  | { kind: 'temp'; abs: string }
  | { kind: 'outside'; abs: string };

const SINKS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/zero']);

/** Absolute, normalised; `~` expands to home; relative paths resolve against `base`. */
export function absolutize(path: string, base: string, home: string | null): string {
  let p = path;
  if (home && (p === '~' || p.startsWith('~/'))) p = home + p.slice(1);
  return posix.resolve(base, p);
}

function under(abs: string, dir: string): string | null {
  if (abs === dir) return '';
  const d = dir.endsWith('/') ? dir : dir + '/';
  return abs.startsWith(d) ? abs.slice(d.length) : null;
}

export function place(path: string, ctx: PolicyContext): Place {
  const abs = absolutize(path, ctx.cwd, ctx.home);
  if (SINKS.has(abs) || abs.startsWith('/dev/fd/') || abs.startsWith('/proc/self/fd/')) return { kind: 'sink', abs };
  for (const g of [ctx.gitDir, ctx.commonDir]) {
    const rel = under(abs, posix.normalize(g));
    if (rel !== null) return { kind: 'git', abs, rel };
  }
  const rel = under(abs, posix.normalize(ctx.repoRoot));
  if (rel !== null) {
    // a nested `.git` inside the worktree is git state too
    if (rel === '.git' || rel.startsWith('.git/')) return { kind: 'git', abs, rel: rel.slice(5) };
    return { kind: 'repo', rel };
  }
  for (const t of ctx.tempDirs) {
    if (under(abs, posix.normalize(t)) !== null) return { kind: 'temp', abs };
  }
  return { kind: 'outside', abs };
}

/** How a place is shown to the agent: repo-relative inside the repo, absolute elsewhere. */
export function display(p: Place): string {
  switch (p.kind) {
    case 'repo':
      return p.rel === '' ? '. (the repository root)' : p.rel;
    default:
      return p.abs;
  }
}

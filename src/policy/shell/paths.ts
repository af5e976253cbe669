import { posix } from 'node:path';
import { DYN, FOUND } from './markers.ts';

export { FOUND };

/** Directories whose programs are the system's own: `/bin/rm` is `rm`, `./rm` is not. */
const SYSTEM_DIRS = new Set(['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/opt/homebrew/bin', '/usr/gnu/bin']);

export function isSystemDir(dir: string): boolean {
  return SYSTEM_DIRS.has(posix.normalize(dir).replace(/\/$/, ''));
}

/** A PATH value made only of system directories changes nothing that matters. */
export function isSafePath(value: string): boolean {
  return !value.includes(DYN) && value.split(':').every((d) => d !== '' && isSystemDir(d));
}

export type Resolved = { ok: true; paths: string[]; recursive: boolean; partial: boolean } | { ok: false; why: string };

/**
 * A written word → absolute, normalised paths, one per possible cwd (`partial` when some cwd is
 * unknown). A glob stands for the files it matches, so it becomes its fixed leading directory,
 * written recursively.
 */
export function resolveTarget(value: string, glob: boolean, cwds: ReadonlyArray<string | null>): Resolved {
  if (value.includes(DYN)) return { ok: false, why: 'unknown' };
  if (value === '') return { ok: false, why: 'empty' };
  let v = value;
  let recursive = false;
  if (glob) {
    const segs = v.split('/');
    const i = segs.findIndex((s) => /[*?[]/.test(s));
    if (i >= 0) {
      v = segs.slice(0, i).join('/') || (v.startsWith('/') ? '/' : '.');
      recursive = true;
    }
  }
  if (v.startsWith('/')) return { ok: true, paths: [posix.resolve(v)], recursive, partial: false };
  const known = cwds.filter((c): c is string => c !== null);
  if (known.length === 0) return { ok: false, why: 'cwd' };
  return { ok: true, paths: [...new Set(known.map((c) => posix.resolve(c, v)))], recursive, partial: known.length < cwds.length };
}

/** `v` from `cwd`: absolute and normalised, or null when it depends on an unknown cwd. */
export function fromCwd(cwd: string | null, v: string): string | null {
  if (v.startsWith('/')) return posix.resolve(v);
  return cwd === null ? null : posix.resolve(cwd, v);
}

/** Pseudo-files a redirection may write without touching the file system. Omitted from `writes`. */
export function isHarmlessDevice(abs: string): boolean {
  return abs === '/dev/null' || abs === '/dev/stdout' || abs === '/dev/stderr' || abs === '/dev/tty' || /^\/dev\/fd\/\d+$/.test(abs);
}

/** `a` is `b` or lies under it. */
export function isUnder(a: string, b: string): boolean {
  return a === b || a.startsWith(b.endsWith('/') ? b : b + '/');
}

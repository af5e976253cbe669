/**
 * Atomic writes and a lock file with stale recovery: what every bosun state file outside the ledger is
 * written through (project memory, the close-out inbox, the workspace registry, the lessons index, the
 * facts vault, `bosun init`'s files). No domain knowledge. IO module.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BosunError } from './errors.ts';
import { EXIT } from './exit-codes.ts';

let tmpCounter = 0;

/** A temp path beside `file` (same filesystem, so rename is atomic), unique per process and call. */
export function tempPathFor(file: string): string {
  tmpCounter += 1;
  return join(dirname(file), `.${basename(file)}.${process.pid}.${tmpCounter}.tmp`);
}

/**
 * Writes `text` to `file` through a temp file and rename: a reader sees the old file or the new one, never
 * half of either. `mode` is applied to the temp file before the rename (a read-only result stays replaceable:
 * rename needs write access to the directory, not the file).
 */
export function writeFileAtomic(file: string, text: string, opts: { mode?: number } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    if (opts.mode !== undefined) chmodSync(tmp, opts.mode);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Reads a UTF-8 file, or null when it does not exist. */
export function readTextOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
}

export interface LockOptions {
  /** A lock older than this is a crashed holder's and is taken over. */
  staleMs?: number;
  /** How long to wait for a live holder before failing. 0: fail at once. */
  waitMs?: number;
  /** What the lock protects, for the error message. */
  what: string;
  /** Exit code when the wait runs out (default 4: the environment is busy, not a check saying no). */
  exitCode?: number;
}

export const DEFAULT_LOCK_STALE_MS = 10 * 60 * 1000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file's content when it belongs to a dead process or is older than `staleMs`, else null. */
function staleContent(file: string, staleMs: number): string | null {
  let text: string;
  let mtime: number;
  try {
    text = readFileSync(file, 'utf8');
    mtime = statSync(file).mtimeMs;
  } catch {
    return null;
  }
  if (Date.now() - mtime > staleMs) return text;
  const pid = Number(/^(\d+)/.exec(text)?.[1]);
  // An empty file is a holder between open and write: give it the benefit of the doubt unless it is old.
  return Number.isInteger(pid) && pid > 0 && !pidAlive(pid) ? text : null;
}

/** Removes a stale lock through a rename; puts it back when what was moved is not what was judged stale. */
function recover(file: string, stale: string): void {
  const grave = tempPathFor(file);
  try {
    renameSync(file, grave);
  } catch {
    return; // someone else recovered it first
  }
  if (readTextOrNull(grave) !== stale) {
    // Another recoverer removed the stale lock and a live process took it in between: give it back.
    try {
      linkSync(grave, file);
    } catch {
      // A third process holds it now; the one we moved loses its lock file but not its exclusivity for long.
    }
  }
  rmSync(grave, { force: true });
}

function tryAcquire(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    try {
      writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes the lock file `file` (O_EXCL create), runs `fn`, releases it. A lock left by a dead process (or
 * older than `staleMs`) is removed through a rename, so two recoverers cannot both delete a fresh lock.
 */
export function acquireLock(file: string, opts: LockOptions): () => void {
  const staleMs = opts.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const deadline = Date.now() + (opts.waitMs ?? 0);
  mkdirSync(dirname(file), { recursive: true });
  for (;;) {
    if (tryAcquire(file)) {
      return () => rmSync(file, { force: true });
    }
    const stale = staleContent(file, staleMs);
    if (stale !== null) {
      recover(file, stale);
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = readTextOrNull(file)?.trim() ?? '?';
      throw new BosunError({
        code: 'E_LOCKED',
        message: `${opts.what} is locked by another bosun process (${file}: ${holder})`,
        hint: `wait for it to finish; if no bosun process is running, remove ${file}`,
        exitCode: opts.exitCode ?? EXIT.environment,
      });
    }
    sleepSync(20 + Math.floor(Math.random() * 30));
  }
}

export function withLock<T>(file: string, opts: LockOptions, fn: () => T): T {
  const release = acquireLock(file, opts);
  try {
    return fn();
  } finally {
    release();
  }
}

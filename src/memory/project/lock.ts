import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';

/**
 * A lock file created with O_EXCL, holding `pid time`. A lock whose process is gone (same host) or that is
 * older than `staleMs` is broken: renamed aside first, so of two processes breaking it at once only one
 * wins, and a fresh lock renamed aside by mistake is put back.
 */

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(path: string, content: string, staleMs: number): boolean {
  const [pidText] = content.split(' ');
  const pid = Number(pidText);
  if (Number.isInteger(pid) && pid > 0 && !alive(pid)) return true;
  try {
    return Date.now() - statSync(path).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

function tryBreak(path: string, judged: string): void {
  const aside = `${path}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  let now = '';
  try {
    now = readFileSync(aside, 'utf8');
  } catch {
    /* gone already */
  }
  if (now !== judged) {
    // Someone else broke the stale lock and took a fresh one in between: give theirs back.
    try {
      linkSync(aside, path);
    } catch {
      /* a third process holds it now; theirs stands */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* ignore */
  }
}

export interface LockOptions {
  staleMs?: number;
  timeoutMs?: number;
}

export function withLock<T>(path: string, fn: () => T, o: LockOptions = {}): T {
  const staleMs = o.staleMs ?? 30_000;
  const timeoutMs = o.timeoutMs ?? 20_000;
  mkdirSync(dirname(path), { recursive: true });
  const start = Date.now();
  let wait = 5;
  for (;;) {
    let fd: number | null = null;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (fd !== null) {
      try {
        writeSync(fd, `${process.pid} ${Date.now()}`);
      } finally {
        closeSync(fd);
      }
      break;
    }
    let content = '';
    try {
      content = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    // An empty lock is one being written right now: only age makes it stale.
    if (content && isStale(path, content, staleMs)) {
      tryBreak(path, content);
      continue;
    }
    if (Date.now() - start > timeoutMs) {
      throw new BosunError({
        code: 'E_MEMORY_LOCKED',
        message: `the project memory is locked by another bosun process (${path}: ${content || 'being written'})`,
        hint: `wait and retry; if no bosun process is running, delete ${path}`,
        exitCode: EXIT.environment,
      });
    }
    sleep(wait + Math.floor(Math.random() * wait));
    wait = Math.min(wait * 2, 100);
  }
  try {
    return fn();
  } finally {
    try {
      unlinkSync(path);
    } catch {
      /* broken as stale by someone else: nothing to release */
    }
  }
}

/** Writes through a temp file and a rename, so a reader sees the old file or the new one, never half. */
export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

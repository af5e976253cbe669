/** What session start needs from the cross-project lessons: the broadcast text, and a nudge to sync. */
import { existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, closeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoDirs } from '../../shared/git-dirs.ts';
import { readTextOrNull } from '../../shared/fs-atomic.ts';
import { SHARED_LESSONS_FILE } from './match.ts';
import { lessonsPaths } from './paths.ts';
import { registryPath } from './workspaces.ts';

export interface BackgroundSyncOptions {
  home: string;
  now: number;
  env: Record<string, string | undefined>;
  /** The bosun launcher (`bin/bosun.js`); default: found from this module's location. */
  bin?: string;
}

export interface BackgroundSyncResult {
  started: boolean;
  reason: string;
}

export const SYNC_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** After starting a sync, session start does not start another for this long, whatever it did. */
export const SYNC_RETRY_MS = 60 * 60 * 1000;

/**
 * Text of the workspace's `.bosun/memory/shared-lessons.md`, '' when missing. A linked worktree without
 * its own copy reads the main worktree's (sync writes where the workspace was registered). Never throws.
 */
export function sharedLessonsFor(opts: { repoRoot: string }): string {
  try {
    const own = readTextOrNull(join(opts.repoRoot, SHARED_LESSONS_FILE));
    if (own !== null) return own;
    const dirs = findRepoDirs(opts.repoRoot);
    if (!dirs || basename(dirs.commonDir) !== '.git') return '';
    const main = dirname(dirs.commonDir);
    return main === dirs.root ? '' : (readTextOrNull(join(main, SHARED_LESSONS_FILE)) ?? '');
  } catch {
    return '';
  }
}

function mtime(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** The last sync time: `at` in last-sync.json (its mtime when unreadable). */
function lastSyncTime(file: string): number | null {
  const text = readTextOrNull(file);
  if (text === null) return null;
  try {
    const at = Date.parse((JSON.parse(text) as { at?: string }).at ?? '');
    if (Number.isFinite(at)) return at;
  } catch {
    // fall through to the file time
  }
  return mtime(file);
}

/** bin/bosun.js above this module (source tree or dist bundle). */
export function findBosunBin(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const bin = join(dir, 'bin', 'bosun.js');
    if (existsSync(bin) && existsSync(join(dir, 'package.json'))) {
      try {
        if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'bosun') return bin;
      } catch {
        // keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Claims the right to start a sync: O_EXCL on a marker, or a marker older than SYNC_RETRY_MS. */
function claimStart(file: string, now: number): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const seen = mtime(file);
  if (seen !== null && now - seen < SYNC_RETRY_MS) return false;
  try {
    if (seen === null) closeSync(openSync(file, 'wx'));
    writeFileSync(file, `${process.pid} ${new Date(now).toISOString()}\n`);
    return true;
  } catch {
    return false; // another session claimed it at the same moment
  }
}

/**
 * Spawns a detached `bosun lessons sync` when the last sync is older than 24 h (or never ran) and at least
 * one workspace is registered; never waits for it, never throws. `BOSUN_LESSONS_SYNC=off` disables it.
 */
export function maybeStartBackgroundSync(opts: BackgroundSyncOptions): BackgroundSyncResult {
  try {
    if (opts.env['BOSUN_LESSONS_SYNC'] === 'off') return { started: false, reason: 'BOSUN_LESSONS_SYNC=off' };
    if (!existsSync(registryPath(opts.home))) return { started: false, reason: 'no workspace registered' };
    const paths = lessonsPaths(opts.home);
    const last = lastSyncTime(paths.state);
    if (last !== null && opts.now - last < SYNC_INTERVAL_MS) return { started: false, reason: `last sync ${new Date(last).toISOString()} is recent` };
    if (existsSync(paths.lock)) return { started: false, reason: 'a sync is running' };
    const bin = opts.bin ?? findBosunBin();
    if (!bin) return { started: false, reason: 'cannot find bin/bosun.js' };
    if (!claimStart(paths.started, opts.now)) return { started: false, reason: 'a sync was started less than an hour ago' };
    const env: Record<string, string | undefined> = { ...opts.env, BOSUN_HOME: opts.home };
    delete env['NODE_TEST_CONTEXT'];
    // Loaded on use: the hook bundle includes this module and must not load child_process up front (L007).
    const child = process.getBuiltinModule('node:child_process').spawn(process.execPath, [bin, 'lessons', 'sync', '--quiet'], { detached: true, stdio: 'ignore', env, cwd: opts.home });
    child.on('error', () => {});
    child.unref();
    return { started: true, reason: last === null ? 'no sync yet' : `last sync ${new Date(last).toISOString()} is older than 24 h` };
  } catch (err) {
    return { started: false, reason: `cannot start a sync: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The close-out at the next SessionStart: SessionEnd gets about 1.5 s and is often cut short, so the
 * session that starts next spawns `bosun closeout --pending` detached and does not wait for it.
 * On the hook path: child_process is loaded only when a run is actually started (lesson L007).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryOff } from '../../shared/opt-out.ts';

/** Session starts closer together than this share one background run (a fleet starting many agents at once). */
export const BACKGROUND_MIN_INTERVAL_MS = 60_000;

export interface BackgroundCloseoutOptions {
  repoRoot: string;
  commonDir: string;
  now: number;
  env: Record<string, string | undefined>;
}

export type BackgroundCloseout = { started: true; pid: number | null; log: string } | { started: false; reason: string };

const stampPath = (commonDir: string): string => join(commonDir, 'bosun', 'memory', 'closeout-started');
export const closeoutLogPath = (commonDir: string): string => join(commonDir, 'bosun', 'memory', 'closeout.log');

/** bin/bosun.js of the installation this code runs from (src/ under tsx, or dist/ when bundled). */
function bosunBin(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'bosun') {
        const bin = join(dir, 'bin', 'bosun.js');
        return existsSync(bin) ? bin : null;
      }
    } catch {
      // not here: keep looking upwards
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function lastStart(commonDir: string): number | null {
  try {
    const t = Number(readFileSync(stampPath(commonDir), 'utf8').trim());
    return Number.isFinite(t) ? t : null;
  } catch {
    return null;
  }
}

export function startBackgroundCloseout(opts: BackgroundCloseoutOptions): BackgroundCloseout {
  if (memoryOff(opts.env)) return { started: false, reason: 'BOSUN_MEMORY=off' };
  const last = lastStart(opts.commonDir);
  if (last !== null && opts.now - last >= 0 && opts.now - last < BACKGROUND_MIN_INTERVAL_MS) return { started: false, reason: 'a close-out started less than a minute ago' };
  const bin = bosunBin();
  if (!bin) return { started: false, reason: 'cannot find bin/bosun.js of this installation' };
  const memDir = join(opts.commonDir, 'bosun', 'memory');
  mkdirSync(memDir, { recursive: true });
  const tmp = `${stampPath(opts.commonDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${opts.now}\n`);
  renameSync(tmp, stampPath(opts.commonDir));
  const log = closeoutLogPath(opts.commonDir);
  const fd = openSync(log, 'a');
  try {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.env)) if (v !== undefined && k !== 'NODE_TEST_CONTEXT') env[k] = v;
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(process.execPath, [bin, 'closeout', '--pending', '--quiet'], { cwd: opts.repoRoot, env, detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => undefined);
    child.unref();
    return { started: true, pid: child.pid ?? null, log };
  } finally {
    closeSync(fd);
  }
}

/**
 * Child processes for the deploy pipeline: always an argv array (a table name or a path never meets a
 * shell), a timeout that kills the whole process group, Ctrl-C forwarded to the child, and a failure that
 * says which command, how it ended and the tail of what it printed.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, openSync, closeSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { shellCommand } from './quote.ts';

export interface ExecOptions {
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  /** A file fed to the child's stdin (`mariadb db < dump.sql`). */
  stdinFile?: string;
  /** Copy the child's stdout and stderr here as they come (the user's deploy command). */
  stream?: NodeJS.WritableStream;
}

export interface ExecResult {
  argv: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the process could not start (ENOENT: not installed). */
  spawnError: string | null;
  stdout: string;
  stderr: string;
  /** The last few KB of stdout and stderr together, in arrival order. */
  tail: string;
}

const CAPTURE_MAX = 4 * 1024 * 1024;
const TAIL_MAX = 4096;
const KILL_GRACE_MS = 5000;

export const ok = (r: ExecResult): boolean => r.code === 0 && !r.timedOut && r.spawnError === null;

/** `pg_dump exited 1: <stderr tail>`, `./deploy.sh timed out after 30 s`, `mariadb is not installed`. */
export function describeExit(r: ExecResult, timeoutMs?: number): string {
  const cmd = r.argv[0] === 'sh' && r.argv[1] === '-c' ? (r.argv[2] ?? 'sh') : shellCommand(r.argv.slice(0, 1));
  if (r.spawnError) return `${cmd} could not start: ${r.spawnError}`;
  const how = r.timedOut
    ? `timed out after ${Math.round((timeoutMs ?? 0) / 1000)} s`
    : r.signal
      ? `was killed by ${r.signal}`
      : `exited ${r.code}`;
  const tail = (r.stderr.trim() || r.tail.trim()).split('\n').slice(-6).join('\n').slice(-1200);
  return `${cmd} ${how}${tail ? `: ${tail}` : ''}`;
}

/** Finds an executable on PATH (no `which` process). */
export function onPath(name: string, env: Readonly<Record<string, string | undefined>>): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export function execArgv(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const stdinFd = opts.stdinFile === undefined ? null : openSync(opts.stdinFile, 'r');
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env as NodeJS.ProcessEnv | undefined,
      stdio: [stdinFd ?? 'ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout or Ctrl-C reaches the deploy script's children too.
      detached: true,
    });
    if (stdinFd !== null) closeSync(stdinFd);
    let stdout = '';
    let stderr = '';
    let tail = '';
    let timedOut = false;
    let spawnError: string | null = null;
    const signalGroup = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const collect = (which: 'out' | 'err') => (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      if (which === 'out' && stdout.length < CAPTURE_MAX) stdout += s;
      if (which === 'err' && stderr.length < CAPTURE_MAX) stderr += s;
      tail = (tail + s).slice(-TAIL_MAX);
      opts.stream?.write(chunk);
    };
    child.stdout?.on('data', collect('out'));
    child.stderr?.on('data', collect('err'));
    let killer: NodeJS.Timeout | undefined;
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            signalGroup('SIGTERM');
            killer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
          }, opts.timeoutMs);
    const forward = (sig: NodeJS.Signals): void => signalGroup(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    let finished = false;
    const done = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(killer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ argv, code, signal, timedOut, spawnError, stdout, stderr, tail });
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code === 'ENOENT' ? `${argv[0]} not found on PATH` : err.message;
      done(null, null);
    });
    child.on('close', (code, signal) => done(code, signal));
  });
}

/** The user's command line (`run:`, `smoke:`, a command backup), run by `sh -c` in the repository. */
export function execShell(command: string, opts: ExecOptions): Promise<ExecResult> {
  return execArgv(['sh', '-c', command], opts);
}

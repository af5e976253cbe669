import type { ChildProcess, SpawnOptions } from 'node:child_process';

// Loaded on first use: every hook process bundles this module, few of them run a check.
const spawn = (cmd: string, args: string[], opts: SpawnOptions): ChildProcess => process.getBuiltinModule('node:child_process').spawn(cmd, args, opts);

export interface CheckRun {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The last `tailBytes` of stdout and stderr, interleaved as they came. */
  outputTail: string;
}

/**
 * Runs a check the way the agent would have: `bash -c <command>` in the session's cwd, in its own
 * process group so a timeout kills everything it started. IO: the verdict itself is pure.
 */
export function runCheck(command: string, opts: { cwd: string; timeoutMs: number; env: NodeJS.ProcessEnv; tailBytes?: number }): Promise<CheckRun> {
  const limit = opts.tailBytes ?? 8192;
  const start = Date.now();
  return new Promise((resolvePromise) => {
    let out = '';
    let timedOut = false;
    // A check bosun runs is a run of its own, even when bosun itself runs under `node --test`.
    const env = { ...opts.env };
    delete env['NODE_TEST_CONTEXT'];
    const child = spawn('bash', ['-c', command], { cwd: opts.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      if (out.length > limit * 2) out = out.slice(-limit);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    const done = (exitCode: number | null): void => {
      clearTimeout(timer);
      resolvePromise({ exitCode: timedOut ? null : exitCode, timedOut, durationMs: Date.now() - start, outputTail: out.slice(-limit) });
    };
    child.on('error', (err) => {
      out += `\n${String(err)}`;
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : null)));
  });
}

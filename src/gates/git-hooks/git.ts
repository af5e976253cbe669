/** Running git for the gates: one place that turns a failed git call into a BosunError with its stderr. */
import { spawnSync } from 'node:child_process';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';

const MAX_BUFFER = 512 * 1024 * 1024;

export interface GitResult {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs git in `cwd`; never throws for a non-zero exit (callers decide). GIT_INDEX_FILE etc. pass through. */
export function gitRaw(cwd: string, args: string[], input?: string | Buffer): GitResult {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'] });
  if (r.error) {
    throw new BosunError({ code: 'E_GIT', message: `cannot run git ${args.join(' ')}: ${r.error.message}`, hint: 'bosun needs git on PATH.', exitCode: EXIT.environment });
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** Runs git and returns stdout; a non-zero exit is E_GIT naming the command and the tail of stderr. */
export function git(cwd: string, args: string[], input?: string | Buffer): Buffer {
  const r = gitRaw(cwd, args, input);
  if (r.status !== 0) {
    const tail = r.stderr.trim().split('\n').slice(-5).join('\n');
    throw new BosunError({ code: 'E_GIT', message: `git ${args.join(' ')} failed (exit ${r.status}): ${tail}`, hint: `run the command in ${cwd} to see the whole error.`, exitCode: EXIT.environment });
  }
  return r.stdout;
}

/** `git config --get KEY`, or null when unset. */
export function gitConfig(cwd: string, key: string): string | null {
  const r = gitRaw(cwd, ['config', '--get', key]);
  if (r.status !== 0) return null;
  const v = r.stdout.toString('utf8').trim();
  return v === '' ? null : v;
}

/**
 * Runs the compiler over the selected projects in a snapshot. Projects with references (or composite) go
 * through one `tsc -b` (it builds what they reference, outputs stay in the snapshot slot); the others through
 * `tsc -p <config> --noEmit --incremental --tsBuildInfoFile <slot>/info/<key>.tsbuildinfo`, one per project.
 * A tsc that exits non-zero without printing a diagnostic is rerun once without its cache, then reported as a
 * failure with the tail of its output: never a silent pass.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../shared/sha256.ts';
import type { Compiler } from './compiler.ts';
import { parseTscOutput, type Diagnostic } from './diagnostics.ts';
import type { SelectedProject } from './graph.ts';

export interface TscRun {
  /** The command line, for --json. */
  argv: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  ms: number;
  diagnostics: Diagnostic[];
  /** Set when tsc failed without a diagnostic: what it printed last. */
  failure: string | null;
}

export interface RunTscOptions {
  compiler: Compiler;
  /** The snapshot tree (cwd of tsc). */
  tree: string;
  /** Where -p runs keep their tsbuildinfo. */
  infoDir: string;
  repoRoot: string;
  projects: readonly SelectedProject[];
  timeoutMs: number;
}

const tail = (s: string, n = 20): string => s.trim().split('\n').slice(-n).join('\n');

function exec(compiler: Compiler, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; signal: string | null; timedOut: boolean; output: string; ms: number }> {
  return new Promise((resolveRun, reject) => {
    const t0 = performance.now();
    const child = spawn(compiler.command, [...compiler.args, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, timedOut, output: Buffer.concat(chunks).toString('utf8'), ms: Math.round(performance.now() - t0) });
    });
  });
}

/** How to rerun without the cache: delete the tsbuildinfo (-p), or `--force` (-b). */
interface Retry {
  args: string[];
  clear: string | null;
}

async function runOnce(opts: RunTscOptions, args: string[], retry: Retry): Promise<TscRun> {
  const map = { snapshot: opts.tree, repoRoot: opts.repoRoot };
  let r = await exec(opts.compiler, args, opts.tree, opts.timeoutMs);
  let diagnostics = parseTscOutput(r.output, map);
  if (r.code !== 0 && !r.timedOut && diagnostics.length === 0) {
    if (retry.clear !== null) rmSync(retry.clear, { force: true });
    args = retry.args;
    r = await exec(opts.compiler, args, opts.tree, opts.timeoutMs);
    diagnostics = parseTscOutput(r.output, map);
  }
  let failure: string | null = null;
  if (r.timedOut) failure = `timed out after ${Math.round(opts.timeoutMs / 1000)} s`;
  else if (r.code !== 0 && diagnostics.length === 0) failure = `exited with ${r.code ?? r.signal} without a diagnostic:\n${tail(r.output) || '(no output)'}`;
  return { argv: [opts.compiler.command, ...opts.compiler.args, ...args], exitCode: r.code, signal: r.signal, timedOut: r.timedOut, ms: r.ms, diagnostics, failure };
}

export function buildInfoFile(infoDir: string, compiler: Compiler, config: string): string {
  return join(infoDir, `${sha256Hex(`${compiler.from}\0${compiler.version}\0${config}`).slice(0, 16)}.tsbuildinfo`);
}

export async function runTsc(opts: RunTscOptions): Promise<TscRun[]> {
  const runs: TscRun[] = [];
  const build = opts.projects.filter((p) => p.build).map((p) => p.config);
  if (build.length) {
    const args = ['-b', '--pretty', 'false', ...build];
    runs.push(await runOnce(opts, args, { args: ['-b', '--force', ...args.slice(1)], clear: null }));
  }
  for (const p of opts.projects.filter((q) => !q.build)) {
    const info = buildInfoFile(opts.infoDir, opts.compiler, p.config);
    const args = ['-p', p.config, '--noEmit', '--pretty', 'false', '--incremental', '--tsBuildInfoFile', info];
    runs.push(await runOnce(opts, args, { args, clear: info }));
  }
  return runs;
}

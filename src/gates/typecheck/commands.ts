/**
 * `gates.pre_commit`: per-glob commands (linters, compilers of other languages) run with `sh -c` in the
 * snapshot — never in the working tree — with `{files}` replaced by the changed files that match the globs
 * (repo-relative, which is also where they sit in the snapshot). A command whose globs match no changed file
 * does not run. Non-zero exit, a signal or the timeout fails the gate with the tail of the output.
 */
import { spawn } from 'node:child_process';
import { globMatch } from '../../policy/index.ts';
import { expandCommand, type PreCommitCommand } from './config.ts';
import type { ChangeSet } from './check.ts';
import { withSnapshot } from './snapshot.ts';
import { branchChanges, listEntries, stagedChanges, type SnapshotSource } from './source.ts';

export interface CommandRun {
  name: string;
  command: string;
  files: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  ms: number;
  output: string;
}

export interface CommandsResult {
  gate: 'commands';
  ok: boolean;
  findings: string[];
  notices: string[];
  runs: CommandRun[];
}

export interface CommandsOptions {
  repoRoot: string;
  commonDir: string;
  source: SnapshotSource;
  changes: ChangeSet;
  commands: readonly PreCommitCommand[];
}

const TAIL_LINES = 40;

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Omit<CommandRun, 'name' | 'command' | 'files'>> {
  return new Promise((done, reject) => {
    const t0 = performance.now();
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      done({ exitCode: code, signal, timedOut, ms: Math.round(performance.now() - t0), output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

export async function runCommands(opts: CommandsOptions): Promise<CommandsResult> {
  const result: CommandsResult = { gate: 'commands', ok: true, findings: [], notices: [], runs: [] };
  if (opts.commands.length === 0) return result;
  const entries = listEntries(opts.repoRoot, opts.source);
  const changed = opts.changes.kind === 'staged' ? stagedChanges(opts.repoRoot, entries) : opts.changes.kind === 'range' ? branchChanges(opts.repoRoot, opts.changes.base) : [...entries.keys()];
  const present = changed.filter((p) => entries.has(p));
  const planned = opts.commands.map((c) => ({ c, files: present.filter((p) => c.globs.some((g) => globMatch(g, p))) })).filter((x) => x.files.length > 0);
  if (planned.length === 0) {
    result.notices.push('no changed file matches a gates.pre_commit glob');
    return result;
  }
  await withSnapshot({ repoRoot: opts.repoRoot, commonDir: opts.commonDir, source: opts.source }, async (snap) => {
    const env = { ...process.env, BOSUN_SNAPSHOT: snap.root, BOSUN_REPO_ROOT: opts.repoRoot };
    for (const { c, files } of planned) {
      const command = expandCommand(c.run, files);
      const r = await sh(command, snap.root, env, c.timeoutMs);
      result.runs.push({ name: c.name, command, files, ...r });
      if (r.exitCode === 0) continue;
      result.ok = false;
      const why = r.timedOut ? `timed out after ${c.timeoutMs / 1000} s` : r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
      const out = r.output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      result.findings.push(`${c.name}: failed (${why}) on ${files.length} file${files.length === 1 ? '' : 's'}: ${command}${out ? `\n${out}` : ''}`);
    }
  });
  return result;
}

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

const KILL_GRACE_MS = 2000;

/**
 * `sh -c command` in its own process group: a timeout (SIGTERM, then SIGKILL) reaches everything the command
 * started — not only `sh` — and a Ctrl-C or kill of the gate is passed on, so no linter outlives the commit.
 */
function sh(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Omit<CommandRun, 'name' | 'command' | 'files'>> {
  return new Promise((done, reject) => {
    const t0 = performance.now();
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    const group = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      group('SIGTERM');
      killer = setTimeout(() => group('SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    // the gate's own death must not orphan the group: pass the signal on, then die of it
    const forward = (sig: NodeJS.Signals): void => {
      group(sig);
      group('SIGKILL');
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : 15));
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    const finish = (): void => {
      clearTimeout(timer);
      clearTimeout(killer);
      for (const s of signals) process.off(s, forward);
    };
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;
    const settle = (): void => {
      if (settled || exit === null) return;
      settled = true;
      finish();
      done({ exitCode: exit.code, signal: exit.signal, timedOut, ms: Math.round(performance.now() - t0), output: Buffer.concat(chunks).toString('utf8') });
    };
    child.on('error', (err) => {
      finish();
      reject(err);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // the command is over: what it left running in the background (`server &`) goes with it, and a process
      // that escaped the group while holding the pipes does not keep the gate waiting
      group('SIGKILL');
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        settle();
      }, KILL_GRACE_MS).unref();
    });
    child.on('close', settle);
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

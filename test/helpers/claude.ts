// Runs the pinned Claude Code binary (node_modules/.bin/claude, 2.1.197) headless against a local
// model server, with nothing that could reach the network, and collects what it printed.
//
//   const run = await runClaude({ cwd: repo.root, env: repo.env, prompt: 'go', serverUrl: server.url });
//   assert.equal(run.code, 0, run.stderr);
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from './child-env.ts';
import { killMarked } from './kill-marked.ts';

export const CLAUDE_BIN = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

export const DEFAULT_ALLOWED_TOOLS = ['Write', 'Edit', 'Read', 'Bash', 'Grep', 'Glob', 'Agent'];

/**
 * Checked against the 2.1.197 binary. CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC alone stops every
 * outbound connection (telemetry, GrowthBook, error reports, update checks, the session-title side
 * request); DISABLE_TELEMETRY alone still resolves api.anthropic.com. The rest are belt and braces.
 */
export const NETWORK_OFF_ENV: Readonly<Record<string, string>> = {
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_TELEMETRY: '1',
  DO_NOT_TRACK: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_UPDATES: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_GROWTHBOOK: '1',
  DISABLE_INSTALLATION_CHECKS: '1',
  CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
  NO_PROXY: '127.0.0.1,localhost',
};

export interface RunClaudeOptions {
  cwd: string;
  /** Must set an isolated HOME (TmpRepo.env does); CLAUDE_* set here are kept, outer ones are not. */
  env: Record<string, string>;
  prompt: string;
  serverUrl: string;
  allowedTools?: string[];
  /** Default 60 s (a run takes 1.5–3 s idle, up to ~10 s on a loaded 2-CPU box); on expiry every process of the run is killed and runClaude rejects. */
  timeoutMs?: number;
  extraArgs?: string[];
}

/** One line of `--output-format stream-json` (system/init, assistant, user, result, ...). */
export interface StreamEvent {
  type: string;
  subtype?: string;
  session_id?: string;
  [key: string]: unknown;
}

export interface ClaudeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  events: StreamEvent[];
  /** The final `result` event, if any. */
  result: StreamEvent | undefined;
  stdout: string;
  stderr: string;
  sessionId: string | undefined;
  /** `$HOME/.claude/projects/<cwd, non-alphanumerics as ->/<session>.jsonl`, if it exists. */
  transcriptPath: string | undefined;
  durationMs: number;
  args: string[];
}

/** Set in every run's environment (inherited by hooks and Bash commands) to find leftovers. */
export const RUN_MARKER = 'BOSUN_E2E_CLAUDE_RUN';

const live = new Map<number, string>();
process.once('exit', () => {
  for (const [pid, marker] of live) killRun(pid, marker);
});

/** The process group, then anything else carrying the run's marker (Bash runs in its own groups). */
function killRun(pid: number, marker: string): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
  killMarked(RUN_MARKER, marker);
}

export function claudeEnv(opts: Pick<RunClaudeOptions, 'env' | 'serverUrl'>): Record<string, string> {
  const home = opts.env.HOME;
  if (!home || home === process.env.HOME) throw new Error('runClaude: env.HOME must be an isolated temp dir');
  const env: Record<string, string> = {
    ...inheritedEnv(),
    ...opts.env,
    ...NETWORK_OFF_ENV,
    ANTHROPIC_BASE_URL: opts.serverUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test-dummy',
  };
  delete env.CLAUDECODE;
  delete env.ANTHROPIC_AUTH_TOKEN;
  return env;
}

function parseEvents(stdout: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v === 'object' && v !== null && typeof (v as StreamEvent).type === 'string') events.push(v as StreamEvent);
    } catch {
      // a partial line from a killed process
    }
  }
  return events;
}

function findTranscript(home: string, cwd: string, sessionId: string | undefined): string | undefined {
  if (!sessionId) return undefined;
  const projects = join(home, '.claude', 'projects');
  const expected = join(projects, realpathSync(cwd).replace(/[^a-zA-Z0-9]/g, '-'), `${sessionId}.jsonl`);
  if (existsSync(expected)) return expected;
  if (!existsSync(projects)) return undefined;
  for (const d of readdirSync(projects)) {
    const p = join(projects, d, `${sessionId}.jsonl`);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function runClaude(opts: RunClaudeOptions): Promise<ClaudeRun> {
  const marker = randomUUID();
  const env: Record<string, string> = { ...claudeEnv(opts), [RUN_MARKER]: marker };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const tools = opts.allowedTools ?? DEFAULT_ALLOWED_TOOLS;
  const args = [
    '-p',
    opts.prompt,
    '--output-format',
    'stream-json',
    '--verbose',
    '--allowedTools',
    tools.join(','),
    ...(opts.extraArgs ?? []),
  ];
  const started = Date.now();
  const child = spawn(CLAUDE_BIN, args, { cwd: opts.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid !== undefined) live.set(pid, marker);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));

  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) killRun(pid, marker);
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (pid !== undefined) {
        killRun(pid, marker); // hooks or background shells left behind
        live.delete(pid);
      }
      const events = parseEvents(stdout);
      if (timedOut) {
        const tail = (s: string): string => s.slice(-2000);
        reject(new Error(`claude timed out after ${timeoutMs} ms\nstderr: ${tail(stderr)}\nstdout: ${tail(stdout)}`));
        return;
      }
      const sessionId = events.find((e) => typeof e.session_id === 'string')?.session_id;
      resolve({
        code,
        signal,
        events,
        result: events.findLast((e) => e.type === 'result'),
        stdout,
        stderr,
        sessionId,
        transcriptPath: findTranscript(env.HOME ?? '', opts.cwd, sessionId),
        durationMs: Date.now() - started,
        args,
      });
    });
  });
}

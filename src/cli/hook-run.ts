// The hook entry point: `bosun hook <harness> <event>`, payload on stdin, answer on stdout/exit code.
// Fail closed: on PreToolUse any error becomes a deny (exit 2 + reason on stderr), because every
// harness lets a tool call through when its hook crashes, exits 1 or times out.
import { readFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { failClosed, render, type WireAnswer } from '../adapters/claude-code/output.ts';
import { normalize, PayloadError } from '../adapters/claude-code/payload.ts';
import { realOf, recordGuardFailure, type HookDeps, type HookEvent, type HookResponse } from '../hooks/index.ts';

/** What answers one normalised event: `handleEvent` (every event) or `handleGuard` (PreToolUse only, the small guard bundle). */
export type EventHandler = (ev: HookEvent, deps: HookDeps) => Promise<HookResponse>;
import { BosunError, errorMessage } from '../shared/errors.ts';

const HARNESSES = ['claude-code'];
const GUARD_EVENTS = new Set(['PreToolUse']);

function diagnosis(err: unknown): { what: string; hint: string } {
  if (err instanceof PayloadError) return { what: `the hook payload is invalid: ${err.message}`, hint: 'check the harness version against bosun\'s supported versions (`bosun --version`); run `bosun doctor` when available.' };
  if (err instanceof BosunError) return { what: err.message, hint: err.hint ?? 'run `bosun fleet validate` in the repository.' };
  return {
    what: `internal error: ${errorMessage(err)}`,
    hint: `reproduce with \`echo '<payload>' | bosun hook claude-code <Event>\`; this is a bug in bosun. ${err instanceof Error && err.stack ? err.stack.split('\n').slice(0, 4).join(' | ') : ''}`,
  };
}

export async function runHook(args: string[], stdin: () => string, handle: EventHandler): Promise<WireAnswer> {
  const [harness, event] = args[0] === 'hook' ? args.slice(1) : args;
  const guard = GUARD_EVENTS.has(event ?? '');
  const env = process.env;
  const deps: HookDeps = { env, now: () => Date.now(), tempDirs: tempDirs(), home: env['HOME'] ?? homedir() };
  let raw: unknown;
  try {
    if (!harness || !HARNESSES.includes(harness) || !event) {
      throw new BosunError({ code: 'E_USAGE', message: `usage: bosun hook <harness> <event> (harnesses: ${HARNESSES.join(', ')}); got "${args.join(' ')}"`, hint: 'the hook command in the harness settings is wrong: re-run `bosun init`.' });
    }
    try {
      raw = JSON.parse(stdin());
    } catch (e) {
      throw new PayloadError(`stdin is not JSON (${errorMessage(e)})`);
    }
    const ev = normalize(raw, event);
    const response = await handle(ev, deps);
    return render(event, response);
  } catch (err) {
    const d = diagnosis(err);
    if (guard) {
      const answer = failClosed(d.what, d.hint);
      recordGuardFailure({ harness: harness ?? '?', ...payloadFacts(raw), reason: answer.stderr.trim() }, deps);
      return answer;
    }
    // Other events never break the session: report on stderr, exit 0.
    return { stdout: '', stderr: `bosun (${event ?? '?'} hook): ${d.what}\n`, exitCode: 0 };
  }
}

function payloadFacts(raw: unknown): { cwd: string | null; sessionId: string | null; tool: string | null; target: string | null } {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const input = typeof o['tool_input'] === 'object' && o['tool_input'] !== null ? (o['tool_input'] as Record<string, unknown>) : {};
  return { cwd: s(o['cwd']), sessionId: s(o['session_id']), tool: s(o['tool_name']), target: s(input['file_path']) ?? s(input['command']) ?? s(input['path']) };
}

function tempDirs(): string[] {
  const dirs = [tmpdir(), '/tmp', '/var/tmp'];
  return [...new Set([...dirs, ...dirs.map(realOf)])];
}

export function readStdin(): string {
  return readFileSync(0, 'utf8');
}

// A stand-in hook for harness tests: registered for every event in the temp repo's
// .claude/settings.json, it appends each stdin payload (one JSON line) to a log and can answer a
// few fixed ways (deny a Write by file name, block Stop once, add SessionStart context).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TmpRepo } from './tmp-repo.ts';

export interface RecordingHookOptions {
  /** PreToolUse on Write to a file with this base name answers deny with `denyReason`. */
  denyWriteTo?: string;
  denyReason?: string;
  /** Stop answers `{"decision":"block","reason":…}` while `stop_hook_active` is false. */
  blockStopReason?: string;
  /** SessionStart answers with this `additionalContext`. */
  sessionContext?: string;
}

export interface HookPayload {
  hook_event_name: string;
  session_id?: string;
  tool_name?: string;
  tool_input?: Record<string, unknown>;
  agent_id?: string;
  agent_type?: string;
  stop_hook_active?: boolean;
  [key: string]: unknown;
}

export interface RecordingHook {
  logPath: string;
  read(): HookPayload[];
}

export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'SubagentStart',
  'SubagentStop',
  'Stop',
  'SessionEnd',
] as const;

const TOOL_EVENTS = new Set<string>(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

const SCRIPT = `import { appendFileSync, readFileSync } from 'node:fs';
const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let raw = '';
process.stdin.setEncoding('utf8').on('data', (c) => (raw += c)).on('end', () => {
  const p = JSON.parse(raw);
  appendFileSync(cfg.logPath, JSON.stringify(p) + '\\n');
  const out = (o) => process.stdout.write(JSON.stringify(o));
  const ev = p.hook_event_name;
  const file = String(p.tool_input?.file_path ?? '');
  if (ev === 'PreToolUse' && p.tool_name === 'Write' && cfg.denyWriteTo && file.split('/').pop() === cfg.denyWriteTo)
    out({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: cfg.denyReason ?? 'denied' } });
  else if (ev === 'Stop' && cfg.blockStopReason && !p.stop_hook_active) out({ decision: 'block', reason: cfg.blockStopReason });
  else if (ev === 'SessionStart' && cfg.sessionContext)
    out({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: cfg.sessionContext } });
});
`;

/** Writes hook.mjs + its config into repo.dir and registers it for every event in .claude/settings.json. */
export function installRecordingHook(repo: TmpRepo, options: RecordingHookOptions = {}): RecordingHook {
  const scriptPath = join(repo.dir, 'recording-hook.mjs');
  const configPath = join(repo.dir, 'recording-hook.json');
  const logPath = join(repo.dir, 'hooks.jsonl');
  writeFileSync(scriptPath, SCRIPT);
  writeFileSync(configPath, JSON.stringify({ ...options, logPath }));
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(scriptPath)} ${JSON.stringify(configPath)}`;
  const handler = { hooks: [{ type: 'command', command, timeout: 30 }] };
  const hooks = Object.fromEntries(
    HOOK_EVENTS.map((ev) => [ev, [TOOL_EVENTS.has(ev) ? { matcher: '*', ...handler } : handler]]),
  );
  repo.write('.claude/settings.json', `${JSON.stringify({ hooks }, null, 2)}\n`);
  return {
    logPath,
    read: () =>
      existsSync(logPath)
        ? readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as HookPayload)
        : [],
  };
}

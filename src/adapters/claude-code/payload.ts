import { posix } from 'node:path';
import type { Action } from '../../policy/index.ts';
import type { HookEvent } from '../../hooks/index.ts';

/** Thrown for a payload bosun cannot understand; on PreToolUse it becomes a deny. */
export class PayloadError extends Error {}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | null => (typeof o[k] === 'string' ? (o[k] as string) : null);

function need(o: Obj, k: string): string {
  const v = str(o, k);
  if (v === null || v === '') throw new PayloadError(`tool_input.${k} is missing or not a string`);
  return v;
}

const FILE_EDIT_TOOLS = new Set(['Write', 'Edit', 'MultiEdit']);

/** Claude Code tool call → policy actions. Tools bosun does not scope (TodoWrite, …) yield none. */
export function toolActions(tool: string, input: Obj, cwd: string): { actions: Action[]; target: string | null } {
  if (FILE_EDIT_TOOLS.has(tool)) {
    const p = need(input, 'file_path');
    return { actions: [{ kind: 'edit', path: p }], target: p };
  }
  switch (tool) {
    case 'NotebookEdit': {
      const p = need(input, 'notebook_path');
      return { actions: [{ kind: 'edit', path: p }], target: p };
    }
    case 'Read': {
      const p = need(input, 'file_path');
      return { actions: [{ kind: 'read', path: p }], target: p };
    }
    case 'Glob':
    case 'Grep':
    case 'LS': {
      const p = str(input, 'path') ?? cwd;
      return { actions: [{ kind: 'read', path: p }], target: p };
    }
    case 'Bash': {
      const c = need(input, 'command');
      return { actions: [{ kind: 'bash', command: c }], target: c };
    }
    case 'Agent':
    case 'Task': {
      const a = str(input, 'subagent_type') ?? 'general-purpose';
      return { actions: [{ kind: 'spawn', agent: a }], target: a };
    }
    case 'WebFetch': {
      const u = need(input, 'url');
      return { actions: [{ kind: 'web', url: u }], target: u };
    }
    case 'WebSearch': {
      const q = str(input, 'query') ?? '';
      return { actions: [{ kind: 'web', url: '' }], target: q };
    }
    default:
      if (tool.startsWith('mcp__')) return { actions: [{ kind: 'mcp', tool }], target: tool };
      return { actions: [], target: null };
  }
}

function proposedEdit(tool: string, input: Obj): HookEvent['proposed'] | undefined {
  if (tool === 'Write' && typeof input['content'] === 'string') return { content: input['content'] };
  const one = (o: Obj): { old: string; new: string; all: boolean } | null =>
    typeof o['old_string'] === 'string' && typeof o['new_string'] === 'string' ? { old: o['old_string'], new: o['new_string'], all: o['replace_all'] === true } : null;
  if (tool === 'Edit') {
    const r = one(input);
    return r ? { replacements: [r] } : undefined;
  }
  if (tool === 'MultiEdit' && Array.isArray(input['edits'])) {
    const rs = (input['edits'] as unknown[]).map((e) => (isObj(e) ? one(e) : null));
    return rs.every((r) => r !== null) ? { replacements: rs as Array<{ old: string; new: string; all: boolean }> } : undefined;
  }
  return undefined;
}

/** The text a tool produced: Bash's stdout and stderr, or a plain string response. */
function responseText(r: unknown): string {
  if (typeof r === 'string') return r;
  if (!isObj(r)) return '';
  return [str(r, 'stdout'), str(r, 'stderr')].filter((x): x is string => !!x).join('\n');
}

/** Validates and normalises a Claude Code hook payload. `event` comes from the command line. */
export function normalize(raw: unknown, event: string): HookEvent {
  if (!isObj(raw)) throw new PayloadError('the payload is not a JSON object');
  const cwdRaw = str(raw, 'cwd');
  if (!cwdRaw || !posix.isAbsolute(cwdRaw)) throw new PayloadError('cwd is missing or not an absolute path');
  const cwd = posix.normalize(cwdRaw);
  const named = str(raw, 'hook_event_name');
  if (named && named !== event) throw new PayloadError(`the payload is for ${named}, but the hook was called for ${event}`);
  const base: HookEvent = {
    harness: 'claude-code',
    event,
    sessionId: str(raw, 'session_id'),
    cwd,
    agentHint: str(raw, 'agent_type'),
    agentId: str(raw, 'agent_id'),
    tool: str(raw, 'tool_name'),
    actions: [],
    target: null,
    transcriptPath: str(raw, 'agent_transcript_path') ?? str(raw, 'transcript_path'),
  };
  if (event === 'PreToolUse' || event === 'PostToolUse' || event === 'PostToolUseFailure') {
    if (!base.tool) throw new PayloadError('tool_name is missing');
    const input = raw['tool_input'];
    if (!isObj(input)) throw new PayloadError('tool_input is missing or not an object');
    const { actions, target } = toolActions(base.tool, input, cwd);
    base.actions = actions;
    base.target = target;
    const proposed = proposedEdit(base.tool, input);
    if (proposed) base.proposed = proposed;
  }
  if (event === 'PostToolUse' || event === 'PostToolUseFailure') {
    const input = raw['tool_input'] as Obj;
    base.background = input['run_in_background'] === true;
    base.output = responseText(raw['tool_response']);
  }
  if (event === 'PostToolUseFailure') {
    const err = str(raw, 'error') ?? '';
    base.error = err;
    const m = /^Exit code (\d+)/.exec(err);
    base.exitCode = m ? Number(m[1]) : null;
    base.output = err;
  }
  if (typeof raw['duration_ms'] === 'number') base.durationMs = raw['duration_ms'];
  if (event === 'Stop' || event === 'SubagentStop') {
    base.stopHookActive = raw['stop_hook_active'] === true;
    base.lastAssistantMessage = str(raw, 'last_assistant_message');
  }
  return base;
}

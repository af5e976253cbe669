/**
 * Merges bosun's hooks into a Claude Code settings object (pure). Other keys and other tools' hooks
 * are kept as they are; bosun's own entries are recognised by their command and replaced in place,
 * so running it twice changes nothing.
 */

export const CLAUDE_EVENTS = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'SessionStart',
  'UserPromptSubmit',
  'SubagentStart',
  'SubagentStop',
  'Stop',
  'SessionEnd',
] as const;

const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);
const MARK = ' claude-code ';

type Json = Record<string, unknown>;

/**
 * Where the hook bundle is: its absolute path on this machine and, when bosun lives inside the project
 * (a dependency in node_modules, or bosun's own checkout), its path relative to the project root.
 */
export interface HookLocation {
  absolute: string;
  projectRelative: string | null;
}

const locate = (hook: string | HookLocation): HookLocation => (typeof hook === 'string' ? { absolute: hook, projectRelative: null } : hook);

/**
 * The shell command Claude Code runs for one event. No npx, no network, works from any cwd. When bosun is
 * inside the project, the command prefers `$CLAUDE_PROJECT_DIR/<path>` (so a committed settings file works
 * in every clone) and falls back to this machine's absolute path (a worktree without node_modules).
 */
export function hookCommand(hook: string | HookLocation, event: string): string {
  const loc = locate(hook);
  const base = loc.projectRelative
    ? `bosun_hook="$CLAUDE_PROJECT_DIR/${loc.projectRelative}"; [ -f "$bosun_hook" ] || bosun_hook="${loc.absolute}"; node "$bosun_hook"${MARK}${event}`
    : `node "${loc.absolute}"${MARK}${event}`;
  // exit 1 (node cannot start, bundle missing) would let the tool call through: turn it into a block.
  return event === 'PreToolUse' ? `${base} || exit 2` : base;
}

function isBosun(h: unknown): boolean {
  return typeof h === 'object' && h !== null && typeof (h as Json)['command'] === 'string' && /hook\.c?js"? claude-code |bosun_hook" claude-code |bosun hook claude-code /.test((h as Json)['command'] as string);
}

/** Hook timeouts in seconds. Stop hooks may run a check themselves: they get the check's timeout and a margin. */
export interface HookTimeouts {
  default: number;
  stop: number;
}

const DEFAULT_TIMEOUTS: HookTimeouts = { default: 30, stop: 360 };
const STOP_EVENTS = new Set(['Stop', 'SubagentStop']);

export function mergeHooks(settings: Json, hookJs: string | HookLocation, timeouts: HookTimeouts = DEFAULT_TIMEOUTS): Json {
  const out: Json = structuredClone(settings);
  const hooks: Json = typeof out['hooks'] === 'object' && out['hooks'] !== null ? (out['hooks'] as Json) : {};
  for (const event of CLAUDE_EVENTS) {
    const groups: unknown[] = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    const entry = { type: 'command', command: hookCommand(hookJs, event), timeout: STOP_EVENTS.has(event) ? timeouts.stop : timeouts.default };
    let placed = false;
    const kept: unknown[] = [];
    for (const g of groups) {
      if (typeof g !== 'object' || g === null || !Array.isArray((g as Json)['hooks'])) {
        kept.push(g);
        continue;
      }
      const inner = ((g as Json)['hooks'] as unknown[]).flatMap((h) => {
        if (!isBosun(h)) return [h];
        if (placed) return [];
        placed = true;
        return [entry];
      });
      if (inner.length > 0) kept.push({ ...(g as Json), hooks: inner });
    }
    if (!placed) kept.push(TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [entry] } : { hooks: [entry] });
    hooks[event] = kept;
  }
  out['hooks'] = hooks;
  return out;
}

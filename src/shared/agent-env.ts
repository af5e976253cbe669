/**
 * Environment markers that say a process runs inside an AI agent session. Human-only commands
 * (approvals) refuse to run when any is present.
 */
const MARKERS = [
  'BOSUN_AGENT', // set by `bosun run`
  'CLAUDECODE', // Claude Code sets CLAUDECODE=1 in every tool and hook process
  'CLAUDE_CODE_ENTRYPOINT',
  'CODEX_SANDBOX', // Codex CLI, inside its sandbox
  'CODEX_SANDBOX_NETWORK_DISABLED',
  'CODEX_THREAD_ID',
  'GEMINI_CLI', // Gemini CLI sets GEMINI_CLI=1 for shell commands
  'CURSOR_AGENT',
  'OPENCODE',
];

/** The agent markers present in `env` (empty: no sign of an agent). */
export function agentMarkers(env: Record<string, string | undefined>): string[] {
  return MARKERS.filter((k) => env[k] !== undefined && env[k] !== '');
}

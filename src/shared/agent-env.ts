/**
 * Environment markers that say a process runs inside an AI agent session. Human-only commands
 * (approvals) refuse to run when any is present. Not proof: the walls are the policy (agents may
 * not run those commands) and review in CI.
 */

/**
 * Variables that harnesses set in the environment of the commands their agents run. Explicit on purpose.
 * Not listed: CODEX_HOME (users export it themselves) and CURSOR_TRACE_ID (set in Cursor's editor
 * terminal for people too).
 */
export const AGENT_MARKERS: ReadonlyArray<{ name: string; harness: string }> = [
  { name: 'BOSUN_AGENT', harness: 'bosun run' },
  { name: 'CLAUDECODE', harness: 'Claude Code' },
  { name: 'CLAUDE_CODE_ENTRYPOINT', harness: 'Claude Code' },
  { name: 'CODEX_SANDBOX', harness: 'Codex CLI' },
  { name: 'CODEX_SANDBOX_NETWORK_DISABLED', harness: 'Codex CLI' },
  { name: 'CODEX_THREAD_ID', harness: 'Codex CLI' },
  { name: 'CODEX_CI', harness: 'Codex CLI' },
  { name: 'CODEX_SHELL', harness: 'Codex CLI' },
  { name: 'GEMINI_CLI', harness: 'Gemini CLI' },
  { name: 'CURSOR_AGENT', harness: 'Cursor agent' },
  { name: 'OPENCODE', harness: 'opencode' },
  { name: 'AI_AGENT', harness: 'an AI agent (AI_AGENT convention)' },
];

/** The agent markers set (non-empty) in `env`. */
export function agentMarkers(env: Readonly<Record<string, string | undefined>>): string[] {
  return AGENT_MARKERS.filter((m) => (env[m.name] ?? '') !== '').map((m) => `${m.name} (${m.harness})`);
}


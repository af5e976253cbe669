/**
 * Is a human at the keyboard? Re-locking sacred tests is a human's decision, so `bosun sacred approve`
 * refuses inside an agent session (the harnesses mark the environment of the commands they run) and
 * without an interactive terminal. Pure: environment and TTY state come in as parameters.
 *
 * Neither check is proof: an agent can unset variables or borrow a pty. They stop the honest mistake; the
 * walls are the policy (agents may not run `bosun sacred approve` nor write the lock) and review of the
 * lock in CI.
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

export interface HumanCheckInput {
  env: Readonly<Record<string, string | undefined>>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** `approve` needs a terminal; the initial `lock` does not (it only refuses agents). */
  requireTerminal: boolean;
}

export interface Refusal {
  code: 'E_AGENT_SESSION' | 'E_NOT_INTERACTIVE';
  message: string;
  hint: string;
}

export function humanRefusal(what: string, input: HumanCheckInput): Refusal | null {
  const markers = agentMarkers(input.env);
  if (markers.length) {
    return {
      code: 'E_AGENT_SESSION',
      message: `${what} refuses to run inside an agent session (${markers.join(', ')} set)`,
      hint: 'Sacred tests are re-locked by a person: run it yourself in your own terminal, outside the agent.',
    };
  }
  if (input.requireTerminal && !(input.stdinIsTTY && input.stdoutIsTTY)) {
    return {
      code: 'E_NOT_INTERACTIVE',
      message: `${what} needs an interactive terminal (stdin and stdout must be a TTY)`,
      hint: 'Run it by hand in a terminal: it shows what changed and asks you to confirm.',
    };
  }
  return null;
}

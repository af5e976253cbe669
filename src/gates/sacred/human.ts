/**
 * Is a human at the keyboard? Re-locking sacred tests is a human's decision, so `bosun sacred approve`
 * refuses inside an agent session (the harnesses mark the environment of the commands they run) and
 * without an interactive terminal. Pure: environment and TTY state come in as parameters.
 *
 * Neither check is proof: an agent can unset variables or borrow a pty. They stop the honest mistake; the
 * walls are the policy (agents may not run `bosun sacred approve` nor write the lock) and review of the
 * lock in CI.
 */

import { agentMarkers } from '../../shared/agent-env.ts';

export { AGENT_MARKERS, agentMarkers } from '../../shared/agent-env.ts';

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

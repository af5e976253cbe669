import type { Action, Decision } from '../policy/index.ts';

/** A harness event, normalised by an adapter. The pipeline never sees wire formats. */
export interface HookEvent {
  harness: string;
  /** Claude Code's spelling: PreToolUse, PostToolUse, PostToolUseFailure, SessionStart, UserPromptSubmit, SubagentStart, SubagentStop, Stop, SessionEnd. */
  event: string;
  sessionId: string | null;
  /** Absolute cwd of the session at the time of the event. */
  cwd: string;
  /** The harness's own name for the (sub)agent, e.g. Claude Code's `agent_type`. */
  agentHint: string | null;
  agentId: string | null;
  tool: string | null;
  /** What the tool call would do, in policy terms; empty for tools bosun does not scope. */
  actions: Action[];
  /** A short description of the tool's target for the ledger (path, command, url). */
  target: string | null;
  transcriptPath: string | null;
  /** What a file tool would write: Write's content, or Edit/MultiEdit's replacements. */
  proposed?: { content?: string; replacements?: Array<{ old: string; new: string; all: boolean }> };
  /** PostToolUseFailure and friends. */
  error?: string;
  exitCode?: number | null;
  durationMs?: number | null;
  /** PostToolUse / PostToolUseFailure of a shell command: its output (or the failure text). */
  output?: string;
  /** The command was started in the background: its result is not known yet. */
  background?: boolean;
  stopHookActive?: boolean;
  lastAssistantMessage?: string | null;
}

export type HookResponse =
  | { kind: 'none' }
  | { kind: 'decision'; decision: Decision }
  | { kind: 'context'; text: string }
  | { kind: 'block'; reason: string };

/** Everything impure the pipeline needs, passed in. */
export interface HookDeps {
  env: Record<string, string | undefined>;
  now: () => number;
  tempDirs: string[];
  home: string | null;
}

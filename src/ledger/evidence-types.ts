/** Evidence for stop verification: what ran, what changed, what bosun concluded. Times are epoch ms. */

export interface RunInput {
  /** When the command finished. */
  time: number;
  sessionId: string | null;
  agent: string;
  /** The subagent instance (Claude Code `agent_id`); null for the main agent. */
  agentId: string | null;
  source: 'agent' | 'bosun';
  command: string;
  cwd: string | null;
  /** The fleet check this command runs, when it runs one in full. */
  checkName: string | null;
  /** The command's exit status is not the check's (`npm test || true`). */
  masked: boolean;
  exitCode: number | null;
  durationMs: number | null;
  timedOut: boolean;
  /** The last few KB of output. */
  outputTail: string | null;
  summary: { runner: string; passed: number; failed: number; skipped: number; total: number } | null;
}

export interface RunRow extends RunInput {
  id: number;
}

export interface EditInput {
  time: number;
  sessionId: string | null;
  agent: string;
  agentId: string | null;
  tool: string;
  path: string;
}

export type VerdictKind = 'verified' | 'blocked' | 'unverified' | 'unchecked' | 'no-claims';

export interface VerdictInput {
  time: number;
  sessionId: string | null;
  agent: string;
  agentId: string | null;
  /** Stop, SubagentStop, or verify (the CLI). */
  event: string;
  verdict: VerdictKind;
  claims: unknown;
  details: unknown;
  reason: string;
}

export interface VerdictRow extends Omit<VerdictInput, 'claims' | 'details'> {
  id: number;
  claims: unknown;
  details: unknown;
}

export interface BaselineInput {
  time: number;
  checkName: string;
  total: number;
  approvedBy: string;
  reason: string;
}

export interface EvidenceQueries {
  recordRun(r: RunInput): void;
  recordEdit(e: EditInput): void;
  recordVerdict(v: VerdictInput): void;
  recordBaseline(b: BaselineInput): void;
  /** Runs of a session, oldest first. */
  sessionRuns(sessionId: string): RunRow[];
  /** Time of the session's last edit (any agent of the session), or null. */
  lastEditTime(sessionId: string): number | null;
  /** Verdicts of a session (optionally one agent instance), oldest first. */
  sessionVerdicts(sessionId: string, agentId?: string | null): VerdictRow[];
  /**
   * The test count a passing run of `checkName` must reach: the largest total of a passing run since
   * the last human-approved baseline (or that baseline), or null when none is known.
   */
  baseline(checkName: string, before: number): number | null;
  /** Time of the session's last UserPromptSubmit event, or null. */
  lastPromptTime(sessionId: string): number | null;
}

import type { ShellAnalysis } from './shell/types.ts';

/** What an agent wants to do, normalised from any harness's tool call. */
export type Action =
  | { kind: 'read'; path: string }
  | { kind: 'edit'; path: string; change?: { before: string | null; after: string | null } }
  | { kind: 'bash'; command: string }
  | { kind: 'spawn'; agent: string }
  | { kind: 'web'; url: string }
  | { kind: 'mcp'; tool: string };

export type Verdict = 'allow' | 'deny' | 'ask';

/** Stable names of the rules that can fire; `bosun log` and `--json` show them. */
export type RuleName =
  | 'unknown-agent'
  | 'self-protection'
  | 'sacred'
  | 'ownership'
  | 'outside-repo'
  | 'edit-scope'
  | 'read-scope'
  | 'autonomy'
  | 'skip-hooks'
  | 'hooks-path'
  | 'force-push'
  | 'run-scope'
  | 'read-only-agent'
  | 'unknown-effects'
  | 'protected-mention'
  | 'spawn-scope'
  | 'web-scope'
  | 'mcp-scope'
  | 'invalid-input'
  | 'guard-error'
  | 'human-only';

export interface Decision {
  decision: Verdict;
  rule: RuleName;
  /** Addressed to the agent: what was refused, why, and what it may do instead. */
  reason: string;
  /** The repo-relative (or absolute, outside the repo) target the rule fired on, when there is one. */
  target?: string;
}

/** Facts about the place the action happens, passed in so `evaluate` stays pure. */
export interface PolicyContext {
  /** Absolute path of the worktree root the session works in. */
  repoRoot: string;
  /** Absolute cwd of the session (Claude Code's `cwd`); relative paths resolve against it. */
  cwd: string;
  /** Absolute git dir of this worktree and the common git dir (same for the main worktree). */
  gitDir: string;
  commonDir: string;
  /** Absolute temp directories writable by every agent (os.tmpdir(), /tmp). */
  tempDirs: string[];
  home: string | null;
  /** Optional pre-computed shell analysis of the action's command (the hook analyses each command line once). */
  shell?: ShellAnalysis;
}

/**
 * The resolved fleet: what `.bosun/fleet.yaml` means after validation and defaults.
 * Keys keep the fleet file's spelling so `bosun fleet show --json` reads like the file.
 */
export type Autonomy = 'plan-only' | 'review' | 'auto-apply';
export const AUTONOMY_MODES: readonly Autonomy[] = ['plan-only', 'review', 'auto-apply'];

export interface AgentSpec {
  name: string;
  role: string;
  autonomy: Autonomy;
  /** Globs (repo-relative) the agent may read. Default: everything. */
  read: string[];
  /** Globs (repo-relative) the agent may create, change or delete. Default: nothing. */
  edit: string[];
  /** Command patterns (`npm *`, `git log *`) the agent may run. Default: none. */
  run: string[];
  /** Fleet agents this agent may spawn as subagents. Default: every agent in the fleet. */
  spawn: string[];
  /** Host globs for WebFetch/WebSearch. Default: any host. */
  web: string[];
  /** MCP tool globs (`mcp__server__tool`). Default: all for agents that may edit, none otherwise. */
  mcp: string[];
}

export interface OwnershipRule {
  pattern: string;
  owners: string[];
}

export interface PolicySettings {
  /** What to answer for a command whose effects bosun cannot determine, for agents that may edit. */
  unknown_command: 'deny' | 'ask';
  /** Absolute-path globs outside the repository that agents may write (besides /dev/null and the temp dir). */
  outside_repo_edit: string[];
}

export interface MemorySettings {
  budget: { lines: number; bytes: number };
  core: string[];
  /** Close-out checklist at the end of a session that edited files. */
  closeout: 'ask' | 'off';
  /** Lessons of this workspace travel to others through `bosun lessons sync`. */
  share: boolean;
}

/** Plain data as it comes out of YAML/JSON: what `gates` and `deploy` hold until their issues define them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What an agent's final message can claim; each kind is proven by checks (see `verify.claims`). */
export const CLAIM_KINDS = ['tests-pass', 'build-clean', 'typecheck-clean', 'lint-clean', 'fixed', 'done', 'ci-green', 'deployed', 'merged'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** The checks that prove a claim when the fleet file does not say (filtered to the checks that exist). */
export const DEFAULT_CLAIM_CHECKS: Record<ClaimKind, string[]> = {
  'tests-pass': ['test'],
  'build-clean': ['build'],
  'typecheck-clean': ['typecheck'],
  'lint-clean': ['lint'],
  fixed: ['test'],
  done: ['test'],
  'ci-green': [],
  deployed: [],
  merged: [],
};

export interface VerifySettings {
  /** Claim kind -> check names, defaults filled in and filtered to defined checks. */
  claims: Record<ClaimKind, string[]>;
  max_blocks: number;
  timeout_seconds: number;
}

export interface Fleet {
  version: 1;
  default_agent: string;
  steward: string | null;
  checks: Record<string, string>;
  verify: VerifySettings;
  agents: Record<string, AgentSpec>;
  /** Harness subagent names (Claude Code's Explore, general-purpose) -> fleet agent names. */
  aliases: Record<string, string>;
  ownership: OwnershipRule[];
  protected: { sacred: string[]; human_review: string[] };
  memory: MemorySettings;
  policy: PolicySettings;
  /** Reserved for gates: free-form, checked only for being a mapping. `parseFleet` always sets it (`{}` when absent). */
  gates?: JsonObject;
  /** Reserved for deploy: free-form, checked only for being a mapping. `parseFleet` always sets it (`{}` when absent). */
  deploy?: JsonObject;
}

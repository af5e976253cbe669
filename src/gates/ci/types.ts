/** Types of the CI gate (issue 5 §3): the config read from `gates.ci` / `deploy.<env>.ci` and the verdict. */

export type CiProviderName = 'github' | 'gitlab' | 'local';

export type CheckState = 'success' | 'failure' | 'pending' | 'skipped' | 'neutral' | 'missing' | 'cancelled' | 'error';

export interface GithubCiConfig {
  readonly provider: 'github';
  readonly keyPath?: string;
  /** Check names (status contexts or check-run names) that must succeed; empty: read branch protection. */
  readonly required: readonly string[];
  /** Default: env GITHUB_API_URL, else https://api.github.com. */
  readonly apiUrl?: string;
  /** owner/name; default: env GITHUB_REPOSITORY. */
  readonly repository?: string;
  /** Name of the env variable holding the token; default GITHUB_TOKEN. */
  readonly tokenEnv?: string;
  /** Branch whose protection lists the required checks when `required` is empty; default: the repository's default branch. */
  readonly branch?: string;
}

export interface GitlabCiConfig {
  readonly provider: 'gitlab';
  readonly keyPath?: string;
  /** Job names that must succeed; empty: every job of the pipeline that may not fail. */
  readonly required: readonly string[];
  /** Default: env CI_API_V4_URL, else https://gitlab.com/api/v4. */
  readonly apiUrl?: string;
  /** Numeric id or path (group/project); default: env CI_PROJECT_ID. */
  readonly projectId?: string;
  /** Default GITLAB_TOKEN. */
  readonly tokenEnv?: string;
}

export interface LocalCiConfig {
  readonly provider: 'local';
  /** Where the configuration came from (`gates.ci`, `deploy.staging.ci`), for messages. */
  readonly keyPath?: string;
  /** Checks recorded with `bosun ci record` that must be `success` for the SHA. */
  readonly required: readonly string[];
}

export type CiConfig = GithubCiConfig | GitlabCiConfig | LocalCiConfig;

export interface CiCheck {
  readonly name: string;
  readonly state: CheckState;
  readonly required: boolean;
  readonly url?: string;
  /** Visible but not blocking, e.g. a GitLab `allow_failure` job that failed. */
  readonly warning?: string;
}

export interface CiVerdict {
  /** True ONLY when every required check concluded `success` for exactly `sha`. */
  readonly green: boolean;
  readonly sha: string;
  readonly provider: CiProviderName;
  readonly checks: readonly CiCheck[];
  /** Why not green; empty when green. */
  readonly reasons: readonly string[];
  /**
   * True when polling cannot change the answer (a required check concluded other than success, the
   * configuration names no required check, the repository is unknown); false while something may still
   * arrive or recover (pending, missing, an API error, rate limiting).
   */
  readonly settled?: boolean;
}

export interface CiStatusOptions {
  readonly config: CiConfig;
  /** The full 40- (or 64-) hex commit id. */
  readonly sha: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly repo: { readonly root: string; readonly commonDir: string };
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/** One thing a provider saw for the commit: a status, a check run, a job, a recorded result. Several may share a name. */
export interface Observation {
  readonly name: string;
  readonly state: CheckState;
  readonly url?: string;
  /** Shown next to the check (a GitLab `allow_failure` job that failed, a timed-out run…). */
  readonly warning?: string;
  /** Required even when not in the configured list (GitLab's whole-pipeline check). */
  readonly required?: boolean;
}

/** Ledger API for issue 5 §4: deploys and their steps. Times are epoch ms. */

export type DeployStatus = 'running' | 'succeeded' | 'failed' | 'refused';
export type DeployStepStatus = 'ok' | 'failed' | 'skipped';

export interface DeployStartInput {
  time: number;
  env: string;
  /** HEAD when the deploy started (null outside a commit, e.g. an unborn branch). */
  sha: string | null;
  /** Who ran it: `user@host` of the process. */
  actor: string;
  /** Agent-session markers present in the environment (empty for a person's terminal). */
  agentMarkers: string[];
}

export interface DeployStepInput {
  deployId: number;
  step: string;
  status: DeployStepStatus;
  startedAt: number;
  durationMs: number;
  summary: string;
  details?: unknown;
}

export interface DeployFinishInput {
  deployId: number;
  time: number;
  status: Exclude<DeployStatus, 'running'>;
  failedStep: string | null;
  reason: string | null;
  backupFile: string | null;
  restoreCommand: string | null;
}

export interface DeployStepRow {
  id: number;
  step: string;
  status: DeployStepStatus;
  startedAt: number;
  durationMs: number;
  summary: string;
  details: unknown;
}

export interface DeployRow {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  env: string;
  sha: string | null;
  actor: string;
  agentMarkers: string[];
  status: DeployStatus;
  failedStep: string | null;
  reason: string | null;
  backupFile: string | null;
  restoreCommand: string | null;
  steps: DeployStepRow[];
}

export interface DeployQuery {
  env?: string;
  /** Most recent N deploys (default DEFAULT_LIMIT), returned oldest first. */
  limit?: number;
}

export interface DeployQueries {
  /** Records a deploy as `running`; returns its id. */
  startDeploy(d: DeployStartInput): number;
  recordDeployStep(s: DeployStepInput): void;
  finishDeploy(f: DeployFinishInput): void;
  listDeploys(q?: DeployQuery): DeployRow[];
}

/** Ledger API for issue 5 §3: CI results recorded with `bosun ci record` (local provider). */

export type CiResultState = 'success' | 'failure';

export interface CiResultInput {
  /** Epoch milliseconds. */
  time: number;
  /** Full lowercase hex commit id (40 or 64 characters). */
  sha: string;
  check: string;
  state: CiResultState;
  /** Who recorded it (git identity, CI job id…), free text. */
  recordedBy: string | null;
  url: string | null;
}

export interface CiResultRow extends CiResultInput {
  id: number;
}

export interface CiQueries {
  recordCiResult(r: CiResultInput): CiResultRow;
  /** The current result of each check for `sha`: the latest record per check (time, then id), sorted by check name. */
  ciResults(sha: string): CiResultRow[];
  /** Every record for `sha`, oldest first (superseded ones included). */
  ciHistory(sha: string): CiResultRow[];
}

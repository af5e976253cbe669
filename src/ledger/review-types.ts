/** Ledger API for issue 5 §2: human review approvals. */

/** One staged index entry as `git diff --cached --raw --no-renames` reports it. */
export interface ReviewChange {
  /** Repo-relative, `/`-separated. */
  path: string;
  /** git's status letter: A added, M modified, D deleted, T type changed, U unmerged, X unknown. */
  status: 'A' | 'M' | 'D' | 'T' | 'U' | 'X';
  /** Octal modes as git prints them (`000000` when absent). */
  oldMode: string;
  newMode: string;
  /** Blob ids (all zeros when absent: the old side of an addition, the new side of a deletion). */
  oldBlob: string;
  newBlob: string;
}

export interface ReviewApprovalInput {
  /** Epoch ms. */
  time: number;
  gitName: string;
  gitEmail: string;
  osUser: string;
  reason: string;
  /** HEAD when approved (null on an unborn branch). */
  head: string | null;
  /** The worktree the approval was made in. */
  worktree: string;
  changes: readonly ReviewChange[];
}

export interface ReviewApprovalRow {
  id: number;
  time: number;
  /** `user.name <user.email>`. */
  approver: string;
  gitName: string;
  gitEmail: string;
  osUser: string;
  reason: string;
  head: string | null;
  worktree: string;
  changes: ReviewChange[];
}

export interface ReviewQueries {
  /** Records an approval and its changes in one transaction; returns its id. */
  recordReviewApproval(a: ReviewApprovalInput): number;
  /** The newest approval covering exactly this change (path, status, modes and blob ids), or null. */
  reviewApprovalFor(change: ReviewChange): ReviewApprovalRow | null;
  /** Approvals, newest first (default 50), optionally only those touching `path`. */
  listReviewApprovals(q?: { limit?: number; path?: string }): ReviewApprovalRow[];
}

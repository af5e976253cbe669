/** Ledger API for issue 4 §4: close-outs done per session, checklist asked. Times are epoch ms. */

export interface CloseoutSession {
  id: string;
  harness: string;
  cwd: string;
  agent: string | null;
  transcriptPath: string | null;
  startedAt: number;
  lastSeenAt: number;
  endedAt: number | null;
  /** When `bosun closeout` last mined it, or null. */
  minedAt: number | null;
}

export interface CloseoutRow {
  sessionId: string;
  checklistAt: number | null;
  claimedAt: number | null;
  minedAt: number | null;
  candidates: number | null;
  error: string | null;
}

export interface CloseoutQueries {
  /**
   * Records that the Stop checklist was asked for the session. True only for the call that recorded it:
   * two Stop hooks racing ask once.
   */
  claimChecklist(sessionId: string, time: number): boolean;
  /** Distinct paths the session edited (every agent of the session), in first-edit order. */
  sessionEditedPaths(sessionId: string): string[];
  /**
   * Sessions whose close-out is due: quiet (ended, or not seen for `idleMs`), with activity after the
   * last mining (or never mined), not claimed by another close-out in the last `claimTtlMs`. Newest first.
   */
  pendingCloseouts(q: { now: number; idleMs: number; claimTtlMs: number; limit: number }): CloseoutSession[];
  /** Claims a session for mining; false when another close-out holds a fresh claim. */
  claimCloseout(sessionId: string, time: number, claimTtlMs: number): boolean;
  /** Marks the session mined (clears the claim). `error` records why mining could not finish. */
  markMined(sessionId: string, r: { time: number; candidates: number; error: string | null }): void;
  closeoutRow(sessionId: string): CloseoutRow | null;
  /** One session with its close-out state, by full id or unique prefix; null when unknown. */
  closeoutSession(idOrPrefix: string): CloseoutSession | null;
  /** Deny decisions of a session, oldest first. */
  sessionDenials(sessionId: string): Array<{ time: number; agent: string; tool: string; target: string | null; rule: string; reason: string }>;
}

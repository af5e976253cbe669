/** What close-out mining finds and files. Times are epoch milliseconds. */

export const CANDIDATE_KINDS = ['denied', 'failed-then-fixed', 'repeated-failure', 'correction', 'reverted-edit', 'stated'] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

/** Where a candidate came from: enough for a reviewer to find the moment in the transcript. */
export interface Provenance {
  sessionId: string;
  /** Time of the evidence (from the transcript line or the ledger row); null when unknown. */
  time: number | null;
  /** A short excerpt of what happened (the command and its error, the user's words, the deny reason). */
  evidence: string;
  /** The (sub)agent that acted, when known: `main`, or a subagent's type/id. */
  agent: string | null;
  /** The transcript file and line (1-based), or `ledger` for a decision row. */
  source: string | null;
}

/** A lesson the miner proposes; a person accepts, edits or rejects it with `bosun lessons review`. */
export interface Candidate {
  /** Stable across sessions for the same finding: the inbox de-duplicates on it. */
  id: string;
  kind: CandidateKind;
  /** The proposed lesson, one line, for the reviewer to accept or edit. */
  text: string;
  /** A suggested topic for the index. */
  topic: string;
  /** What makes two findings the same (normalised); `id` is its hash. */
  key: string;
  provenance: Provenance;
}

/** A ledger decision row as the miner needs it. */
export interface DeniedDecision {
  time: number;
  agent: string;
  tool: string;
  target: string | null;
  rule: string;
  reason: string;
}

/** A candidate in the inbox: the first sighting and every later one (capped). */
export interface InboxEntry {
  id: string;
  kind: CandidateKind;
  text: string;
  topic: string;
  key: string;
  status: 'pending' | 'accepted' | 'rejected';
  filedAt: number;
  sightings: Provenance[];
  /** Set when reviewed. */
  resolution?: { at: number; by: string | null; lessonId?: string | null; note?: string | null; originalText?: string };
}

import type { MemoryQueries } from './memory-types.ts';
import type { CloseoutQueries } from './closeout-types.ts';
import type { ReviewQueries } from './review-types.ts';
import type { CiQueries } from './ci-types.ts';
import type { DeployQueries } from './deploy-types.ts';
import type { EvidenceQueries } from './evidence-types.ts';
/** What goes into and comes out of the ledger. Times are epoch milliseconds supplied by the caller. */

export type LedgerVerdict = 'allow' | 'deny' | 'ask';

export interface DecisionInput {
  time: number;
  sessionId: string | null;
  agent: string;
  harness: string;
  tool: string;
  target: string | null;
  decision: LedgerVerdict;
  rule: string;
  reason: string;
}

export interface DecisionRow extends DecisionInput {
  id: number;
}

export interface EventInput {
  time: number;
  sessionId: string | null;
  agent: string | null;
  harness: string;
  /** The normalised hook event: `session-start`, `pre-tool`, `post-tool`, `stop`, … */
  event: string;
  tool?: string | null;
  target?: string | null;
  /** Anything JSON-serialisable; stored as JSON text. */
  data?: unknown;
}

export interface EventRow {
  id: number;
  time: number;
  sessionId: string | null;
  agent: string | null;
  harness: string;
  event: string;
  tool: string | null;
  target: string | null;
  data: unknown;
}

/** An upsert: the first touch creates the session, later ones fill in what was unknown and move `lastSeenAt`. */
export interface SessionTouch {
  id: string;
  time: number;
  harness: string;
  cwd: string;
  worktree?: string | null;
  agent?: string | null;
  transcriptPath?: string | null;
  /** The harness reported the session's end (stop / session-end). */
  ended?: boolean;
}

export interface SessionRow {
  id: string;
  harness: string;
  cwd: string;
  worktree: string | null;
  agent: string | null;
  transcriptPath: string | null;
  startedAt: number;
  lastSeenAt: number;
  endedAt: number | null;
}

export interface FleetChangeInput {
  time: number;
  hash: string;
  previousHash: string | null;
  sessionId: string | null;
  agent: string | null;
  /** True when an agent's own tool call made the change; false when it was seen from outside (a human, git). */
  byAgent: boolean;
  file: string;
}

export interface FleetChangeRow extends FleetChangeInput {
  id: number;
}

/** Filters shared by decision queries and summaries. `session` matches a full id or a prefix of one. */
export interface DecisionFilter {
  session?: string;
  agent?: string;
  /** Inclusive lower bound, epoch ms. */
  since?: number;
}

export interface DecisionQuery extends DecisionFilter {
  /** Most recent N (default 50). Rows come back oldest first. */
  limit?: number;
}

export interface DecisionSummary {
  total: number;
  allow: number;
  deny: number;
  ask: number;
  byRule: Record<string, number>;
}

/** Everything one hook invocation writes, committed as one transaction. */
export interface HookCallRecord {
  session?: SessionTouch;
  event?: EventInput;
  decision?: DecisionInput;
}

export interface Ledger extends EvidenceQueries, MemoryQueries, CloseoutQueries, ReviewQueries, CiQueries, DeployQueries {
  /** Absolute path of the database file. */
  readonly path: string;
  recordDecision(d: DecisionInput): void;
  recordEvent(e: EventInput): void;
  touchSession(s: SessionTouch): void;
  recordHookCall(r: HookCallRecord): void;
  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction; `fn` must be synchronous. Nested calls become savepoints. */
  batch<T>(fn: () => T): T;
  lastFleetHash(): string | null;
  recordFleetChange(c: FleetChangeInput): void;
  /**
   * Records a fleet change only when `hash` differs from the last recorded one, reading and writing in one
   * transaction so two hooks noticing the same edit record it once. Returns the new row, or null if unchanged.
   */
  noteFleetHash(c: Omit<FleetChangeInput, 'previousHash'>): FleetChangeRow | null;
  queryDecisions(q?: DecisionQuery): DecisionRow[];
  queryEvents(q?: { session?: string; limit?: number }): EventRow[];
  querySessions(q?: { limit?: number }): SessionRow[];
  queryFleetChanges(q?: { limit?: number }): FleetChangeRow[];
  summary(q?: DecisionFilter): DecisionSummary;
  close(): void;
}

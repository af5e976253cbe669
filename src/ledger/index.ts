/**
 * The evidence ledger: one SQLite file (WAL) at `<git common dir>/bosun/ledger.db`, shared by every worktree
 * and written from hook processes on every tool call. Callers pass times in; nothing here reads the clock.
 */
export { openLedger, ledgerPath, DEFAULT_BUSY_TIMEOUT_MS } from './open.ts';
export type { OpenLedgerOptions } from './open.ts';
export { LEDGER_ERROR } from './errors.ts';
export { fleetHash } from './fleet-hash.ts';
export { DEFAULT_LIMIT } from './queries.ts';
export type {
  DecisionFilter,
  DecisionInput,
  DecisionQuery,
  DecisionRow,
  DecisionSummary,
  EventInput,
  EventRow,
  FleetChangeInput,
  FleetChangeRow,
  HookCallRecord,
  Ledger,
  LedgerVerdict,
  SessionRow,
  SessionTouch,
} from './types.ts';
export type { BaselineInput, EditInput, EvidenceQueries, RunInput, RunRow, VerdictInput, VerdictKind, VerdictRow } from './evidence-types.ts';
export type * from './memory-types.ts';
export type * from './closeout-types.ts';
export type * from './review-types.ts';
export type * from './ci-types.ts';
export type * from './deploy-types.ts';

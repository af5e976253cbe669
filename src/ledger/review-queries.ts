import type { StatementCache } from './statements.ts';
import type { ReviewQueries } from './review-types.ts';

/** Ledger API for issue 5 §2: human review approvals. */
export function reviewQueries(_s: StatementCache, _path: string): ReviewQueries {
  return {};
}

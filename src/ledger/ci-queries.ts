import type { StatementCache } from './statements.ts';
import type { CiQueries } from './ci-types.ts';

/** Ledger API for issue 5 §3: CI results recorded with `bosun ci record` (local provider). */
export function ciQueries(_s: StatementCache, _path: string): CiQueries {
  return {};
}

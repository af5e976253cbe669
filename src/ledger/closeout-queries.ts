import type { StatementCache } from './statements.ts';
import type { CloseoutQueries } from './closeout-types.ts';

/** Ledger API for issue 4 §4: close-outs done per session, checklist asked. */
export function closeoutQueries(_s: StatementCache, _path: string): CloseoutQueries {
  return {};
}

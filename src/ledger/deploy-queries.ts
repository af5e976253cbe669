import type { StatementCache } from './statements.ts';
import type { DeployQueries } from './deploy-types.ts';

/** Ledger API for issue 5 §4: deploys and their steps. */
export function deployQueries(_s: StatementCache, _path: string): DeployQueries {
  return {};
}

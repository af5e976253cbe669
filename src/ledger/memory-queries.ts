import type { StatementCache } from './statements.ts';
import type { MemoryQueries } from './memory-types.ts';

/** Ledger API for issue 4 §3: memory debts from edits of memory.core files. */
export function memoryQueries(_s: StatementCache, _path: string): MemoryQueries {
  return {};
}

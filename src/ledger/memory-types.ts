/** Ledger API for issue 4 §3: memory debts from edits of memory.core files. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryQueries {}

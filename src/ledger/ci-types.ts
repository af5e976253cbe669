/** Ledger API for issue 5 §3: CI results recorded with `bosun ci record` (local provider). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CiQueries {}

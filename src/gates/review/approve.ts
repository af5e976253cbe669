/**
 * `bosun review approve`: a person approves the staged content of human_review paths. The CLI checks that a
 * person is at a terminal (`humanRefusal`); this module plans what is approved and records it, bound to the
 * blob ids, so an agent's commit of other content of the same path is still refused.
 */
import { globMatch } from '../../policy/index.ts';
import { openLedger, type ReviewApprovalRow, type ReviewChange } from '../../ledger/index.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { gitConfig } from '../git-hooks/git.ts';
import type { ReviewedItem } from './changes.ts';
import { headCommit, reviewScope, withApprovals, type RepoPaths } from './scope.ts';

export interface ReviewApprovalPlan {
  globs: string[];
  /** Staged human_review changes selected (by --paths, or all), not yet approved: what approving records. */
  pending: ReviewedItem[];
  /** Selected changes an approval already covers. */
  approved: ReviewedItem[];
  notices: string[];
}

export interface ReviewIdentity {
  gitName: string;
  gitEmail: string;
  osUser: string;
}

/**
 * Plans an approval of the staged human_review changes; `paths` (repo-relative paths, directories or globs)
 * narrow it, and each must select at least one of them (a typo must not approve nothing silently).
 */
export async function planReviewApproval(repo: RepoPaths & { paths?: readonly string[] }): Promise<ReviewApprovalPlan> {
  const scope = await reviewScope(repo);
  let items = scope.items;
  if (repo.paths !== undefined) {
    const unmatched = repo.paths.filter((p) => !items.some((i) => globMatch(p, i.change.path)));
    if (unmatched.length) {
      const staged = items.map((i) => i.change.path);
      throw usageError(
        `review approve: no staged change to a protected.human_review path matches ${unmatched.map((p) => `"${p}"`).join(', ')}`,
        staged.length ? `Staged human_review changes: ${staged.join(', ')}. \`bosun review status\` lists them.` : 'Nothing under protected.human_review is staged: `git add` the change first, then approve it.',
      );
    }
    const wanted = repo.paths;
    items = items.filter((i) => wanted.some((p) => globMatch(p, i.change.path)));
  }
  if (items.length === 0) return { globs: scope.globs, pending: [], approved: [], notices: scope.notices };
  const ledger = openLedger({ commonDir: repo.commonDir });
  try {
    const reviewed = withApprovals(items, ledger);
    return { globs: scope.globs, pending: reviewed.filter((i) => !i.approval), approved: reviewed.filter((i) => i.approval), notices: scope.notices };
  } finally {
    ledger.close();
  }
}

/** git's user.name and user.email (the approver must be named), and the OS login given by the caller. */
export function reviewIdentity(repoRoot: string, osUser: string): ReviewIdentity {
  const gitName = gitConfig(repoRoot, 'user.name');
  const gitEmail = gitConfig(repoRoot, 'user.email');
  if (!gitName || !gitEmail) {
    throw new BosunError({
      code: 'E_NO_IDENTITY',
      message: 'the approver is recorded by git identity, and user.name or user.email is not set',
      hint: 'git config --global user.name "Your Name" && git config --global user.email you@example.com',
      exitCode: EXIT.usage,
    });
  }
  return { gitName, gitEmail, osUser };
}

export interface RecordReviewOptions extends RepoPaths {
  plan: ReviewApprovalPlan;
  identity: ReviewIdentity;
  reason: string;
  /** Epoch ms. */
  time: number;
}

/** Records the approval (table review_approvals, and a `review-approve` event for `bosun log`); returns it. */
export function recordReviewApproval(opts: RecordReviewOptions): ReviewApprovalRow {
  const changes: ReviewChange[] = opts.plan.pending.map((i) => i.change);
  const head = headCommit(opts.repoRoot);
  const ledger = openLedger({ commonDir: opts.commonDir });
  try {
    const input = { time: opts.time, ...opts.identity, reason: opts.reason, head, worktree: opts.repoRoot, changes };
    const approver = `${opts.identity.gitName} <${opts.identity.gitEmail}>`;
    const id = ledger.batch(() => {
      const id = ledger.recordReviewApproval(input);
      ledger.recordEvent({
        time: opts.time,
        sessionId: null,
        agent: null,
        harness: 'cli',
        event: 'review-approve',
        target: changes.length === 1 ? changes[0]!.path : null,
        data: { approval: id, approver, osUser: opts.identity.osUser, reason: opts.reason, changes },
      });
      return id;
    });
    return { id, approver, ...input };
  } finally {
    ledger.close();
  }
}

import { guarded, type StatementCache } from './statements.ts';
import type { ReviewApprovalRow, ReviewChange, ReviewQueries } from './review-types.ts';

const APPROVAL_COLUMNS = `a.id, a.time, a.approver, a.git_name AS gitName, a.git_email AS gitEmail, a.os_user AS osUser, a.reason, a.head, a.worktree`;
const CHANGE_COLUMNS = `path, status, old_mode AS oldMode, new_mode AS newMode, old_blob AS oldBlob, new_blob AS newBlob`;

type ApprovalHead = Omit<ReviewApprovalRow, 'changes'>;

const DEFAULT_LIMIT = 50;

/** Ledger API for issue 5 §2: human review approvals bound to staged blob ids. */
export function reviewQueries(s: StatementCache, path: string): ReviewQueries {
  const changesOf = (id: number): ReviewChange[] =>
    s.all<ReviewChange>(`SELECT ${CHANGE_COLUMNS} FROM review_approved_changes WHERE approval_id = @id ORDER BY path`, { id });
  const withChanges = (a: ApprovalHead): ReviewApprovalRow => ({ ...a, changes: changesOf(a.id) });

  return {
    recordReviewApproval: (a) => {
      if (!Number.isSafeInteger(a.time)) throw new RangeError(`ledger times are integer epoch milliseconds, got ${a.time}`);
      if (a.changes.length === 0) throw new RangeError('a review approval covers at least one change');
      return guarded(path, 'recording a review approval', () => {
        // a savepoint (not db.transaction, which this module does not hold) so approval and changes land together
        s.run('SAVEPOINT review_approval', {});
        try {
          const info = s.run(
            `INSERT INTO review_approvals (time, approver, git_name, git_email, os_user, reason, head, worktree)
             VALUES (@time, @approver, @gitName, @gitEmail, @osUser, @reason, @head, @worktree)`,
            { time: a.time, approver: `${a.gitName} <${a.gitEmail}>`, gitName: a.gitName, gitEmail: a.gitEmail, osUser: a.osUser, reason: a.reason, head: a.head, worktree: a.worktree },
          );
          const id = Number(info.lastInsertRowid);
          for (const c of a.changes) {
            s.run(
              `INSERT INTO review_approved_changes (approval_id, path, status, old_mode, new_mode, old_blob, new_blob)
               VALUES (@id, @path, @status, @oldMode, @newMode, @oldBlob, @newBlob)`,
              { id, ...c },
            );
          }
          s.run('RELEASE review_approval', {});
          return id;
        } catch (err) {
          try {
            s.run('ROLLBACK TO review_approval', {});
            s.run('RELEASE review_approval', {});
          } catch {
            // SQLite already rolled the transaction back (disk full, I/O error): the original error says why
          }
          throw err;
        }
      });
    },
    reviewApprovalFor: (c) =>
      guarded(path, 'reading review approvals', () => {
        const a = s.get<ApprovalHead>(
          `SELECT ${APPROVAL_COLUMNS} FROM review_approved_changes c JOIN review_approvals a ON a.id = c.approval_id
           WHERE c.path = @path AND c.status = @status AND c.old_mode = @oldMode AND c.new_mode = @newMode
             AND c.old_blob = @oldBlob AND c.new_blob = @newBlob
           ORDER BY a.time DESC, a.id DESC LIMIT 1`,
          { ...c },
        );
        return a ? withChanges(a) : null;
      }),
    listReviewApprovals: (q = {}) =>
      guarded(path, 'reading review approvals', () => {
        const limit = q.limit ?? DEFAULT_LIMIT;
        const rows =
          q.path === undefined
            ? s.all<ApprovalHead>(`SELECT ${APPROVAL_COLUMNS} FROM review_approvals a ORDER BY a.time DESC, a.id DESC LIMIT @limit`, { limit })
            : s.all<ApprovalHead>(
                `SELECT ${APPROVAL_COLUMNS} FROM review_approvals a
                 WHERE EXISTS (SELECT 1 FROM review_approved_changes c WHERE c.approval_id = a.id AND c.path = @path)
                 ORDER BY a.time DESC, a.id DESC LIMIT @limit`,
                { limit, path: q.path },
              );
        return rows.map(withChanges);
      }),
  };
}

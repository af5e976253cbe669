/**
 * Migration 5 (issue 5 §2: human review approvals). Never edit once shipped; append a new migration.
 *
 * An approval is bound to content: per path, the index entry it covers (mode and blob id, before and after;
 * a deletion has the all-zero id as its new blob). A later, different staged content of the path is not
 * covered. `approver` is git's `user.name <user.email>`; `os_user` the login that ran the command.
 */
export const REVIEW_MIGRATION = `
  CREATE TABLE review_approvals (
    id        INTEGER PRIMARY KEY,
    time      INTEGER NOT NULL,
    approver  TEXT NOT NULL,
    git_name  TEXT NOT NULL,
    git_email TEXT NOT NULL,
    os_user   TEXT NOT NULL,
    reason    TEXT NOT NULL,
    head      TEXT,
    worktree  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX review_approvals_time ON review_approvals(time);

  CREATE TABLE review_approved_changes (
    approval_id INTEGER NOT NULL REFERENCES review_approvals(id),
    path        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('A', 'M', 'D', 'T', 'U', 'X')),
    old_mode    TEXT NOT NULL,
    new_mode    TEXT NOT NULL,
    old_blob    TEXT NOT NULL,
    new_blob    TEXT NOT NULL,
    PRIMARY KEY (approval_id, path)
  ) STRICT;
  CREATE INDEX review_approved_changes_content ON review_approved_changes(path, new_blob);
`;

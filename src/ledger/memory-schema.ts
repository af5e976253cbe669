/** Migration 3 (issue 4 §3: memory debts from edits of memory.core files). Never edit once shipped; append a new migration. */
export const MEMORY_MIGRATION = `
  CREATE TABLE memory_debts (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL,
    session_id  TEXT,
    agent       TEXT NOT NULL,
    agent_id    TEXT,
    worktree    TEXT NOT NULL,
    path        TEXT NOT NULL,
    blocked_at  INTEGER,
    paid_at     INTEGER,
    paid_by     TEXT,
    CHECK ((paid_at IS NULL) = (paid_by IS NULL))
  ) STRICT;
  CREATE INDEX memory_debts_session ON memory_debts(session_id, paid_at);
  CREATE INDEX memory_debts_worktree ON memory_debts(worktree, paid_at, time);
`;

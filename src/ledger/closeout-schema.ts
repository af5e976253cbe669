/** Migration 4 (issue 4 §4: close-outs done per session, checklist asked). Never edit once shipped; append a new migration. */
export const CLOSEOUT_MIGRATION = `
  CREATE TABLE closeouts (
    session_id   TEXT PRIMARY KEY,
    checklist_at INTEGER,
    claimed_at   INTEGER,
    mined_at     INTEGER,
    candidates   INTEGER,
    error        TEXT
  ) STRICT;
`;

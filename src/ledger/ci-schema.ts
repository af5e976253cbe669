/**
 * Migration 6 (issue 5 §3: CI results recorded with `bosun ci record`, the `local` CI provider). Rows are
 * only ever added: a later row for the same check and commit supersedes the earlier one, which stays as history.
 * Never edit once shipped; append a new migration.
 */
export const CI_MIGRATION = `
  CREATE TABLE ci_results (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL,
    sha         TEXT NOT NULL CHECK (length(sha) IN (40, 64) AND sha NOT GLOB '*[^0-9a-f]*'),
    check_name  TEXT NOT NULL CHECK (length(check_name) > 0),
    state       TEXT NOT NULL CHECK (state IN ('success', 'failure')),
    recorded_by TEXT,
    url         TEXT
  ) STRICT;
  CREATE INDEX ci_results_sha_check ON ci_results(sha, check_name, time);
`;

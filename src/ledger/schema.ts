import { MEMORY_MIGRATION } from './memory-schema.ts';
import { CLOSEOUT_MIGRATION } from './closeout-schema.ts';
import { REVIEW_MIGRATION } from './review-schema.ts';
import { CI_MIGRATION } from './ci-schema.ts';
import { DEPLOY_MIGRATION } from './deploy-schema.ts';

/**
 * The ledger schema as an append-only list of migrations. `PRAGMA user_version` holds how many have run;
 * never edit a shipped entry, append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    harness         TEXT NOT NULL,
    cwd             TEXT NOT NULL,
    worktree        TEXT,
    agent           TEXT,
    transcript_path TEXT,
    started_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    ended_at        INTEGER
  ) STRICT;
  CREATE INDEX sessions_last_seen ON sessions(last_seen_at);

  CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    time       INTEGER NOT NULL,
    session_id TEXT,
    agent      TEXT,
    harness    TEXT NOT NULL,
    event      TEXT NOT NULL,
    tool       TEXT,
    target     TEXT,
    data       TEXT CHECK (data IS NULL OR json_valid(data))
  ) STRICT;
  CREATE INDEX events_session_time ON events(session_id, time);

  CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY,
    time       INTEGER NOT NULL,
    session_id TEXT,
    agent      TEXT NOT NULL,
    harness    TEXT NOT NULL,
    tool       TEXT NOT NULL,
    target     TEXT,
    decision   TEXT NOT NULL CHECK (decision IN ('allow', 'deny', 'ask')),
    rule       TEXT NOT NULL,
    reason     TEXT NOT NULL
  ) STRICT;
  CREATE INDEX decisions_time ON decisions(time);
  CREATE INDEX decisions_session_time ON decisions(session_id, time);
  CREATE INDEX decisions_agent_time ON decisions(agent, time);

  CREATE TABLE fleet_changes (
    id            INTEGER PRIMARY KEY,
    time          INTEGER NOT NULL,
    hash          TEXT NOT NULL,
    previous_hash TEXT,
    session_id    TEXT,
    agent         TEXT,
    by_agent      INTEGER NOT NULL CHECK (by_agent IN (0, 1)),
    file          TEXT NOT NULL
  ) STRICT;
  `,
  // 2: evidence for stop verification (issue 3): command runs with exit codes, edits, verdicts, baselines.
  `
  CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL,
    session_id  TEXT,
    agent       TEXT NOT NULL,
    agent_id    TEXT,
    source      TEXT NOT NULL CHECK (source IN ('agent', 'bosun')),
    command     TEXT NOT NULL,
    cwd         TEXT,
    check_name  TEXT,
    masked      INTEGER NOT NULL DEFAULT 0 CHECK (masked IN (0, 1)),
    exit_code   INTEGER,
    duration_ms INTEGER,
    timed_out   INTEGER NOT NULL DEFAULT 0 CHECK (timed_out IN (0, 1)),
    output_tail TEXT,
    runner      TEXT,
    passed      INTEGER,
    failed      INTEGER,
    skipped     INTEGER,
    total       INTEGER
  ) STRICT;
  CREATE INDEX runs_session_time ON runs(session_id, time);
  CREATE INDEX runs_check_time ON runs(check_name, time);

  CREATE TABLE edits (
    id         INTEGER PRIMARY KEY,
    time       INTEGER NOT NULL,
    session_id TEXT,
    agent      TEXT NOT NULL,
    agent_id   TEXT,
    tool       TEXT NOT NULL,
    path       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX edits_session_time ON edits(session_id, time);

  CREATE TABLE verdicts (
    id         INTEGER PRIMARY KEY,
    time       INTEGER NOT NULL,
    session_id TEXT,
    agent      TEXT NOT NULL,
    agent_id   TEXT,
    event      TEXT NOT NULL,
    verdict    TEXT NOT NULL CHECK (verdict IN ('verified', 'blocked', 'unverified', 'unchecked', 'no-claims')),
    claims     TEXT NOT NULL CHECK (json_valid(claims)),
    details    TEXT NOT NULL CHECK (json_valid(details)),
    reason     TEXT NOT NULL
  ) STRICT;
  CREATE INDEX verdicts_session_time ON verdicts(session_id, time);

  CREATE TABLE baselines (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL,
    check_name  TEXT NOT NULL,
    total       INTEGER NOT NULL,
    approved_by TEXT NOT NULL,
    reason      TEXT NOT NULL
  ) STRICT;
  `,
  // 3: issue 4 §3: memory debts from edits of memory.core files
  MEMORY_MIGRATION,
  // 4: issue 4 §4: close-outs done per session, checklist asked
  CLOSEOUT_MIGRATION,
  // 5: issue 5 §2: human review approvals
  REVIEW_MIGRATION,
  // 6: issue 5 §3: CI results recorded with `bosun ci record` (local provider)
  CI_MIGRATION,
  // 7: issue 5 §4: deploys and their steps
  DEPLOY_MIGRATION,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

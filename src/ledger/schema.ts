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
];

export const SCHEMA_VERSION = MIGRATIONS.length;

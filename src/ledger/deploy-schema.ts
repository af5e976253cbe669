/**
 * Migration 7 (issue 5 §4: deploys and their steps). Never edit once shipped; append a new migration.
 *
 * A deploy row is written when the pipeline starts (status `running`) and finished when it stops, so a
 * deploy killed half-way still shows which steps ran. Each step is one row in `deploy_steps`.
 */
export const DEPLOY_MIGRATION = `
  CREATE TABLE deploys (
    id              INTEGER PRIMARY KEY,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    env             TEXT NOT NULL,
    sha             TEXT,
    actor           TEXT NOT NULL,
    agent_markers   TEXT NOT NULL CHECK (json_valid(agent_markers)),
    status          TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'refused')),
    failed_step     TEXT,
    reason          TEXT,
    backup_file     TEXT,
    restore_command TEXT
  ) STRICT;
  CREATE INDEX deploys_env_started ON deploys(env, started_at);

  CREATE TABLE deploy_steps (
    id          INTEGER PRIMARY KEY,
    deploy_id   INTEGER NOT NULL REFERENCES deploys(id),
    step        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
    started_at  INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    summary     TEXT NOT NULL,
    details     TEXT CHECK (details IS NULL OR json_valid(details))
  ) STRICT;
  CREATE INDEX deploy_steps_deploy ON deploy_steps(deploy_id, id);
`;

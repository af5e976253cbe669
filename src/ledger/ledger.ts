import type Database from 'better-sqlite3';
import { evidenceQueries } from './evidence.ts';
import { memoryQueries } from './memory-queries.ts';
import { closeoutQueries } from './closeout-queries.ts';
import { reviewQueries } from './review-queries.ts';
import { ciQueries } from './ci-queries.ts';
import { deployQueries } from './deploy-queries.ts';
import * as q from './queries.ts';
import { guarded, statementCache } from './statements.ts';
import type { DecisionInput, EventInput, FleetChangeInput, FleetChangeRow, HookCallRecord, Ledger, SessionTouch } from './types.ts';

function epochMs(time: number): number {
  if (!Number.isSafeInteger(time)) throw new RangeError(`ledger times are integer epoch milliseconds, got ${time}`);
  return time;
}

const INSERT_DECISION = `INSERT INTO decisions (time, session_id, agent, harness, tool, target, decision, rule, reason)
  VALUES (@time, @sessionId, @agent, @harness, @tool, @target, @decision, @rule, @reason)`;

const INSERT_EVENT = `INSERT INTO events (time, session_id, agent, harness, event, tool, target, data)
  VALUES (@time, @sessionId, @agent, @harness, @event, @tool, @target, @data)`;

// A later touch never erases what an earlier one recorded: the first worktree stays, a newly known agent or
// transcript replaces the old one, start only moves earlier and last-seen only later.
const UPSERT_SESSION = `INSERT INTO sessions (id, harness, cwd, worktree, agent, transcript_path, started_at, last_seen_at, ended_at)
  VALUES (@id, @harness, @cwd, @worktree, @agent, @transcriptPath, @time, @time, @endedAt)
  ON CONFLICT (id) DO UPDATE SET
    worktree        = coalesce(sessions.worktree, excluded.worktree),
    agent           = coalesce(excluded.agent, sessions.agent),
    transcript_path = coalesce(excluded.transcript_path, sessions.transcript_path),
    started_at      = min(sessions.started_at, excluded.started_at),
    last_seen_at    = max(sessions.last_seen_at, excluded.last_seen_at),
    ended_at        = coalesce(excluded.ended_at, sessions.ended_at)`;

const INSERT_FLEET_CHANGE = `INSERT INTO fleet_changes (time, hash, previous_hash, session_id, agent, by_agent, file)
  VALUES (@time, @hash, @previousHash, @sessionId, @agent, @byAgent, @file)`;

/** The ledger API over an open, migrated connection. */
export function createLedger(db: Database.Database, path: string): Ledger {
  const s = statementCache(db);
  const tx = db.transaction((fn: () => unknown) => fn());

  const recordDecision = (d: DecisionInput): void => {
    guarded(path, 'recording a decision', () =>
      s.run(INSERT_DECISION, {
        time: epochMs(d.time),
        sessionId: d.sessionId,
        agent: d.agent,
        harness: d.harness,
        tool: d.tool,
        target: d.target,
        decision: d.decision,
        rule: d.rule,
        reason: d.reason,
      }),
    );
  };

  const recordEvent = (e: EventInput): void => {
    const data = e.data === undefined ? null : (JSON.stringify(e.data) ?? null);
    guarded(path, 'recording an event', () =>
      s.run(INSERT_EVENT, {
        time: epochMs(e.time),
        sessionId: e.sessionId,
        agent: e.agent,
        harness: e.harness,
        event: e.event,
        tool: e.tool ?? null,
        target: e.target ?? null,
        data,
      }),
    );
  };

  const touchSession = (t: SessionTouch): void => {
    const time = epochMs(t.time);
    guarded(path, 'recording a session', () =>
      s.run(UPSERT_SESSION, {
        id: t.id,
        harness: t.harness,
        cwd: t.cwd,
        worktree: t.worktree ?? null,
        agent: t.agent ?? null,
        transcriptPath: t.transcriptPath ?? null,
        time,
        endedAt: t.ended === true ? time : null,
      }),
    );
  };

  const batch = <T>(fn: () => T): T => guarded(path, 'writing', () => tx.immediate(fn) as T);

  const lastFleetHash = (): string | null => guarded(path, 'reading fleet changes', () => q.lastFleetHash(s));

  const insertFleetChange = (c: FleetChangeInput): FleetChangeRow => {
    const info = guarded(path, 'recording a fleet change', () =>
      s.run(INSERT_FLEET_CHANGE, {
        time: epochMs(c.time),
        hash: c.hash,
        previousHash: c.previousHash,
        sessionId: c.sessionId,
        agent: c.agent,
        byAgent: c.byAgent ? 1 : 0,
        file: c.file,
      }),
    );
    return { ...c, id: Number(info.lastInsertRowid) };
  };

  return {
    ...evidenceQueries(s, path),
    ...memoryQueries(s, path),
    ...closeoutQueries(s, path),
    ...reviewQueries(s, path),
    ...ciQueries(s, path),
    ...deployQueries(s, path),
    path,
    recordDecision,
    recordEvent,
    touchSession,
    batch,
    recordHookCall(r: HookCallRecord): void {
      batch(() => {
        if (r.session) touchSession(r.session);
        if (r.event) recordEvent(r.event);
        if (r.decision) recordDecision(r.decision);
      });
    },
    lastFleetHash,
    recordFleetChange(c: FleetChangeInput): void {
      insertFleetChange(c);
    },
    noteFleetHash(c: Omit<FleetChangeInput, 'previousHash'>): FleetChangeRow | null {
      return batch(() => {
        const previousHash = lastFleetHash();
        if (previousHash === c.hash) return null;
        return insertFleetChange({ ...c, previousHash });
      });
    },
    queryDecisions: (query) => guarded(path, 'reading decisions', () => q.queryDecisions(s, query)),
    queryEvents: (query) => guarded(path, 'reading events', () => q.queryEvents(s, query)),
    querySessions: (query) => guarded(path, 'reading sessions', () => q.querySessions(s, query)),
    queryFleetChanges: (query) => guarded(path, 'reading fleet changes', () => q.queryFleetChanges(s, query)),
    summary: (filter) => guarded(path, 'summarising decisions', () => q.summarize(s, filter)),
    close(): void {
      if (db.open) db.close();
    },
  };
}

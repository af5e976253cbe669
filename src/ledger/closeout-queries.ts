import { guarded, type StatementCache } from './statements.ts';
import type { CloseoutQueries, CloseoutRow, CloseoutSession } from './closeout-types.ts';

const SESSION_COLUMNS = `s.id, s.harness, s.cwd, s.agent, s.transcript_path AS transcriptPath, s.started_at AS startedAt,
  s.last_seen_at AS lastSeenAt, s.ended_at AS endedAt, c.mined_at AS minedAt`;

/** Ledger API for issue 4 §4: close-outs done per session, checklist asked. */
export function closeoutQueries(s: StatementCache, path: string): CloseoutQueries {
  return {
    claimChecklist: (sessionId, time) =>
      guarded(path, 'recording the close-out checklist', () =>
        s.run(
          `INSERT INTO closeouts (session_id, checklist_at) VALUES (@sessionId, @time)
           ON CONFLICT (session_id) DO UPDATE SET checklist_at = excluded.checklist_at WHERE closeouts.checklist_at IS NULL`,
          { sessionId, time },
        ).changes === 1,
      ),
    sessionEditedPaths: (sessionId) =>
      guarded(path, 'reading edits', () =>
        s.all<{ path: string }>(`SELECT path FROM edits WHERE session_id = @sessionId GROUP BY path ORDER BY min(time), min(id)`, { sessionId }).map((r) => r.path),
      ),
    pendingCloseouts: (q) =>
      guarded(path, 'reading sessions', () =>
        s.all<CloseoutSession>(
          `SELECT ${SESSION_COLUMNS} FROM sessions s LEFT JOIN closeouts c ON c.session_id = s.id
           WHERE s.id <> 'unknown' AND s.transcript_path IS NOT NULL
             AND ((s.ended_at IS NOT NULL AND s.ended_at >= s.last_seen_at) OR s.last_seen_at < @quietBefore)
             AND (c.mined_at IS NULL OR c.mined_at < s.last_seen_at)
             AND (c.claimed_at IS NULL OR c.claimed_at < @claimBefore)
           ORDER BY s.last_seen_at DESC LIMIT @limit`,
          { quietBefore: q.now - q.idleMs, claimBefore: q.now - q.claimTtlMs, limit: q.limit },
        ),
      ),
    claimCloseout: (sessionId, time, claimTtlMs) =>
      guarded(path, 'claiming a close-out', () =>
        s.run(
          `INSERT INTO closeouts (session_id, claimed_at) VALUES (@sessionId, @time)
           ON CONFLICT (session_id) DO UPDATE SET claimed_at = excluded.claimed_at
           WHERE closeouts.claimed_at IS NULL OR closeouts.claimed_at < @claimBefore`,
          { sessionId, time, claimBefore: time - claimTtlMs },
        ).changes === 1,
      ),
    markMined: (sessionId, r) =>
      void guarded(path, 'recording a close-out', () =>
        s.run(
          `INSERT INTO closeouts (session_id, mined_at, candidates, error) VALUES (@sessionId, @time, @candidates, @error)
           ON CONFLICT (session_id) DO UPDATE SET mined_at = excluded.mined_at, candidates = excluded.candidates, error = excluded.error, claimed_at = NULL`,
          { sessionId, time: r.time, candidates: r.candidates, error: r.error },
        ),
      ),
    closeoutRow: (sessionId) =>
      guarded(path, 'reading close-outs', () =>
        s.get<CloseoutRow>(
          `SELECT session_id AS sessionId, checklist_at AS checklistAt, claimed_at AS claimedAt, mined_at AS minedAt, candidates, error
           FROM closeouts WHERE session_id = @sessionId`,
          { sessionId },
        ) ?? null,
      ),
    closeoutSession: (idOrPrefix) =>
      guarded(path, 'reading sessions', () => {
        const rows = s.all<CloseoutSession>(
          `SELECT ${SESSION_COLUMNS} FROM sessions s LEFT JOIN closeouts c ON c.session_id = s.id
           WHERE s.id = @id OR s.id LIKE @prefix ESCAPE '\\' ORDER BY (s.id = @id) DESC, s.last_seen_at DESC LIMIT 2`,
          { id: idOrPrefix, prefix: idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%' },
        );
        if (rows[0]?.id === idOrPrefix) return rows[0];
        return rows.length === 1 ? rows[0]! : null;
      }),
    sessionDenials: (sessionId) =>
      guarded(path, 'reading decisions', () =>
        s.all<{ time: number; agent: string; tool: string; target: string | null; rule: string; reason: string }>(
          `SELECT time, agent, tool, target, rule, reason FROM decisions WHERE session_id = @sessionId AND decision = 'deny' ORDER BY time, id`,
          { sessionId },
        ),
      ),
  };
}

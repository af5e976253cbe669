import { guarded, type StatementCache } from './statements.ts';
import type { MemoryDebtRow, MemoryQueries } from './memory-types.ts';

const COLUMNS = `id, time, session_id AS sessionId, agent, agent_id AS agentId, worktree, path, blocked_at AS blockedAt, paid_at AS paidAt, paid_by AS paidBy`;

/** Ledger API for issue 4 §3: memory debts from edits of memory.core files. */
export function memoryQueries(s: StatementCache, path: string): MemoryQueries {
  return {
    recordMemoryDebt: (d) =>
      guarded(path, 'recording a memory debt', () => {
        const open = s.get<{ id: number }>(
          `SELECT id FROM memory_debts WHERE session_id IS @sessionId AND agent_id IS @agentId AND path = @path AND worktree = @worktree AND paid_at IS NULL LIMIT 1`,
          { sessionId: d.sessionId, agentId: d.agentId, path: d.path, worktree: d.worktree },
        );
        if (open) return false;
        s.run(`INSERT INTO memory_debts (time, session_id, agent, agent_id, worktree, path) VALUES (@time, @sessionId, @agent, @agentId, @worktree, @path)`, { ...d });
        return true;
      }),
    unpaidMemoryDebts: (f) =>
      guarded(path, 'reading memory debts', () =>
        f.agentId === undefined
          ? s.all<MemoryDebtRow>(`SELECT ${COLUMNS} FROM memory_debts WHERE session_id = @sessionId AND paid_at IS NULL ORDER BY time, id`, { sessionId: f.sessionId })
          : s.all<MemoryDebtRow>(`SELECT ${COLUMNS} FROM memory_debts WHERE session_id = @sessionId AND agent_id IS @agentId AND paid_at IS NULL ORDER BY time, id`, {
              sessionId: f.sessionId,
              agentId: f.agentId,
            }),
      ),
    markMemoryDebtsBlocked: (ids, time) =>
      guarded(path, 'marking memory debts', () => {
        for (const id of ids) s.run(`UPDATE memory_debts SET blocked_at = @time WHERE id = @id AND blocked_at IS NULL`, { id, time });
      }),
    payMemoryDebts: (p) =>
      guarded(
        path,
        'paying memory debts',
        () => s.run(`UPDATE memory_debts SET paid_at = @time, paid_by = @paidBy WHERE session_id = @sessionId AND paid_at IS NULL`, { ...p }).changes,
      ),
    latestMemoryDebtSession: (worktree) =>
      guarded(
        path,
        'reading memory debts',
        () => s.get<{ sessionId: string }>(`SELECT session_id AS sessionId FROM memory_debts WHERE worktree = @worktree AND paid_at IS NULL AND session_id IS NOT NULL ORDER BY time DESC, id DESC LIMIT 1`, { worktree })?.sessionId ?? null,
      ),
    memoryDebts: (sessionId) => guarded(path, 'reading memory debts', () => s.all<MemoryDebtRow>(`SELECT ${COLUMNS} FROM memory_debts WHERE session_id = @sessionId ORDER BY time, id`, { sessionId })),
  };
}

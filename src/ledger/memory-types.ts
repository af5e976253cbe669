/** Ledger API for issue 4 §3: memory debts from edits of memory.core files. Times are epoch ms. */

export interface MemoryDebtInput {
  time: number;
  sessionId: string | null;
  agent: string;
  /** The subagent instance (Claude Code `agent_id`); null for the main agent. */
  agentId: string | null;
  /** Root of the worktree the edit happened in. */
  worktree: string;
  /** The core file that changed, relative to the worktree root. */
  path: string;
}

export interface MemoryDebtRow extends MemoryDebtInput {
  id: number;
  /** When a Stop was blocked for this debt (it blocks once). */
  blockedAt: number | null;
  paidAt: number | null;
  /** What paid it: `lesson add L017`, `ack: <why>`. */
  paidBy: string | null;
}

export interface MemoryDebtFilter {
  sessionId: string;
  /** A subagent's own debts only; undefined: every debt of the session. */
  agentId?: string | null;
}

export interface MemoryQueries {
  /** Records a debt unless the same (sub)agent of the session already owes one for the path; true when recorded. */
  recordMemoryDebt(d: MemoryDebtInput): boolean;
  /** Unpaid debts of a session, oldest first. */
  unpaidMemoryDebts(f: MemoryDebtFilter): MemoryDebtRow[];
  markMemoryDebtsBlocked(ids: readonly number[], time: number): void;
  /** Pays every unpaid debt of the session; returns how many. */
  payMemoryDebts(p: { sessionId: string; time: number; paidBy: string }): number;
  /** The session of the most recent unpaid debt in a worktree (the CLI's guess when no session id is given). */
  latestMemoryDebtSession(worktree: string): string | null;
  /** Every debt of a session, paid or not, oldest first. */
  memoryDebts(sessionId: string): MemoryDebtRow[];
}

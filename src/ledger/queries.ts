import type { Params, StatementCache } from './statements.ts';
import type {
  DecisionFilter,
  DecisionQuery,
  DecisionRow,
  DecisionSummary,
  EventRow,
  FleetChangeRow,
  LedgerVerdict,
  SessionRow,
} from './types.ts';

export const DEFAULT_LIMIT = 50;

/** U+10FFFF sorts after every character, so [p, p || MAX) is the range of strings starting with p. */
const PREFIX_RANGE = `>= @session AND session_id < @session || char(1114111)`;

function limitOf(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`ledger query limit must be a positive integer, got ${limit}`);
  return limit;
}

/** The WHERE clause for a filter, built from only the filters present so SQLite can use an index. */
function decisionWhere(f: DecisionFilter): { where: string; params: Params } {
  const conds: string[] = [];
  const params: Params = {};
  if (f.session !== undefined) {
    conds.push(`session_id ${PREFIX_RANGE}`);
    params['session'] = f.session;
  }
  if (f.agent !== undefined) {
    conds.push('agent = @agent');
    params['agent'] = f.agent;
  }
  if (f.since !== undefined) {
    conds.push('time >= @since');
    params['since'] = f.since;
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

const DECISION_COLUMNS = `id, time, session_id AS sessionId, agent, harness, tool, target, decision, rule, reason`;

/** The most recent `limit` decisions matching the filter, oldest first (the order a log reads in). */
export function queryDecisions(s: StatementCache, q: DecisionQuery = {}): DecisionRow[] {
  const { where, params } = decisionWhere(q);
  const rows = s.all<DecisionRow>(
    `SELECT ${DECISION_COLUMNS} FROM decisions ${where} ORDER BY time DESC, id DESC LIMIT @limit`,
    { ...params, limit: limitOf(q.limit) },
  );
  return rows.reverse();
}

export function summarize(s: StatementCache, f: DecisionFilter = {}): DecisionSummary {
  const { where, params } = decisionWhere(f);
  const groups = s.all<{ decision: LedgerVerdict; rule: string; n: number }>(
    `SELECT decision, rule, count(*) AS n FROM decisions ${where} GROUP BY decision, rule`,
    params,
  );
  const out: DecisionSummary = { total: 0, allow: 0, deny: 0, ask: 0, byRule: {} };
  for (const g of groups) {
    out.total += g.n;
    out[g.decision] += g.n;
    out.byRule[g.rule] = (out.byRule[g.rule] ?? 0) + g.n;
  }
  return out;
}

export function querySessions(s: StatementCache, q: { limit?: number } = {}): SessionRow[] {
  return s.all<SessionRow>(
    `SELECT id, harness, cwd, worktree, agent, transcript_path AS transcriptPath, started_at AS startedAt,
            last_seen_at AS lastSeenAt, ended_at AS endedAt
     FROM sessions ORDER BY last_seen_at DESC, rowid DESC LIMIT @limit`,
    { limit: limitOf(q.limit) },
  );
}

export function queryEvents(s: StatementCache, q: { session?: string; limit?: number } = {}): EventRow[] {
  const where = q.session === undefined ? '' : `WHERE session_id ${PREFIX_RANGE}`;
  const params: Params = { limit: limitOf(q.limit) };
  if (q.session !== undefined) params['session'] = q.session;
  const rows = s.all<Omit<EventRow, 'data'> & { data: string | null }>(
    `SELECT id, time, session_id AS sessionId, agent, harness, event, tool, target, data
     FROM events ${where} ORDER BY time DESC, id DESC LIMIT @limit`,
    params,
  );
  return rows.reverse().map((r) => ({ ...r, data: r.data === null ? null : (JSON.parse(r.data) as unknown) }));
}

const FLEET_COLUMNS = `id, time, hash, previous_hash AS previousHash, session_id AS sessionId, agent, by_agent AS byAgent, file`;

function fleetRow(r: Omit<FleetChangeRow, 'byAgent'> & { byAgent: number }): FleetChangeRow {
  return { ...r, byAgent: r.byAgent === 1 };
}

export function queryFleetChanges(s: StatementCache, q: { limit?: number } = {}): FleetChangeRow[] {
  const rows = s.all<Omit<FleetChangeRow, 'byAgent'> & { byAgent: number }>(
    `SELECT ${FLEET_COLUMNS} FROM fleet_changes ORDER BY id DESC LIMIT @limit`,
    { limit: limitOf(q.limit) },
  );
  return rows.reverse().map(fleetRow);
}

export function lastFleetHash(s: StatementCache): string | null {
  const row = s.get<{ hash: string }>(`SELECT hash FROM fleet_changes ORDER BY id DESC LIMIT 1`, {});
  return row?.hash ?? null;
}

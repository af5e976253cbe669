import { guarded, type StatementCache } from './statements.ts';
import type { EvidenceQueries, RunRow, VerdictRow } from './evidence-types.ts';

const INSERT_RUN = `INSERT INTO runs (time, session_id, agent, agent_id, source, command, cwd, check_name, masked, exit_code,
  duration_ms, timed_out, output_tail, runner, passed, failed, skipped, total)
  VALUES (@time, @sessionId, @agent, @agentId, @source, @command, @cwd, @checkName, @masked, @exitCode,
  @durationMs, @timedOut, @outputTail, @runner, @passed, @failed, @skipped, @total)`;

const RUN_COLUMNS = `id, time, session_id AS sessionId, agent, agent_id AS agentId, source, command, cwd, check_name AS checkName,
  masked, exit_code AS exitCode, duration_ms AS durationMs, timed_out AS timedOut, output_tail AS outputTail,
  runner, passed, failed, skipped, total`;

interface RawRun extends Omit<RunRow, 'masked' | 'timedOut' | 'summary'> {
  masked: number;
  timedOut: number;
  runner: string | null;
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  total: number | null;
}

function toRun(r: RawRun): RunRow {
  const { runner, passed, failed, skipped, total, masked, timedOut, ...rest } = r;
  return {
    ...rest,
    masked: masked === 1,
    timedOut: timedOut === 1,
    summary: runner !== null && total !== null ? { runner, passed: passed ?? 0, failed: failed ?? 0, skipped: skipped ?? 0, total } : null,
  };
}

export function evidenceQueries(s: StatementCache, path: string): EvidenceQueries {
  return {
    recordRun: (r) =>
      void guarded(path, 'recording a run', () =>
        s.run(INSERT_RUN, {
          time: r.time,
          sessionId: r.sessionId,
          agent: r.agent,
          agentId: r.agentId,
          source: r.source,
          command: r.command,
          cwd: r.cwd,
          checkName: r.checkName,
          masked: r.masked ? 1 : 0,
          exitCode: r.exitCode,
          durationMs: r.durationMs,
          timedOut: r.timedOut ? 1 : 0,
          outputTail: r.outputTail,
          runner: r.summary?.runner ?? null,
          passed: r.summary?.passed ?? null,
          failed: r.summary?.failed ?? null,
          skipped: r.summary?.skipped ?? null,
          total: r.summary?.total ?? null,
        }),
      ),
    recordEdit: (e) =>
      void guarded(path, 'recording an edit', () =>
        s.run(`INSERT INTO edits (time, session_id, agent, agent_id, tool, path) VALUES (@time, @sessionId, @agent, @agentId, @tool, @path)`, { ...e }),
      ),
    recordVerdict: (v) =>
      void guarded(path, 'recording a verdict', () =>
        s.run(
          `INSERT INTO verdicts (time, session_id, agent, agent_id, event, verdict, claims, details, reason)
           VALUES (@time, @sessionId, @agent, @agentId, @event, @verdict, @claims, @details, @reason)`,
          { ...v, claims: JSON.stringify(v.claims ?? []), details: JSON.stringify(v.details ?? {}) },
        ),
      ),
    recordBaseline: (b) =>
      void guarded(path, 'recording a baseline', () =>
        s.run(`INSERT INTO baselines (time, check_name, total, approved_by, reason) VALUES (@time, @checkName, @total, @approvedBy, @reason)`, { ...b }),
      ),
    sessionRuns: (sessionId) =>
      guarded(path, 'reading runs', () =>
        s.all<RawRun>(`SELECT ${RUN_COLUMNS} FROM runs WHERE session_id = @sessionId ORDER BY time, id`, { sessionId }).map(toRun),
      ),
    lastEditTime: (sessionId) =>
      guarded(path, 'reading edits', () => s.get<{ t: number | null }>(`SELECT max(time) AS t FROM edits WHERE session_id = @sessionId`, { sessionId })?.t ?? null),
    sessionVerdicts: (sessionId, agentId) =>
      guarded(path, 'reading verdicts', () =>
        s
          .all<VerdictRow & { claims: string; details: string }>(
            `SELECT id, time, session_id AS sessionId, agent, agent_id AS agentId, event, verdict, claims, details, reason FROM verdicts
             WHERE session_id = @sessionId ${agentId === undefined ? '' : 'AND agent_id IS @agentId'} ORDER BY time, id`,
            agentId === undefined ? { sessionId } : { sessionId, agentId },
          )
          .map((v) => ({ ...v, claims: JSON.parse(v.claims) as unknown, details: JSON.parse(v.details) as unknown })),
      ),
    baseline: (checkName, before) =>
      guarded(path, 'reading baselines', () => {
        const approved = s.get<{ time: number; total: number }>(
          `SELECT time, total FROM baselines WHERE check_name = @checkName AND time <= @before ORDER BY time DESC, id DESC LIMIT 1`,
          { checkName, before },
        );
        const since = approved?.time ?? 0;
        const best = s.get<{ m: number | null }>(
          `SELECT max(total) AS m FROM runs WHERE check_name = @checkName AND time > @since AND time <= @before
             AND exit_code = 0 AND masked = 0 AND total IS NOT NULL AND failed = 0`,
          { checkName, since, before },
        )?.m;
        if (approved && (best === null || best === undefined)) return approved.total;
        if (best === null || best === undefined) return null;
        return approved ? Math.max(approved.total, best) : best;
      }),
    lastPromptTime: (sessionId) =>
      guarded(path, 'reading events', () =>
        s.get<{ t: number | null }>(`SELECT max(time) AS t FROM events WHERE session_id = @sessionId AND event = 'UserPromptSubmit'`, { sessionId })?.t ?? null,
      ),
  };
}

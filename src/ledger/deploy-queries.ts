import { guarded, type StatementCache } from './statements.ts';
import { DEFAULT_LIMIT } from './queries.ts';
import type { DeployQueries, DeployRow, DeployStatus, DeployStepRow, DeployStepStatus } from './deploy-types.ts';

const DEPLOY_COLUMNS = `id, started_at AS startedAt, finished_at AS finishedAt, env, sha, actor, agent_markers AS agentMarkers,
  status, failed_step AS failedStep, reason, backup_file AS backupFile, restore_command AS restoreCommand`;

interface RawDeploy extends Omit<DeployRow, 'agentMarkers' | 'steps' | 'status'> {
  agentMarkers: string;
  status: string;
}

interface RawStep extends Omit<DeployStepRow, 'details' | 'status'> {
  deployId: number;
  status: string;
  details: string | null;
}

function epochMs(time: number): number {
  if (!Number.isSafeInteger(time)) throw new RangeError(`ledger times are integer epoch milliseconds, got ${time}`);
  return time;
}

/** Ledger API for issue 5 §4: deploys and their steps. */
export function deployQueries(s: StatementCache, path: string): DeployQueries {
  return {
    startDeploy: (d) =>
      Number(
        guarded(path, 'recording a deploy', () =>
          s.run(
            `INSERT INTO deploys (started_at, env, sha, actor, agent_markers, status) VALUES (@time, @env, @sha, @actor, @markers, 'running')`,
            { time: epochMs(d.time), env: d.env, sha: d.sha, actor: d.actor, markers: JSON.stringify(d.agentMarkers) },
          ),
        ).lastInsertRowid,
      ),
    recordDeployStep: (st) =>
      void guarded(path, 'recording a deploy step', () =>
        s.run(
          `INSERT INTO deploy_steps (deploy_id, step, status, started_at, duration_ms, summary, details)
           VALUES (@deployId, @step, @status, @startedAt, @durationMs, @summary, @details)`,
          {
            deployId: st.deployId,
            step: st.step,
            status: st.status,
            startedAt: epochMs(st.startedAt),
            durationMs: Math.max(0, Math.round(st.durationMs)),
            summary: st.summary,
            details: st.details === undefined ? null : (JSON.stringify(st.details) ?? null),
          },
        ),
      ),
    finishDeploy: (f) =>
      void guarded(path, 'finishing a deploy', () =>
        s.run(
          `UPDATE deploys SET finished_at = @time, status = @status, failed_step = @failedStep, reason = @reason,
             backup_file = @backupFile, restore_command = @restoreCommand WHERE id = @deployId`,
          { ...f, time: epochMs(f.time) },
        ),
      ),
    listDeploys: (q = {}) =>
      guarded(path, 'reading deploys', () => {
        const limit = q.limit ?? DEFAULT_LIMIT;
        const deploys = s
          .all<RawDeploy>(
            `SELECT ${DEPLOY_COLUMNS} FROM deploys ${q.env === undefined ? '' : 'WHERE env = @env'} ORDER BY started_at DESC, id DESC LIMIT @limit`,
            q.env === undefined ? { limit } : { env: q.env, limit },
          )
          .reverse();
        if (deploys.length === 0) return [];
        const first = Math.min(...deploys.map((d) => d.id));
        const steps = s.all<RawStep>(
          `SELECT id, deploy_id AS deployId, step, status, started_at AS startedAt, duration_ms AS durationMs, summary, details
           FROM deploy_steps WHERE deploy_id >= @first ORDER BY id`,
          { first },
        );
        const byDeploy = new Map<number, DeployStepRow[]>();
        for (const { deployId, details, status, ...rest } of steps) {
          const list = byDeploy.get(deployId) ?? [];
          list.push({ ...rest, status: status as DeployStepStatus, details: details === null ? null : (JSON.parse(details) as unknown) });
          byDeploy.set(deployId, list);
        }
        return deploys.map(({ agentMarkers, status, ...rest }) => ({
          ...rest,
          status: status as DeployStatus,
          agentMarkers: JSON.parse(agentMarkers) as string[],
          steps: byDeploy.get(rest.id) ?? [],
        }));
      }),
  };
}

import { guarded, type StatementCache } from './statements.ts';
import type { CiQueries, CiResultRow } from './ci-types.ts';

const COLUMNS = `id, time, sha, check_name AS "check", state, recorded_by AS recordedBy, url`;

/** Ledger API for issue 5 §3: CI results recorded with `bosun ci record` (local provider). */
export function ciQueries(s: StatementCache, path: string): CiQueries {
  return {
    recordCiResult: (r) => {
      if (!Number.isSafeInteger(r.time)) throw new RangeError(`ledger times are integer epoch milliseconds, got ${r.time}`);
      const info = guarded(path, 'recording a CI result', () =>
        s.run(`INSERT INTO ci_results (time, sha, check_name, state, recorded_by, url) VALUES (@time, @sha, @check, @state, @recordedBy, @url)`, { ...r }),
      );
      return { ...r, id: Number(info.lastInsertRowid) };
    },
    ciResults: (sha) =>
      guarded(path, 'reading CI results', () =>
        s.all<CiResultRow>(
          `SELECT ${COLUMNS} FROM ci_results AS r WHERE sha = @sha AND NOT EXISTS (
             SELECT 1 FROM ci_results AS later WHERE later.sha = r.sha AND later.check_name = r.check_name
               AND (later.time > r.time OR (later.time = r.time AND later.id > r.id)))
           ORDER BY check_name`,
          { sha },
        ),
      ),
    ciHistory: (sha) => guarded(path, 'reading CI results', () => s.all<CiResultRow>(`SELECT ${COLUMNS} FROM ci_results WHERE sha = @sha ORDER BY time, id`, { sha })),
  };
}

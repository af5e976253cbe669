/**
 * `local`: results any CI recorded with `bosun ci record <check> <success|failure> [--sha S]` in the ledger
 * of this clone. The latest record per check and commit counts.
 */
import { existsSync } from 'node:fs';
import { ledgerPath, openLedger } from '../../ledger/index.ts';
import type { CiVerdict, LocalCiConfig, Observation } from './types.ts';
import { buildVerdict, shortSha } from './verdict.ts';
import type { ProviderOptions } from './provider.ts';

export function localStatus(opts: ProviderOptions<LocalCiConfig>): CiVerdict {
  const { sha, config } = opts;
  const base = { provider: 'local' as const, sha, required: config.required };
  if (!existsSync(ledgerPath(opts.repo.commonDir))) {
    return buildVerdict({ ...base, observations: [], problems: [`nothing recorded yet: no ledger at ${ledgerPath(opts.repo.commonDir)} (CI records results with \`bosun ci record <check> success|failure --sha ${shortSha(sha)}\`)`] });
  }
  const ledger = openLedger({ commonDir: opts.repo.commonDir });
  try {
    const observations: Observation[] = ledger.ciResults(sha).map((r) => ({ name: r.check, state: r.state, ...(r.url ? { url: r.url } : {}) }));
    return buildVerdict({ ...base, observations, problems: [] });
  } finally {
    ledger.close();
  }
}

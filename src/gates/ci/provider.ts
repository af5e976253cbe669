import type { CiConfig, CiStatusOptions } from './types.ts';

/** What every provider gets: the status options with defaults filled in. */
export interface ProviderOptions<C extends CiConfig = CiConfig> {
  readonly config: C;
  /** Full lowercase hex commit id. */
  readonly sha: string;
  readonly env: CiStatusOptions['env'];
  readonly repo: CiStatusOptions['repo'];
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

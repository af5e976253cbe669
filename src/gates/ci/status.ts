/**
 * `ciStatus`: is CI green for exactly this commit? One provider call, fail closed. `waitForCi` polls it with
 * exponential backoff until green, a conclusive red, or the deadline.
 */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { githubStatus } from './github.ts';
import { gitlabStatus } from './gitlab.ts';
import { localStatus } from './local.ts';
import type { ProviderOptions } from './provider.ts';
import type { CiStatusOptions, CiVerdict } from './types.ts';

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The CI verdict for `opts.sha` (a full hex commit id: an abbreviation or a ref name would let the API
 * resolve it to some other commit). Never throws for what the provider says or fails to say; throws a
 * BosunError for a malformed SHA (exit 2) and when it cannot tell which repository to ask (exit 4).
 */
export async function ciStatus(opts: CiStatusOptions): Promise<CiVerdict> {
  const sha = opts.sha.trim().toLowerCase();
  if (!FULL_SHA.test(sha)) {
    throw new BosunError({ code: 'E_CI_SHA', message: `CI status needs a full commit id (40 hex digits), got ${JSON.stringify(opts.sha)}`, hint: 'Resolve it first: git rev-parse --verify "REV^{commit}".', exitCode: EXIT.usage });
  }
  const base = { sha, env: opts.env, repo: opts.repo, fetch: opts.fetch ?? globalThis.fetch, now: opts.now ?? Date.now };
  const config = opts.config;
  switch (config.provider) {
    case 'github':
      return githubStatus({ ...base, config } satisfies ProviderOptions);
    case 'gitlab':
      return gitlabStatus({ ...base, config });
    case 'local':
      return localStatus({ ...base, config });
  }
}

export interface WaitOptions extends CiStatusOptions {
  /** Give up (not green) after this long. */
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** First pause between polls; doubles up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Called after each poll that is not the last, e.g. to print progress. */
  readonly onPoll?: (verdict: CiVerdict, nextInMs: number) => void;
}

export const DEFAULT_INITIAL_DELAY_MS = 5_000;
export const DEFAULT_MAX_DELAY_MS = 60_000;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function retryAfterMs(v: CiVerdict): number {
  let most = 0;
  for (const r of v.reasons) {
    const m = /rate limited.*; retry in (\d+) s/.exec(r);
    if (m) most = Math.max(most, Number(m[1]) * 1000);
  }
  return most;
}

/** Polls until green, a verdict waiting cannot change, or `timeoutMs`; the last verdict says why when not green. */
export async function waitForCi(opts: WaitOptions): Promise<CiVerdict> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const deadline = now() + Math.max(0, opts.timeoutMs);
  let delay = opts.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const maxDelay = opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let polls = 0;
  for (;;) {
    const verdict = await ciStatus(opts);
    polls++;
    if (verdict.green || verdict.settled === true) return verdict;
    const left = deadline - now();
    if (left <= 0) {
      const seconds = Math.round(opts.timeoutMs / 1000);
      return { ...verdict, settled: true, reasons: [...verdict.reasons, `gave up waiting after ${seconds} s (${polls} poll${polls === 1 ? '' : 's'}): not green`] };
    }
    const pause = Math.min(left, Math.max(delay, retryAfterMs(verdict)));
    opts.onPoll?.(verdict, pause);
    await sleep(pause);
    delay = Math.min(maxDelay, delay * 2);
  }
}

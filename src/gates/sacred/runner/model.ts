/** What every runner model answers: does this runner, configured as it is, run this sacred file? Pure. */
import type { StaticValue } from './static-value.ts';

/** `run: null` — bosun cannot tell (a computed config, a name filter); never reported as an exclusion. */
export type Coverage = { run: true } | { run: false; reason: string } | { run: null; reason: string };

export const RUNS: Coverage = { run: true };
export const no = (reason: string): Coverage => ({ run: false, reason });
export const unknown = (reason: string): Coverage => ({ run: null, reason });

/** One configuration source: its label (`jest.config.js`, `package.json#jest`) and what it says. */
export interface ConfigSource {
  label: string;
  value: StaticValue;
}

export type CoverageFn = (file: string) => Coverage;

/** Joins a relative path onto the repository root the way runners see it (absolute, `/`-separated). */
export function absPath(root: string, rel: string): string {
  const parts: string[] = [];
  for (const seg of `${root}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/** Every verdict, combined: the first "no", else the first "unknown", else "runs". */
export function all(verdicts: Coverage[]): Coverage {
  return verdicts.find((v) => v.run === false) ?? verdicts.find((v) => v.run === null) ?? RUNS;
}

/** Runs if any invocation runs it; "no" only when every one says no. */
export function any(verdicts: Coverage[]): Coverage {
  if (verdicts.some((v) => v.run === true)) return RUNS;
  const unknownOne = verdicts.find((v) => v.run === null);
  if (unknownOne) return unknownOne;
  const reasons = [...new Set(verdicts.map((v) => (v.run === false ? v.reason : '')))].filter(Boolean);
  return reasons.length ? no(reasons.join('; ')) : unknown('no invocation');
}

/**
 * From what a provider saw to a verdict. Pure. Fail closed: green only when every required check has
 * concluded `success` for exactly this commit and the provider reported no problem reading it.
 */
import type { CheckState, CiCheck, CiProviderName, CiVerdict, Observation } from './types.ts';

/** Worst first: when one name has several observations (a status and a check run, two apps), the worst speaks. */
const SEVERITY: readonly CheckState[] = ['failure', 'error', 'cancelled', 'pending', 'missing', 'skipped', 'neutral', 'success'];

/** Conclusions that no amount of waiting turns into success (short of a re-run). */
const CONCLUSIVE: ReadonlySet<CheckState> = new Set(['failure', 'error', 'cancelled', 'skipped', 'neutral']);

function worst(a: Observation, b: Observation): Observation {
  return SEVERITY.indexOf(b.state) < SEVERITY.indexOf(a.state) ? b : a;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

function why(name: string, state: CheckState, sha: string, what: string): string {
  const at = shortSha(sha);
  switch (state) {
    case 'failure':
      return `required ${what} "${name}" failed for ${at}`;
    case 'error':
      return `required ${what} "${name}" errored for ${at}`;
    case 'cancelled':
      return `required ${what} "${name}" was cancelled for ${at}`;
    case 'pending':
      return `required ${what} "${name}" has not finished for ${at} (pending)`;
    case 'missing':
      return `required ${what} "${name}" has not reported for ${at}: nothing by that name for this exact commit (not started yet, or a path-filtered workflow that never runs for this change — make it always report, or drop it from \`required\`)`;
    case 'skipped':
    case 'neutral':
      return `required ${what} "${name}" concluded ${state} for ${at}: GitHub counts ${state} as passing, bosun does not — nothing was verified for this commit`;
    case 'success':
      return '';
  }
}

export interface VerdictInput {
  provider: CiProviderName;
  sha: string;
  required: readonly string[];
  observations: readonly Observation[];
  /** Problems reading the provider (API errors, rate limiting, malformed answers): each makes the verdict red. */
  problems: readonly string[];
  /** Problems that waiting will not fix (no required checks known, unknown repository). */
  permanent?: readonly string[];
  /** What a check is called in messages: "check", "job". */
  noun?: string;
}

export function buildVerdict(input: VerdictInput): CiVerdict {
  const noun = input.noun ?? 'check';
  const byName = new Map<string, Observation>();
  for (const o of input.observations) {
    const seen = byName.get(o.name);
    byName.set(o.name, seen ? worst(seen, o) : o);
  }
  const required = new Set(input.required);
  for (const o of byName.values()) if (o.required) required.add(o.name);

  const reasons: string[] = [...(input.permanent ?? []), ...input.problems];
  const checks: CiCheck[] = [];
  let conclusive = false;
  for (const name of required) {
    const o = byName.get(name) ?? { name, state: 'missing' as const };
    checks.push({ name, state: o.state, required: true, ...(o.url ? { url: o.url } : {}), ...(o.warning ? { warning: o.warning } : {}) });
    if (o.state !== 'success') reasons.push(why(name, o.state, input.sha, noun));
    if (CONCLUSIVE.has(o.state)) conclusive = true;
  }
  const others = [...byName.values()].filter((o) => !required.has(o.name)).sort((a, b) => a.name.localeCompare(b.name));
  for (const o of others) checks.push({ name: o.name, state: o.state, required: false, ...(o.url ? { url: o.url } : {}), ...(o.warning ? { warning: o.warning } : {}) });

  if (required.size === 0 && reasons.length === 0) reasons.push(`no required ${noun} is known, so nothing proves ${shortSha(input.sha)} green: list them in \`required\``);
  const green = reasons.length === 0;
  const settled = green || (input.permanent?.length ?? 0) > 0 || conclusive || (required.size === 0 && input.problems.length === 0);
  return { green, sha: input.sha, provider: input.provider, checks, reasons, settled };
}

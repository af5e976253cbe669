/** PURE: whether a fact can still be trusted at a given time. */
import type { Fact, FactStatus } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` (UTC) of an epoch-ms time. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function expiryDate(fact: Fact): string {
  return isoDate(Date.parse(`${fact.verified}T00:00:00Z`) + fact.ttlDays * DAY_MS);
}

/** Stale (the last verification failed) wins over expired (verified longer ago than its ttl). */
export function factStatus(fact: Fact, now: number): FactStatus {
  const expires = expiryDate(fact);
  if (fact.staleReason !== null) return { state: 'stale', expires, reason: fact.staleReason };
  if (isoDate(now) > expires) return { state: 'expired', expires, reason: `expired on ${expires} (verified ${fact.verified}, ttl ${fact.ttlDays} days)` };
  return { state: 'fresh', expires, reason: null };
}

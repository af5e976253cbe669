/** A fact of the vault: one markdown file `<id>.md` with a front matter (see docs/facts.md). */
export interface Fact {
  /** Slug, also the file name: `[a-z0-9][a-z0-9-]*`. */
  id: string;
  title: string;
  /** Who answers for it: a person, a team, a project. */
  owner: string;
  evidence: FactEvidence;
  /** `YYYY-MM-DD`: the last day the evidence was checked and held. */
  verified: string;
  /** Days the fact stays trusted after `verified`. */
  ttlDays: number;
  /** Set by `bosun facts verify` when the evidence failed; cleared when it holds again. */
  staleReason: string | null;
  /** Markdown detail; may be empty. */
  body: string;
}

/** What backs a fact. `file` (+ `text` it must still contain) and `command` are checked; `note` is not. */
export interface FactEvidence {
  file?: string;
  text?: string;
  command?: string;
  note?: string;
}

export type FactState = 'fresh' | 'expired' | 'stale';

export interface FactStatus {
  state: FactState;
  /** `YYYY-MM-DD` after which the fact is expired. */
  expires: string;
  /** Why it is not fresh; null when fresh. */
  reason: string | null;
}

export const DEFAULT_TTL_DAYS = 90;
export const FACT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

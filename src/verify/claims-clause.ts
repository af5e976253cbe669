import {
  ADVICE,
  BARE_TESTS,
  COND,
  FAIL,
  FILLER,
  FIX_VERB,
  FUTURE,
  HEDGE,
  IMPERATIVE_START,
  INCOMPLETE,
  LEADIN,
  LIST_SEP,
  NEG,
  ON_CI,
  PAST,
  PHRASES,
  PRED,
  PREMASK,
  RUN_VERB,
  TOPICS,
  type CheckKind,
  type Kind,
} from './claims-lexicon.ts';

/** What one clause says: claims made, checks it says did not come out well, and work it says is left. */
export interface ClauseFindings {
  positives: Array<{ kind: Kind; hedged: boolean }>;
  /** Checks said to fail: they cancel claims that they pass. */
  negatives: Set<CheckKind>;
  /** Checks said not to have been run or verified: they make done/fixed partial, not other claims false. */
  unrun: Set<CheckKind>;
  incomplete: boolean;
  /** The last check topic the clause speaks of, for a later bare "they all pass". */
  topic: CheckKind | null;
}

interface Mention {
  kind: CheckKind;
  start: number;
  end: number;
  /** Bare "checks": tests locally, CI when said to pass on the PR. */
  checks: boolean;
}

/** Lower-cased text with positive negations ("no errors", "0 failing") rewritten to tokens. */
export function premask(text: string): string {
  let t = text.toLowerCase();
  for (const [re, to] of PREMASK) t = typeof to === 'string' ? t.replace(re, to) : t.replace(re, to);
  return t.replace(/\s+/g, ' ');
}

function mentions(t: string): Mention[] {
  const out: Mention[] = [];
  for (const [kind, re] of TOPICS) {
    for (const m of t.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!out.some((o) => start < o.end && end > o.start)) out.push({ kind, start, end, checks: m[0] === 'checks' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const wordCount = (s: string): number => (s.trim() === '' ? 0 : s.trim().split(/\s+/).length);

/** The topics a predicate at `at` is said of, looking back no further than `from`: "lint, types and tests pass". */
function subjectBefore(t: string, ms: Mention[], from: number, at: number): Mention[] {
  const cands = ms.filter((m) => m.start >= from && m.end <= at);
  let cur = cands[cands.length - 1];
  if (!cur || wordCount(t.slice(cur.end, at)) > 6) return [];
  const out = [cur];
  for (let i = cands.length - 2; i >= 0; i--) {
    const prev = cands[i] as Mention;
    if (!LIST_SEP.test(t.slice(prev.end, cur.start))) break;
    out.unshift(prev);
    cur = prev;
  }
  return out;
}

/** The topics a predicate comes before: "passing all 42 tests", "✅ build and lint". */
function subjectAfter(t: string, ms: Mention[], at: number, limit: number): Mention[] {
  const cands = ms.filter((m) => m.start >= at && m.end <= limit);
  let cur = cands[0];
  if (!cur || !LEADIN.test(t.slice(at, cur.start))) return [];
  const out = [cur];
  for (const next of cands.slice(1)) {
    if (!LIST_SEP.test(t.slice(cur.end, next.start))) break;
    out.push(next);
    cur = next;
  }
  return out;
}

/**
 * The part of a clause whose failure words report a failure: with a fix verb, what it fixed (its
 * passive subject or its object, up to the next conjunction) is not one. "The type errors are
 * fixed", "fixed the failing test and 2 tests still fail" → "2 tests still fail".
 */
function failScope(t: string): string {
  const fix = t.search(FIX_VERB);
  if (fix < 0) return t;
  const after = t.slice(fix).search(/,|\b(?:and|but|while|though)\b/);
  return after < 0 ? '' : t.slice(fix + after);
}

/** Claims about checks: each positive predicate with the topics it is said of. */
function checkClaims(t: string, ms: Mention[], carried: CheckKind | null, out: ClauseFindings, used: Set<Mention>): void {
  const hedged = HEDGE.test(t);
  const preds = [...t.matchAll(PRED)];
  let prevEnd = 0;
  preds.forEach((p, i) => {
    const at = p.index;
    const end = at + p[0].length;
    const nextPred = preds[i + 1]?.index ?? t.length;
    let subj = subjectBefore(t, ms, prevEnd, at);
    const before = subj.length > 0;
    if (!before) subj = subjectAfter(t, ms, end, nextPred);
    let kinds: CheckKind[] = subj.map((m) => m.kind);
    if (subj.length === 0 && FILLER.test(t.slice(prevEnd, at))) {
      // "— they all pass": the topic of an earlier clause, or the tests for a bare "pass"/"green".
      const bare = p[0] === 'passmark' ? null : (carried ?? (BARE_TESTS.test(p[0]) ? 'tests-pass' : null));
      if (bare) kinds = [bare];
    }
    prevEnd = end;
    if (kinds.length === 0) return;
    for (const m of subj) used.add(m);
    const subjStart = subj[0]?.start ?? at;
    const prefix = t.slice(0, Math.min(subjStart, at));
    const gap = before ? t.slice((subj[subj.length - 1] as Mention).end, at) : '';
    const nextTopic = ms.find((m) => m.start >= end)?.start ?? t.length;
    const rest = t.slice(end, Math.min(nextTopic, nextPred));
    if (COND.test(prefix) || ADVICE.test(prefix) || IMPERATIVE_START.test(t)) return;
    // "CI should go green once the cache refreshes": a guess about a condition is no claim.
    if (hedged && COND.test(t.slice(end))) return;
    if (FUTURE.test(prefix) || FUTURE.test(gap) || /\bto\s*$/.test(gap)) return;
    // Negation before the subject counts from the last conjunction: "I didn't touch X and all tests pass".
    const local = prefix.slice(Math.max(0, ...[...prefix.matchAll(/\b(?:and|so|then)\b|,/g)].map((m) => m.index + m[0].length)));
    const negated = NEG.test(gap) || NEG.test(local) || FAIL.test(gap) || (FAIL.test(rest) && !PAST.test(rest));
    if (negated) {
      if (!PAST.test(prefix)) for (const k of kinds) out.negatives.add(k);
      return;
    }
    const onCi = ON_CI.test(t.slice(end));
    // "all checks pass on the PR" is about CI alone; "the tests pass on CI" about both.
    kinds.forEach((kind, i) => {
      if (!(onCi && subj[i]?.checks)) out.positives.push({ kind, hedged });
    });
    if (onCi) out.positives.push({ kind: 'ci-green', hedged });
  });
}

/** Topics the clause says did not pass or were not run: "the tests still fail", "I could not run the tests". */
function negativeStatements(t: string, ms: Mention[], carried: CheckKind | null, out: ClauseFindings, used: Set<Mention>): void {
  if (PAST.test(t) || COND.test(t)) return;
  const failed = FAIL.test(failScope(t));
  const denied = NEG.test(t) && RUN_VERB.test(t);
  if (!failed && !denied) return;
  const into = failed ? out.negatives : out.unrun;
  for (const m of ms) if (!used.has(m)) into.add(m.kind);
  if (ms.length === 0 && carried) into.add(carried);
}

/** Whole-phrase claims: done, fixed, deployed, merged, and a few check claims without a topic word. */
function phraseClaims(t: string, heading: boolean, out: ClauseFindings): void {
  const hedged = HEDGE.test(t);
  const text = t.replace(/^\s*passmark\s+/, '').trim();
  const imperative = IMPERATIVE_START.test(text);
  for (const [kind, re] of PHRASES) {
    if (kind === 'done' && heading) continue;
    if (out.positives.some((p) => p.kind === kind)) continue;
    const m = re.exec(text);
    if (!m) continue;
    const prefix = text.slice(0, m.index);
    if (imperative || COND.test(prefix) || ADVICE.test(prefix) || FUTURE.test(prefix)) continue;
    if (hedged && COND.test(text.slice(m.index + m[0].length))) continue;
    if (NEG.test(prefix)) {
      if (kind === 'done' || kind === 'fixed') out.incomplete = true;
      continue;
    }
    out.positives.push({ kind, hedged });
  }
}

/** Reads one clause (already `premask`ed). `carried` is the check topic of the clauses before it. */
export function analyzeClause(t: string, carried: CheckKind | null, heading: boolean): ClauseFindings {
  const out: ClauseFindings = { positives: [], negatives: new Set(), unrun: new Set(), incomplete: INCOMPLETE.test(t), topic: null };
  const ms = mentions(t);
  const used = new Set<Mention>();
  checkClaims(t, ms, carried, out, used);
  negativeStatements(t, ms, carried, out, used);
  phraseClaims(t, heading, out);
  // "still running in CI; locally they pass": "in CI" says where, the tests are what.
  const topics = ms.filter((m) => !(m.kind === 'ci-green' && /\b(?:in|on) (?:the )?$/.test(t.slice(0, m.start))));
  out.topic = topics[topics.length - 1]?.kind ?? null;
  return out;
}

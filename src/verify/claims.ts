import { analyzeClause, premask } from './claims-clause.ts';
import { CLAUSE_BREAK, LEFTOVER, type CheckKind, type Kind } from './claims-lexicon.ts';
import { sentences } from './claims-text.ts';
import type { Claim } from './types.ts';

const CHECK_KINDS = new Set<Kind>(['tests-pass', 'build-clean', 'typecheck-clean', 'lint-clean', 'ci-green']);
const isCheck = (k: Kind): k is CheckKind => CHECK_KINDS.has(k);

/** A sentence's clauses, each with the word that joined it to the one before ("but", "except"). */
function clauses(t: string): Array<{ text: string; joint: string | null }> {
  const parts = t.split(CLAUSE_BREAK);
  const out: Array<{ text: string; joint: string | null }> = [{ text: parts[0] ?? '', joint: null }];
  for (let i = 1; i < parts.length; i += 2) out.push({ text: parts[i + 1] ?? '', joint: parts[i] ?? null });
  return out.filter((c) => c.text.trim() !== '');
}

/** The claims of one sentence, after its own qualifications: what fails cancels what passes. */
function sentenceClaims(t: string, carried: CheckKind | null, heading: boolean): { claims: Array<{ kind: Kind; hedged: boolean }>; topic: CheckKind | null } {
  const positives: Array<{ kind: Kind; hedged: boolean }> = [];
  const negatives = new Set<CheckKind>();
  const unrun = new Set<CheckKind>();
  let incomplete = false;
  let topic = carried;
  let previous: CheckKind[] = [];
  for (const c of clauses(t)) {
    const f = analyzeClause(c.text, topic, heading);
    // "all tests pass except the flaky one": the exception takes back the claim before it.
    if (c.joint && /^(?:except|apart from|other than)$/.test(c.joint)) {
      for (const k of previous) negatives.add(k);
      incomplete = true;
    }
    positives.push(...f.positives);
    for (const k of f.negatives) negatives.add(k);
    for (const k of f.unrun) unrun.add(k);
    incomplete ||= f.incomplete;
    topic = f.topic ?? topic;
    previous = f.positives.map((p) => p.kind).filter(isCheck);
  }
  // Work left, or a check failing or not run, makes "done" and "fixed" in the same sentence partial.
  const partial = incomplete || negatives.size > 0 || unrun.size > 0;
  const claims = positives.filter((p) => !(isCheck(p.kind) && negatives.has(p.kind)) && !(partial && (p.kind === 'done' || p.kind === 'fixed')));
  return { claims, topic };
}

/**
 * The claims an agent's final message makes, one per kind, in the order they first appear, each
 * with the first sentence that makes it. A claim is hedged ("should pass", "I believe …") only if
 * every sentence making it hedges. A list of what is left ("Remaining: …") withdraws "done". Negated, conditional, future, requested and asked claims are
 * not claims ("the tests still fail", "once CI is green, merge", "please run the tests"), and
 * code, block quotes and quoted text are not read.
 */
export function extractClaims(message: string): Claim[] {
  const found = new Map<Kind, Claim>();
  let carried: CheckKind | null = null;
  let paragraph = -1;
  let leftover = false;
  for (const s of sentences(message)) {
    leftover ||= LEFTOVER.test(s.text.toLowerCase());
    if (s.paragraph !== paragraph) {
      carried = null;
      paragraph = s.paragraph;
    }
    const { claims, topic } = sentenceClaims(premask(s.text), carried, s.heading);
    carried = topic;
    if (s.question) continue;
    for (const c of claims) {
      const seen = found.get(c.kind);
      if (!seen) found.set(c.kind, { kind: c.kind, text: s.display, hedged: c.hedged });
      else if (!c.hedged) seen.hedged = false;
    }
  }
  // "Remaining: the docs" (or a "## TODO" heading) anywhere: the work is not done.
  if (leftover) found.delete('done');
  return [...found.values()];
}

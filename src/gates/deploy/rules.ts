/**
 * What a count may do across a deploy: the rule a table declares in `deploy.<env>.counts`. Pure.
 *
 *   no-decrease   after >= before            unchanged   after == before
 *   no-increase   after <= before            any         recorded, never fails
 *   +-N% (±N%)    |after - before| <= N% of before (N may have decimals; before 0 allows nothing)
 *   +-N           |after - before| <= N
 *   +N..M         before + N <= after <= before + M (either bound may carry a sign: -10..+5)
 *   +N            exactly N more
 *
 * Arithmetic is done on bigints so a rule never rounds its way into passing.
 */

export type CountRule =
  | { kind: 'no-decrease' }
  | { kind: 'no-increase' }
  | { kind: 'unchanged' }
  | { kind: 'any' }
  /** Allowed change as a percentage of `before`: `numerator / denominator` percent. */
  | { kind: 'percent'; numerator: bigint; denominator: bigint; text: string }
  | { kind: 'range'; min: bigint; max: bigint };

export type RuleParse = { ok: true; rule: CountRule } | { ok: false; message: string };

export const RULE_FORMS = ['no-decrease', 'no-increase', 'unchanged', 'any', '+-N%', '+-N', '+N..M', '+N'] as const;

const DECIMAL = /^(\d{1,9})(?:\.(\d{1,6}))?$/;
const SIGNED = /^[+-]?\d{1,15}$/;

function percent(text: string): CountRule | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  return { kind: 'percent', numerator: BigInt(m[1]! + frac), denominator: 10n ** BigInt(frac.length), text };
}

export function parseCountRule(input: string): RuleParse {
  const text = input.trim();
  switch (text) {
    case 'no-decrease':
    case 'no-increase':
    case 'unchanged':
    case 'any':
      return { ok: true, rule: { kind: text } };
  }
  const tolerance = /^(?:\+-|±|\+\/-)\s*(.+)$/.exec(text);
  if (tolerance) {
    const body = tolerance[1]!.trim();
    if (body.endsWith('%')) {
      const rule = percent(body.slice(0, -1).trim());
      if (rule) return { ok: true, rule };
    } else if (/^\d{1,15}$/.test(body)) {
      const n = BigInt(body);
      return { ok: true, rule: { kind: 'range', min: -n, max: n } };
    }
    return { ok: false, message: `"${input}" is not a tolerance: write +-N% (like +-5%) or +-N (like +-100)` };
  }
  const range = /^(\S+?)\s*\.\.\s*(\S+)$/.exec(text);
  if (range) {
    const [lo, hi] = [range[1]!, range[2]!];
    if (!SIGNED.test(lo) || !SIGNED.test(hi)) return { ok: false, message: `"${input}" is not a range: write +N..M with whole numbers (like +0..100 or -10..+5)` };
    const min = BigInt(lo);
    const max = BigInt(hi);
    if (min > max) return { ok: false, message: `"${input}": the range is empty (${lo} is above ${hi})` };
    return { ok: true, rule: { kind: 'range', min, max } };
  }
  if (/^[+-]\d{1,15}$/.test(text)) {
    const n = BigInt(text);
    return { ok: true, rule: { kind: 'range', min: n, max: n } };
  }
  return { ok: false, message: `"${input}" is not a count rule: use ${RULE_FORMS.join(', ')}` };
}

const signed = (n: bigint): string => (n > 0n ? `+${n}` : `${n}`);

export function describeRule(rule: CountRule): string {
  switch (rule.kind) {
    case 'no-decrease':
      return 'may not decrease';
    case 'no-increase':
      return 'may not increase';
    case 'unchanged':
      return 'must stay the same';
    case 'any':
      return 'may change freely';
    case 'percent':
      return `may change by at most ${rule.text}%`;
    case 'range':
      if (rule.min === rule.max) return rule.min === 0n ? 'must stay the same' : `must change by exactly ${signed(rule.min)}`;
      if (rule.min === -rule.max) return `may change by at most ${rule.max}`;
      return `must change by ${signed(rule.min)}..${signed(rule.max)}`;
  }
}

export interface RuleVerdict {
  ok: boolean;
  /** after - before. */
  delta: number;
  /** `120 → 100 (-20): may not decrease`. */
  message: string;
}

function allowed(rule: CountRule, before: bigint, after: bigint): boolean {
  const delta = after - before;
  const abs = delta < 0n ? -delta : delta;
  switch (rule.kind) {
    case 'no-decrease':
      return delta >= 0n;
    case 'no-increase':
      return delta <= 0n;
    case 'unchanged':
      return delta === 0n;
    case 'any':
      return true;
    case 'percent':
      // |delta| <= before * (numerator / denominator) / 100, kept in integers.
      return abs * 100n * rule.denominator <= before * rule.numerator;
    case 'range':
      return delta >= rule.min && delta <= rule.max;
  }
}

/** Judges one count: `before` and `after` are exact row counts (non-negative safe integers). */
export function evaluateCount(rule: CountRule, before: number, after: number): RuleVerdict {
  for (const n of [before, after]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a row count must be a non-negative safe integer, got ${n}`);
  }
  const ok = allowed(rule, BigInt(before), BigInt(after));
  const delta = after - before;
  const change = delta === 0 ? 'unchanged' : delta > 0 ? `+${delta}` : `${delta}`;
  return { ok, delta, message: `${before} → ${after} (${change}): ${describeRule(rule)}` };
}

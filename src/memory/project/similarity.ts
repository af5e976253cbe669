/**
 * Near-duplicate detection, PURE: Jaccard similarity of normalised word sets and of character trigrams.
 * Word sets catch re-ordered or re-punctuated restatements; trigrams catch small spelling changes.
 */

const STOP = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'is', 'are', 'be', 'it', 'for', 'with', 'at', 'by', 'as', 'this', 'that',
  'here', 'there', 'we', 'our', 'you', 'your', 'its', 'was', 'were', 'has', 'have', 'so', 'then', 'just', 'very', 'really',
]);

const NUMBER_WORDS: Record<string, string> = { one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10' };

/** A crude stem, enough for restatements: "compiled"/"compiles"/"compile", "modules"/"module", "takes"/"take". */
function stem(w: string): string {
  const n = NUMBER_WORDS[w];
  if (n) return n;
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) return w.slice(0, -1);
  return w;
}

export const WORD_THRESHOLD = 0.65;
export const TRIGRAM_THRESHOLD = 0.7;

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`'"“”‘’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function words(text: string): Set<string> {
  return new Set(
    normalise(text)
      .split(' ')
      .filter((w) => w && !STOP.has(w))
      .map(stem),
  );
}

function trigrams(text: string): Set<string> {
  const s = ` ${normalise(text)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** Similarity in [0, 1]: the larger of the two measures. */
export function similarity(a: string, b: string): number {
  return Math.max(jaccard(words(a), words(b)), jaccard(trigrams(a), trigrams(b)));
}

export function isNearDuplicate(a: string, b: string): boolean {
  return jaccard(words(a), words(b)) >= WORD_THRESHOLD || jaccard(trigrams(a), trigrams(b)) >= TRIGRAM_THRESHOLD;
}

/** The most similar existing lesson that counts as a near-duplicate of `text`, if any. */
export function findNearDuplicate<T extends { id: string; text: string }>(text: string, existing: readonly T[]): { lesson: T; score: number } | null {
  let best: { lesson: T; score: number } | null = null;
  for (const e of existing) {
    if (!isNearDuplicate(text, e.text)) continue;
    const score = similarity(text, e.text);
    if (!best || score > best.score) best = { lesson: e, score };
  }
  return best;
}

/** Brace expansion (`{a,b}`, `{1..3}`) over the unquoted characters of a word. */

const MAX_BRACE = 64;

/** A word's characters and, per character, its mode: L unquoted literal, E unquoted expansion, Q quoted. */
export interface Piece {
  s: string;
  m: string;
}

function braceSequence(inner: string): string[] | null {
  const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner);
  const chr = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(inner);
  const m = num ?? chr;
  if (!m) return null;
  const from = num ? Number(m[1]) : (m[1] as string).charCodeAt(0);
  const to = num ? Number(m[2]) : (m[2] as string).charCodeAt(0);
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  if (Math.abs(to - from) / step > MAX_BRACE) throw new RangeError('brace');
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) out.push(num ? String(v) : String.fromCharCode(v));
  return out;
}

export function braceExpand(p: Piece, budget: { n: number }): Piece[] {
  for (let i = 0; i < p.s.length; i++) {
    if (p.s[i] !== '{' || p.m[i] !== 'L') continue;
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let j = i + 1; j < p.s.length; j++) {
      if (p.m[j] !== 'L') continue;
      const c = p.s[j];
      if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (c === '}') {
        close = j;
        break;
      } else if (c === ',' && depth === 0) commas.push(j);
    }
    if (close < 0) return [p];
    const pre = { s: p.s.slice(0, i), m: p.m.slice(0, i) };
    const post = { s: p.s.slice(close + 1), m: p.m.slice(close + 1) };
    let alts: Piece[];
    if (commas.length > 0) {
      const bounds = [i, ...commas, close];
      alts = bounds.slice(1).map((end, k) => {
        const start = (bounds[k] as number) + 1;
        return { s: p.s.slice(start, end), m: p.m.slice(start, end) };
      });
    } else {
      const seq = /^L+$/.test(p.m.slice(i + 1, close)) ? braceSequence(p.s.slice(i + 1, close)) : null;
      if (!seq) continue;
      alts = seq.map((s) => ({ s, m: 'Q'.repeat(s.length) }));
    }
    budget.n += alts.length;
    if (budget.n > MAX_BRACE) throw new RangeError('brace');
    return alts.flatMap((a) => braceExpand({ s: pre.s + a.s + post.s, m: pre.m + a.m + post.m }, budget));
  }
  return [p];
}

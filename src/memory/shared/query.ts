/**
 * PURE: a user's search words -> an FTS5 MATCH expression that cannot be a syntax error. Every term is a
 * quoted string (FTS5 operators, column filters, parentheses and quotes lose their meaning); a trailing `*`
 * keeps its prefix meaning. Terms without a letter or digit are dropped (they would match nothing).
 */
export interface FtsQuery {
  /** Every term must appear. '' when no term is left. */
  all: string;
  /** Any term may appear: the fallback when no lesson has them all. */
  any: string;
  terms: string[];
}

export function buildFtsQuery(input: string): FtsQuery {
  const terms: string[] = [];
  for (const raw of input.split(/\s+/)) {
    const prefix = raw.length > 1 && raw.endsWith('*');
    const word = (prefix ? raw.replace(/\*+$/, '') : raw).trim();
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    terms.push(`"${word.replace(/"/g, '""')}"${prefix ? '*' : ''}`);
  }
  return { all: terms.join(' '), any: terms.join(' OR '), terms };
}

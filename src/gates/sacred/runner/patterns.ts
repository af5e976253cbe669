/**
 * The pattern languages of test runners, as regular expressions. Pure.
 *
 * `globRegExp`: micromatch/picomatch globs as jest, vitest, mocha and node use them — `**`, `*`, `?`,
 * `[…]`, `{a,b}` and the extglobs `?(…)`, `*(…)`, `+(…)`, `@(…)`, `!(…)`; dotfiles match (lenient: a
 * sacred test is more often wrongly "covered" than wrongly "excluded"). `fnmatchRegExp`: Python's fnmatch
 * (pytest's `norecursedirs`, `python_files`, `--ignore-glob`), where `*` crosses `/`.
 */

const cache = new Map<string, RegExp | null>();
const escape = (c: string): string => (/[.+^$()|\\{}[\]*?/]/.test(c) ? '\\' + c : c);

function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j++;
  return j < p.length ? j : -1;
}

function charClass(p: string, i: number, end: number): string {
  let body = p.slice(i + 1, end).replace(/\\/g, '\\\\');
  if (body.startsWith('!')) body = '^' + body.slice(1);
  return `[${body}]`;
}

/** The index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(p: string, open: number): number {
  let depth = 0;
  for (let j = open; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === '(') depth++;
    else if (p[j] === ')' && --depth === 0) return j;
  }
  return -1;
}

/** Splits on `sep` at nesting depth 0 of (), {} and []. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let j = 0; j < s.length; j++) {
    const c = s[j]!;
    if (c === '\\') {
      cur += c + (s[j + 1] ?? '');
      j++;
      continue;
    }
    if (c === '(' || c === '{' || c === '[') depth++;
    if (c === ')' || c === '}' || c === ']') depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function braceEnd(p: string, open: number): number {
  let depth = 0;
  for (let j = open; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === '{') depth++;
    else if (p[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function translate(p: string): string {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    const next = p[i + 1];
    if ('?*+@!'.includes(c) && next === '(') {
      const end = groupEnd(p, i + 1);
      if (end !== -1) {
        const alts = splitTop(p.slice(i + 2, end), '|').map(translate).join('|');
        re += c === '?' ? `(?:${alts})?` : c === '*' ? `(?:${alts})*` : c === '+' ? `(?:${alts})+` : c === '@' ? `(?:${alts})` : `(?:(?!(?:${alts})(?:/|$))[^/]*)`;
        i = end;
        continue;
      }
    }
    if (c === '*' && next === '*') {
      const atStart = i === 0 || p[i - 1] === '/';
      const after = p[i + 2];
      if (atStart && after === '/') {
        re += '(?:[^/]*/)*';
        i += 2;
        continue;
      }
      if (atStart && after === undefined) {
        re += '.*';
        i += 1;
        continue;
      }
      re += '[^/]*';
      i += 1;
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = classEnd(p, i);
      if (end === -1) re += '\\[';
      else {
        re += charClass(p, i, end);
        i = end;
      }
    } else if (c === '{') {
      const end = braceEnd(p, i);
      const alts = end === -1 ? null : splitTop(p.slice(i + 1, end), ',');
      if (alts && alts.length > 1) {
        re += `(?:${alts.map(translate).join('|')})`;
        i = end;
      } else re += '\\{';
    } else if (c === '\\' && next !== undefined) {
      re += escape(next);
      i++;
    } else re += escape(c);
  }
  return re;
}

/** A glob (no leading `!`) as an anchored RegExp; null when it cannot be compiled. */
export function globRegExp(glob: string): RegExp | null {
  const key = 'g' + glob;
  if (cache.has(key)) return cache.get(key)!;
  let re: RegExp | null;
  try {
    re = new RegExp('^' + translate(glob.replace(/^\.\//, '')) + '$', 's');
  } catch {
    re = null;
  }
  cache.set(key, re);
  return re;
}

export function fnmatchRegExp(pattern: string): RegExp | null {
  const key = 'f' + pattern;
  if (cache.has(key)) return cache.get(key)!;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = classEnd(pattern, i);
      if (end === -1) re += '\\[';
      else {
        re += charClass(pattern, i, end);
        i = end;
      }
    } else re += escape(c);
  }
  let out: RegExp | null;
  try {
    out = new RegExp('^' + re + '$', 's');
  } catch {
    out = null;
  }
  cache.set(key, out);
  return out;
}

export const hasGlobChars = (s: string): boolean => /[*?[{]|[?*+@!]\(/.test(s);

/** A regular expression from a config string (jest's testPathIgnorePatterns …); null when invalid. */
export function userRegExp(source: string, flags = ''): RegExp | null {
  try {
    return new RegExp(source, flags);
  } catch {
    return null;
  }
}

/** `a/b/c.js` is `dir` or below it (`dir` relative, `.` or empty for the root). */
export function isUnder(file: string, dir: string): boolean {
  const d = dir.replace(/^\.\//, '').replace(/\/+$/, '');
  return d === '' || d === '.' || file === d || file.startsWith(d + '/');
}

/**
 * A light shell tokenizer for recognising check runs: enough of POSIX shell to find the simple
 * commands of a line and the operators between them. It is not a safety analysis (that is
 * `policy`'s job): a construct it does not follow only makes a run fail to count as a check.
 */

/** What separates a command from the next one; `(`/`)` mark a subshell or `{ …; }` group. */
export type Op = '&&' | '||' | ';' | '|' | '|&' | '&' | '(' | ')';

export type Token = { kind: 'word'; value: string; raw: string } | { kind: 'op'; op: Op };

/** A simple command: its words (quotes removed, redirections dropped) and the operator after it. */
export interface Segment {
  words: string[];
  /** Raw text of each word, to tell `$VAR` from a literal. */
  raw: string[];
  next: Op | null;
  /** Written as `! cmd`: its status is inverted. */
  bang: boolean;
  /** Subshell/group depth, for scoping `cd`. */
  depth: number;
}

const OPS: Op[] = ['&&', '||', '|&', ';', '|', '&', '(', ')'];
const REDIRECT = /^(?:\d*|&)(?:>&|<&|>>|>\||<<<|<<-?|<>|>|<)/;

/** Reads a `$(…)`, `${…}` or backtick span starting at `i`, returning the index after it. */
function skipNested(s: string, i: number): number {
  const open = s[i] === '`' ? '`' : s[i + 1] === '{' ? '{' : '(';
  if (open === '`') {
    const end = s.indexOf('`', i + 1);
    return end < 0 ? s.length : end + 1;
  }
  const close = open === '{' ? '}' : ')';
  let depth = 0;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === open) depth++;
    else if (s[j] === close && --depth === 0) return j + 1;
  }
  return s.length;
}

/** Splits a command line into words and operators. Comments and heredoc bodies are dropped. */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const heredocs: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\n') {
      out.push({ kind: 'op', op: ';' });
      i++;
      // Heredoc bodies start on the next line and run to their delimiter.
      for (const delim of heredocs.splice(0)) {
        const re = new RegExp(`^\\s*${delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm');
        const m = re.exec(s.slice(i));
        i = m ? i + m.index + m[0].length : s.length;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || (c === '\\' && s[i + 1] === '\n')) {
      i += c === '\\' ? 2 : 1;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    const redirect = REDIRECT.exec(s.slice(i));
    if (op && !(op === '&' && s[i + 1] === '>')) {
      out.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    if (redirect) {
      i += redirect[0].length;
      // `2>&1`, `>&2`: the target is a descriptor, not a word.
      const fd = /^\s*(?:\d+|-)(?![^\s;&|()<>])/.exec(s.slice(i));
      const dup = redirect[0].endsWith('&');
      const word = dup && fd ? null : readWord(s, i);
      if (dup && fd) i += fd[0].length;
      else if (word) {
        i = word.end;
        if (redirect[0].startsWith('<<') && !redirect[0].startsWith('<<<')) heredocs.push(word.value);
      }
      continue;
    }
    const word = readWord(s, i);
    if (!word) {
      i++;
      continue;
    }
    out.push({ kind: 'word', value: word.value, raw: s.slice(i, word.end).trim() });
    i = word.end;
  }
  return out;
}

/** One word from `i`, skipping leading blanks: quotes removed, substitutions kept verbatim. */
function readWord(s: string, start: number): { value: string; end: number } | null {
  let i = start;
  while (s[i] === ' ' || s[i] === '\t') i++;
  let value = '';
  let any = false;
  while (i < s.length) {
    const c = s[i] as string;
    if (/[\s;&|()<>]/.test(c)) break;
    any = true;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      value += s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && /["\\$`]/.test(s[j + 1] ?? '')) j++;
        else if (s[j] === '`' || (s[j] === '$' && s[j + 1] === '(')) {
          const end = skipNested(s, j);
          value += s.slice(j, end);
          j = end - 1;
          continue;
        }
        value += s[j] ?? '';
      }
      i = j + 1;
    } else if (c === '\\') {
      value += s[i + 1] ?? '';
      i += 2;
    } else if (c === '`' || (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{'))) {
      const end = skipNested(s, i);
      value += s.slice(i, end);
      i = end;
    } else {
      value += c;
      i++;
    }
  }
  return any ? { value, end: i } : null;
}

/** The simple commands of a line in order, with `{ … }` and `( … )` flattened and their depth recorded. */
export function segments(line: string): Segment[] {
  const out: Segment[] = [];
  let cur: Segment = { words: [], raw: [], next: null, bang: false, depth: 0 };
  let depth = 0;
  const flush = (next: Op | null): void => {
    if (cur.words.length) out.push({ ...cur, next });
    else if (next && next !== ';' && out.length) (out[out.length - 1] as Segment).next = next;
    cur = { words: [], raw: [], next: null, bang: false, depth };
  };
  for (const t of tokenize(line)) {
    if (t.kind === 'op') {
      if (t.op === '(') {
        flush(null);
        cur.depth = ++depth;
      } else if (t.op === ')') {
        flush(null);
        cur.depth = depth = Math.max(0, depth - 1);
      } else flush(t.op);
      continue;
    }
    if (cur.words.length === 0 && (t.raw === '{' || t.raw === '}')) {
      cur.depth = depth = Math.max(0, depth + (t.raw === '{' ? 1 : -1));
      continue;
    }
    if (cur.words.length === 0 && t.raw === '!') {
      cur.bang = true;
      continue;
    }
    cur.words.push(t.value);
    cur.raw.push(t.raw);
  }
  flush(null);
  return out;
}

import { guardOperands, opaque, unknown, writeArg, type Handler } from './invocation.ts';
import { sliceArg } from './options.ts';
import type { Arg } from './words.ts';

const HARMLESS_LONG = new Set(['posix', 'traditional', 're-interval', 'sandbox', 'characters-as-bytes', 'use-lc-numeric', 'non-decimal-data', 'bignum', 'lint', 'optimize', 'no-optimize']);

/**
 * awk is read-only when its program cannot reach the outside: no `system()`, no pipes (`|`),
 * no `getline`, `fflush`, `close`, no `@include`/`@load`, and no output redirection (`>` or `>>`
 * at the top level of a `print`/`printf` statement). A `>` inside parentheses or outside a print
 * statement is a comparison. Anything else is `unknown`.
 */

/** Removes string literals and regex literals, which may contain `|` or `>` harmlessly. */
function stripLiterals(p: string): string {
  let out = '';
  let prev = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '"') {
      for (i++; i < p.length && p[i] !== '"'; i++) if (p[i] === '\\') i++;
      out += '""';
      prev = '"';
      continue;
    }
    // a `/` where an operand is expected starts a regex; elsewhere it divides
    if (c === '/' && (prev === '' || '(,{;!~&|=\n'.includes(prev))) {
      let j = i + 1;
      for (; j < p.length && p[j] !== '/' && p[j] !== '\n'; j++) if (p[j] === '\\') j++;
      if (p[j] === '/') {
        out += '//';
        i = j;
        prev = '/';
        continue;
      }
    }
    if (c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
      out += '\n';
      prev = '\n';
      continue;
    }
    out += c;
    if (!/\s/.test(c) || c === '\n') prev = c;
  }
  return out;
}

export function awkReaches(program: string): string | null {
  const p = stripLiterals(program);
  const word = /\b(system|getline|fflush|close)\b/.exec(p);
  if (word) return word[1] as string;
  if (/@(include|load|namespace)/.test(p)) return '@include';
  if (/(^|[^|])\|(?!\|)/.test(p)) return 'a pipe';
  for (const stmt of p.split(/[;{}\n]/)) {
    if (!/\bprintf?\b/.test(stmt)) continue;
    let depth = 0;
    for (const c of stmt.slice(stmt.search(/\bprintf?\b/))) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === '>' && depth <= 0) return 'output redirection';
    }
  }
  return null;
}

export const awk: Handler = (inv, fx) => {
  const programs: Arg[] = [];
  const operands: Arg[] = [];
  let fromFile = false;
  let inPlace = false;
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!v.startsWith('-') || v === '-') {
      operands.push(a);
      continue;
    }
    if (v.startsWith('--')) {
      const [name, val] = v.slice(2).split('=', 2) as [string, string | undefined];
      if (HARMLESS_LONG.has(name)) continue;
      const value = val !== undefined ? sliceArg(a, v.indexOf('=') + 1) : args[++i];
      if (name === 'file') fromFile = true;
      else if (name === 'source' && value) programs.push(value);
      else if (name === 'include' && value?.value === 'inplace') inPlace = true;
      else if (name !== 'field-separator' && name !== 'assign') return unknown(fx, `awk option --${name}`);
      continue;
    }
    const flag = v.slice(0, 2);
    const value = v.length > 2 ? sliceArg(a, 2) : args[++i];
    if (flag === '-F' || flag === '-v') continue;
    if (flag === '-f') fromFile = true;
    else if (flag === '-e' && value) programs.push(value);
    else if (flag === '-i' && value?.value === 'inplace') inPlace = true;
    else return unknown(fx, `awk option ${v}`);
  }
  if (fromFile) opaque(fx, 'awk runs a program from a file');
  else if (programs.length === 0) {
    const first = operands.shift();
    if (first) programs.push(first);
  }
  for (const prog of programs) {
    if (prog.dyn.length) return unknown(fx, `the awk program depends on ${prog.dyn.join(', ')}`);
    const why = awkReaches(prog.value);
    if (why) {
      unknown(fx, `the awk program uses ${why}`);
      fx.code.push(prog.value);
    }
  }
  if (!inPlace) return;
  guardOperands(fx, operands, 'awk -i inplace');
  for (const f of operands) if (!/^[A-Za-z_]\w*=/.test(f.value)) writeArg(inv, fx, f, 'awk -i inplace');
};

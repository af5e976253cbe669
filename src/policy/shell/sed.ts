import { guardOperands, opaque, unknown, writeArg, type Handler } from './invocation.ts';
import { sliceArg } from './options.ts';
import { literalArg, type Arg } from './words.ts';

/**
 * sed: read-only unless `-i` (the file operands are written) or the script writes (`w FILE`,
 * `W FILE`, the `w FILE` flag of `s`) or executes (`e`, the `e` flag of `s`).
 */

export interface SedScan {
  writes: string[];
  executes: boolean;
  /** The scanner did not understand the script: treat it as able to do anything. */
  confused: boolean;
}

const NO_ARG = new Set(['=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F']);

export function scanSed(script: string): SedScan {
  const out: SedScan = { writes: [], executes: false, confused: false };
  let i = 0;
  const s = script;
  const toEol = (): string => {
    const end = s.indexOf('\n', i);
    const text = s.slice(i, end < 0 ? s.length : end);
    i = end < 0 ? s.length : end + 1;
    return text;
  };
  const skipDelimited = (delim: string): boolean => {
    for (; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === delim) {
        i++;
        return true;
      }
    }
    return false;
  };
  const address = (): void => {
    if (s[i] === '/' || s[i] === '\\') {
      const delim = s[i] === '\\' ? (s[++i] ?? '/') : '/';
      i++;
      if (!skipDelimited(delim)) out.confused = true;
      while (s[i] === 'I' || s[i] === 'M') i++;
    } else if (s[i] === '$') i++;
    else while (i < s.length && /[0-9~+]/.test(s[i] as string)) i++;
  };
  while (i < s.length && !out.confused) {
    while (i < s.length && /[\s;}]/.test(s[i] as string)) i++;
    if (i >= s.length) break;
    address();
    if (s[i] === ',') {
      i++;
      address();
    }
    while (s[i] === ' ' || s[i] === '!') i++;
    const c = s[i++] ?? '';
    if (c === '{' || NO_ARG.has(c)) continue;
    if (c === '#' || c === ':' || c === 'a' || c === 'i' || c === 'c') {
      while (c !== '#' && c !== ':' && s.slice(i).match(/^[^\n]*\\\n/)) toEol();
      toEol();
    } else if (c === 'b' || c === 't' || c === 'T' || c === 'v') {
      while (i < s.length && !/[;\n}]/.test(s[i] as string)) i++;
    } else if (c === 'r' || c === 'R') toEol();
    else if (c === 'w' || c === 'W') out.writes.push(toEol().trim());
    else if (c === 'e') {
      out.executes = true;
      toEol();
    } else if (c === 'l' || c === 'L' || c === 'q' || c === 'Q') {
      while (i < s.length && /[0-9 ]/.test(s[i] as string)) i++;
    } else if (c === 's' || c === 'y') {
      const delim = s[i++] ?? '';
      if (delim === '' || delim === '\n' || delim === '\\' || !skipDelimited(delim) || !skipDelimited(delim)) {
        out.confused = true;
        break;
      }
      if (c === 'y') continue;
      while (i < s.length && /[gpiImMe0-9w]/.test(s[i] as string)) {
        const fl = s[i++];
        if (fl === 'e') out.executes = true;
        if (fl === 'w') {
          out.writes.push(toEol().trim());
          break;
        }
      }
    } else out.confused = true;
  }
  return out;
}

export const sed: Handler = (inv, fx) => {
  const scripts: Arg[] = [];
  const files: Arg[] = [];
  const operands: Arg[] = [];
  let inPlace = false;
  let sandbox = false;
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq > 0 ? v.slice(2, eq) : v.slice(2);
      const value = eq > 0 ? sliceArg(a, eq + 1) : undefined;
      if (name === 'in-place') inPlace = true;
      else if (name === 'sandbox') sandbox = true;
      else if (name === 'expression' || name === 'file' || name === 'line-length') {
        const val = value ?? args[++i];
        if (val && name === 'expression') scripts.push(val);
        if (val && name === 'file') files.push(val);
      }
      continue;
    }
    if (!v.startsWith('-') || v === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const c = v[j] as string;
      if (c === 'i' || c === 'I') {
        inPlace = true;
        // BSD sed: `-i ''` takes the (empty) backup suffix as a separate word
        if (j === v.length - 1 && args[i + 1]?.value === '') i++;
        break;
      }
      if (c === 'e' || c === 'f' || c === 'l') {
        const val = j + 1 < v.length ? sliceArg(a, j + 1) : args[++i];
        if (val && c === 'e') scripts.push(val);
        if (val && c === 'f') files.push(val);
        break;
      }
    }
  }
  if (scripts.length === 0 && files.length === 0) {
    const first = operands.shift();
    if (first) scripts.push(first);
  }
  if (files.length) opaque(fx, `sed runs the script in ${files.map((f) => f.display).join(', ')}`);
  for (const sc of scripts) {
    if (sandbox) break;
    if (sc.dyn.length) {
      unknown(fx, `the sed script depends on ${sc.dyn.join(', ')}`);
      continue;
    }
    const scan = scanSed(sc.value);
    if (scan.executes) unknown(fx, 'the sed script runs commands (e)');
    if (scan.confused) unknown(fx, 'bosun cannot read the sed script');
    for (const w of scan.writes) writeArg(inv, fx, literalArg(w), 'sed w');
  }
  if (!inPlace) return;
  guardOperands(fx, inv.args, 'sed -i');
  for (const f of operands) writeArg(inv, fx, f, 'sed -i');
};

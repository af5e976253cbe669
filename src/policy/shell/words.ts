import type { Node } from './parse.ts';
import { braceExpand, type Piece } from './brace.ts';
import { DYN } from './markers.ts';
import { decodeAnsiC, decodeDoubleQuoted } from './quoting.ts';
import { lookupVar, type Scope } from './scope.ts';

/**
 * Static evaluation of shell words: quotes, escapes, ANSI-C strings, concatenation, variables known
 * from earlier assignments, brace expansion, `~`, and word splitting of unquoted expansions.
 * A part whose value cannot be known becomes the DYN marker, so later code can tell "this target is
 * unknown" from "this argument is not a target".
 */

export interface Arg {
  /** The word after expansion; contains DYN where the value is unknown. */
  value: string;
  /** What the agent wrote (source text) when the word is dynamic; else `value`. */
  display: string;
  /** Unquoted glob characters (or a `for` variable standing for matches of a pattern). */
  glob: boolean;
  /** The dynamic parts, e.g. `$F`, `$(…)`: empty for a fully known word. */
  dyn: string[];
  /** An unquoted dynamic part may split into several words (and so inject options). */
  splitRisk: boolean;
  /** Added by bosun (the arguments xargs appends): not shown in argv. */
  synthetic?: boolean;
}

/** Which alternative to take for a variable with several known values (see command variants). */
export type Choices = ReadonlyMap<string, number>;

/* Modes, one per character: L = unquoted literal (brace, tilde, glob apply), E = unquoted expansion
   result (splitting and glob apply), Q = quoted or escaped (nothing applies). */
interface Buf {
  /** Show the source text rather than the value (a `<(…)` argument is a pipe's path). */
  showSource: boolean;
  s: string;
  m: string;
  dyn: string[];
  quotedPart: boolean;
  globAlt: boolean;
}

export interface EvalEnv {
  scope: Scope;
  choices: Choices;
  /** Filled with the names of variables that have several alternatives. */
  multi: Set<string>;
}

function push(b: Buf, text: string, mode: 'L' | 'E' | 'Q'): void {
  b.s += text;
  b.m += mode.repeat(text.length);
}

function pushDyn(b: Buf, reason: string, quoted: boolean): void {
  push(b, DYN, quoted ? 'Q' : 'E');
  b.dyn.push(reason);
}

function decodeUnquoted(b: Buf, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      const n = text[i + 1] as string;
      i++;
      if (n !== '\n') push(b, n, 'Q');
    } else push(b, c, c === '\\' ? 'Q' : 'L');
  }
}

function expandVar(b: Buf, env: EvalEnv, name: string, source: string, quoted: boolean): void {
  const v = lookupVar(env.scope, name);
  if (v === 'dynamic' || v.alts.length === 0) {
    pushDyn(b, source, quoted);
    return;
  }
  if (v.alts.length > 1) env.multi.add(name);
  const alt = v.alts[Math.min(env.choices.get(name) ?? 0, v.alts.length - 1)] ?? v.alts[0];
  if (!alt) return;
  if (alt.glob) b.globAlt = true;
  push(b, alt.text, quoted ? 'Q' : 'E');
}

function expansion(b: Buf, env: EvalEnv, node: Node, quoted: boolean): void {
  const named = node.namedChildren;
  const only = named.length === 1 ? named[0] : undefined;
  if (node.type === 'simple_expansion' && only && only.type === 'variable_name') return expandVar(b, env, only.text, node.text, quoted);
  if (node.type === 'expansion' && only && only.type === 'variable_name' && node.childCount === 3) {
    return expandVar(b, env, only.text, node.text, quoted);
  }
  pushDyn(b, node.text, quoted);
}

function walkPart(b: Buf, env: EvalEnv, node: Node, quoted: boolean): void {
  switch (node.type) {
    case 'word':
      if (quoted) push(b, node.text, 'Q');
      else decodeUnquoted(b, node.text);
      return;
    case 'number':
      push(b, node.text, quoted ? 'Q' : 'L');
      return;
    case 'raw_string':
      b.quotedPart = true;
      push(b, node.text.slice(1, -1), 'Q');
      return;
    case 'ansi_c_string':
      b.quotedPart = true;
      push(b, decodeAnsiC(node.text), 'Q');
      return;
    case 'string':
    case 'translated_string':
      b.quotedPart = true;
      for (const c of node.children) {
        if (c.type === '"') continue;
        if (c.type === 'string_content') push(b, decodeDoubleQuoted(c.text), 'Q');
        else walkPart(b, env, c, true);
      }
      return;
    case 'concatenation':
    case 'command_name':
      for (const c of node.children) walkPart(b, env, c, quoted);
      return;
    case 'simple_expansion':
    case 'expansion':
      expansion(b, env, node, quoted);
      return;
    case 'process_substitution':
      // the word becomes a pipe's path; the code inside is walked separately
      b.showSource = true;
      push(b, '/dev/fd/63', 'Q');
      return;
    case 'brace_expression':
      push(b, node.text, quoted ? 'Q' : 'L');
      return;
    case 'command_substitution':
    case 'arithmetic_expansion':
      pushDyn(b, node.type === 'arithmetic_expansion' ? '$((…))' : '$(…)', quoted);
      return;
    default:
      if (!node.isNamed && node.type !== '"') push(b, node.text, quoted ? 'Q' : 'L');
      else pushDyn(b, node.text, quoted);
  }
}

function tilde(p: Piece, b: Buf, env: EvalEnv): Piece {
  if (p.s[0] !== '~' || p.m[0] !== 'L') return p;
  let end = 1;
  while (end < p.s.length && p.s[end] !== '/' && p.m[end] === 'L') end++;
  if (end < p.s.length && p.s[end] !== '/') return p;
  const user = p.s.slice(1, end);
  let value: string | null = null;
  if (user === '') {
    const home = lookupVar(env.scope, 'HOME');
    value = home !== 'dynamic' && home.alts.length === 1 ? (home.alts[0]?.text ?? null) : null;
  }
  else if (user === '+') value = env.scope.cwds.length === 1 ? (env.scope.cwds[0] ?? null) : null;
  else if (user === '-') value = env.scope.oldpwd;
  if (value === null) {
    b.dyn.push(p.s.slice(0, end));
    value = DYN;
  }
  return { s: value + p.s.slice(end), m: 'Q'.repeat(value.length) + p.m.slice(end) };
}

function split(p: Piece, keepEmpty: boolean): Piece[] {
  const out: Piece[] = [];
  let cur: Piece = { s: '', m: '' };
  let started = false;
  for (let i = 0; i < p.s.length; i++) {
    const c = p.s[i] as string;
    const mode = p.m[i] as string;
    if (mode === 'E' && (c === ' ' || c === '\t' || c === '\n')) {
      if (started) out.push(cur);
      cur = { s: '', m: '' };
      started = false;
      continue;
    }
    cur.s += c;
    cur.m += mode;
    started = true;
  }
  if (started || (keepEmpty && out.length === 0)) out.push(cur);
  return out;
}

function hasGlob(p: Piece): boolean {
  for (let i = 0; i < p.s.length; i++) {
    if (p.m[i] !== 'Q' && (p.s[i] === '*' || p.s[i] === '?' || p.s[i] === '[')) return true;
  }
  return false;
}

function newBuf(): Buf {
  return { showSource: false, s: '', m: '', dyn: [], quotedPart: false, globAlt: false };
}

function toArg(p: Piece, b: Buf, source: string): Arg {
  const dyn = p.s.includes(DYN) ? b.dyn : [];
  let splitRisk = false;
  for (let i = 0; i < p.s.length; i++) if (p.s[i] === DYN && p.m[i] === 'E') splitRisk = true;
  return { value: p.s, display: dyn.length || b.showSource ? source : p.s, glob: b.globAlt || hasGlob(p), dyn: [...dyn], splitRisk };
}

function walkParts(b: Buf, env: EvalEnv, nodes: readonly Node[]): void {
  nodes.forEach((n, i) => {
    // `$"…"` (a translated string) comes out of tree-sitter as a lone `$` before the string
    if (n.type === '$' && nodes[i + 1]?.type === 'string') return;
    walkPart(b, env, n, false);
  });
}

/**
 * A command word → the words it becomes (none, for an unquoted empty expansion). `node` may be
 * several adjacent nodes that tree-sitter split but the shell reads as one word.
 */
export function evalWord(node: Node | readonly Node[], env: EvalEnv): Arg[] {
  const nodes = Array.isArray(node) ? node : [node as Node];
  const source = nodes.map((n) => n.text).join('');
  const b = newBuf();
  walkParts(b, env, nodes);
  let pieces: Piece[];
  try {
    pieces = braceExpand({ s: b.s, m: b.m }, { n: 0 });
  } catch {
    return [{ value: DYN, display: source, glob: false, dyn: ['brace expansion'], splitRisk: true }];
  }
  const ifsChanged = env.scope.vars.has('IFS') && /E/.test(b.m);
  const out: Arg[] = [];
  for (const piece of pieces) {
    const t = tilde(piece, b, env);
    if (ifsChanged) {
      out.push({ value: DYN, display: source, glob: true, dyn: ['$IFS'], splitRisk: true });
      continue;
    }
    for (const w of split(t, b.quotedPart)) out.push(toArg(w, b, source));
  }
  return out;
}

/** An assignment value (`F=~/x`): no splitting, no brace expansion, no globbing. */
export function evalAssignment(node: Node | null, env: EvalEnv): Arg {
  if (!node) return literalArg('');
  const b = newBuf();
  walkPart(b, env, node, false);
  const t = tilde({ s: b.s, m: b.m }, b, env);
  const dyn = t.s.includes(DYN) ? b.dyn : [];
  return { value: t.s, display: dyn.length ? node.text : t.s, glob: b.globAlt, dyn, splitRisk: false };
}

/** A word as a fixed string (a literal `Arg`), for arguments bosun builds itself. */
export function literalArg(value: string, synthetic = false): Arg {
  return { value, display: value, glob: false, dyn: value.includes(DYN) ? ['(unknown)'] : [], splitRisk: false, synthetic };
}

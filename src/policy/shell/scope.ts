import type { Node } from './parse.ts';
import { isSafePath } from './paths.ts';

/** One possible value of a variable; `glob` when it stands for files matching a pattern (`for f in src/*.ts`). */
export interface VarAlt {
  text: string;
  glob: boolean;
}

/** A shell function: its body (several when branches defined it differently); `maybe` when on some path it is not defined at all. */
export interface FuncDef {
  bodies: Node[];
  maybe: boolean;
}

/** Known alternatives (assigned on different branches or by a `for` list), or a value bosun cannot know. */
export type VarValue = { alts: VarAlt[] } | 'dynamic';

/**
 * What the shell knows at one point of the command line. `cwds` lists every directory the shell may
 * be in (a `cd` that may fail leaves two), primary first; `null` stands for a directory bosun cannot know.
 */
export interface Scope {
  cwds: Array<string | null>;
  oldpwd: string | null;
  /** `pushd` stack; null when it cannot be known. */
  dirStack: Array<string | null> | null;
  /** Variables assigned on this command line. Absent means inherited from the environment: unknown. */
  vars: Map<string, VarValue>;
  exported: Set<string>;
  /** A sourced file or a dynamic `eval` may have set any variable. */
  tainted: boolean;
  funcs: Map<string, FuncDef>;
  /** `PATH` (or `hash -p`) was changed, so a bare command name may run any program. */
  pathChanged: boolean;
  /** `$0`, `$1` … when known (`bash -c 'code' argv0 arg1`); a null entry is an unknown word. */
  positional: Array<string | null> | null;
  home: string | null;
  repoRoot: string | null;
}

const MAX_CWDS = 8;
const MAX_ALTS = 24;

export function rootScope(cwd: string, home: string | null, repoRoot: string | null): Scope {
  const vars = new Map<string, VarValue>();
  const exported = new Set<string>();
  if (home !== null) {
    vars.set('HOME', { alts: [{ text: home, glob: false }] });
    exported.add('HOME');
  }
  return {
    cwds: [cwd],
    oldpwd: null,
    dirStack: [],
    vars,
    exported,
    tainted: false,
    funcs: new Map(),
    pathChanged: false,
    positional: null,
    home,
    repoRoot,
  };
}

export function cloneScope(s: Scope): Scope {
  return {
    ...s,
    cwds: [...s.cwds],
    dirStack: s.dirStack ? [...s.dirStack] : null,
    vars: new Map(s.vars),
    exported: new Set(s.exported),
    funcs: new Map(s.funcs),
    positional: s.positional ? [...s.positional] : null,
  };
}

/** The scope of a child shell (`bash -c`): only exported variables (and functions) survive. */
export function childScope(s: Scope, env: Map<string, VarValue>, positional: Array<string | null> | null): Scope {
  const c = cloneScope(s);
  c.vars = new Map();
  for (const name of s.exported) {
    const v = s.vars.get(name);
    if (v !== undefined) c.vars.set(name, v);
  }
  for (const [k, v] of env) {
    c.vars.set(k, v);
    c.exported.add(k);
  }
  // only `export -f` functions reach a child shell, and bosun does not track that: none do
  c.funcs = new Map();
  c.positional = positional;
  c.dirStack = [];
  return c;
}

function uniqCwds(list: Array<string | null>): Array<string | null> {
  const out = [...new Set(list)];
  if (out.length <= MAX_CWDS) return out;
  return [...out.slice(0, MAX_CWDS - 1), null];
}

function mergeValue(a: VarValue | undefined, b: VarValue | undefined): VarValue {
  if (a === undefined || b === undefined || a === 'dynamic' || b === 'dynamic') return 'dynamic';
  const seen = new Map<string, VarAlt>();
  for (const alt of [...a.alts, ...b.alts]) seen.set(`${alt.glob ? 'g' : 'l'}${alt.text}`, alt);
  return seen.size > MAX_ALTS ? 'dynamic' : { alts: [...seen.values()] };
}

function mergeFuncs(a: Map<string, FuncDef>, b: Map<string, FuncDef>): Map<string, FuncDef> {
  if (a === b) return a;
  const out = new Map<string, FuncDef>();
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const fa = a.get(k);
    const fb = b.get(k);
    if (fa && fb) out.set(k, { bodies: [...new Set([...fa.bodies, ...fb.bodies])], maybe: fa.maybe || fb.maybe });
    else out.set(k, { bodies: (fa ?? fb)?.bodies ?? [], maybe: true });
  }
  return out;
}

/** The scope after either of two paths was taken. */
export function mergeScopes(a: Scope, b: Scope): Scope {
  if (a === b) return a;
  const vars = new Map<string, VarValue>();
  for (const k of new Set([...a.vars.keys(), ...b.vars.keys()])) {
    const va = a.vars.get(k);
    const vb = b.vars.get(k);
    vars.set(k, va === vb ? (va as VarValue) : mergeValue(va, vb));
  }
  const sameStack =
    a.dirStack !== null && b.dirStack !== null && a.dirStack.length === b.dirStack.length && a.dirStack.every((d, i) => d === b.dirStack?.[i]);
  return {
    cwds: uniqCwds([...a.cwds, ...b.cwds]),
    oldpwd: a.oldpwd === b.oldpwd ? a.oldpwd : null,
    dirStack: sameStack ? a.dirStack : null,
    vars,
    exported: new Set([...a.exported, ...b.exported]),
    tainted: a.tainted || b.tainted,
    funcs: mergeFuncs(a.funcs, b.funcs),
    pathChanged: a.pathChanged || b.pathChanged,
    positional: a.positional,
    home: a.home,
    repoRoot: a.repoRoot,
  };
}

export function sameCwds(a: Scope, b: Scope): boolean {
  return a.cwds.length === b.cwds.length && a.cwds.every((c, i) => c === b.cwds[i]);
}

/** The value of `$name`, or 'dynamic' when it cannot be known. */
export function lookupVar(s: Scope, name: string): VarValue {
  if (/^[0-9]$/.test(name)) {
    const v = s.positional?.[Number(name)];
    return v === undefined || v === null || s.tainted ? 'dynamic' : { alts: [{ text: v, glob: false }] };
  }
  if (s.tainted) return 'dynamic';
  if (name === 'PWD') {
    return s.cwds.every((c): c is string => c !== null) ? { alts: s.cwds.map((c) => ({ text: c, glob: false })) } : 'dynamic';
  }
  if (name === 'OLDPWD') return s.oldpwd === null ? 'dynamic' : { alts: [{ text: s.oldpwd, glob: false }] };
  return s.vars.get(name) ?? 'dynamic';
}

export function setVar(s: Scope, name: string, value: VarValue): void {
  s.vars.set(name, value);
  if (name === 'PATH' && (value === 'dynamic' || !value.alts.every((a) => isSafePath(a.text)))) s.pathChanged = true;
}

/** Every cwd becomes `to` (a successful `cd`). */
export function changeDir(s: Scope, to: Array<string | null>): void {
  s.oldpwd = s.cwds.length === 1 ? (s.cwds[0] ?? null) : null;
  s.cwds = uniqCwds(to);
}

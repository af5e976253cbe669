import type { Node } from './parse.ts';
import { cloneScope, lookupVar, setVar, type Scope, type VarValue } from './scope.ts';
import type { Frame } from './sink.ts';
import { walkSubstitutions } from './walk.ts';
import { evalAssignment, type Arg, type EvalEnv } from './words.ts';

/** Variable assignments (`F=x`, `export F=x`, `unset F`), tracked in order so `rm $F` can be resolved. */

export interface Assignment {
  name: string;
  value: Arg;
  append: boolean;
  /** `a[0]=x`, `a=(…)`: bosun does not track arrays. */
  opaque: boolean;
}

export function readAssignment(node: Node, env: EvalEnv): Assignment | null {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return null;
  const value = node.childForFieldName('value');
  const isSub = nameNode.type === 'subscript';
  const name = isSub ? (nameNode.childForFieldName('name')?.text ?? nameNode.text) : nameNode.text;
  return {
    name,
    value: evalAssignment(value, env),
    append: node.children.some((c) => c.type === '+='),
    opaque: isSub || value?.type === 'array',
  };
}

export function valueOf(a: Arg): VarValue {
  return a.dyn.length ? 'dynamic' : { alts: [{ text: a.value, glob: a.glob }] };
}

export function assignInto(s: Scope, a: Assignment): void {
  if (a.opaque) return setVar(s, a.name, 'dynamic');
  if (!a.append) return setVar(s, a.name, valueOf(a.value));
  const old = lookupVar(s, a.name);
  if (old === 'dynamic' || a.value.dyn.length) return setVar(s, a.name, 'dynamic');
  setVar(s, a.name, { alts: old.alts.map((o) => ({ text: o.text + a.value.value, glob: o.glob || a.value.glob })) });
}

export function walkAssignments(nodes: readonly Node[], scope: Scope, f: Frame): Scope {
  const s = cloneScope(scope);
  for (const n of nodes) {
    walkSubstitutions(n, scope, f);
    const a = readAssignment(n, { scope: s, choices: new Map(), multi: new Set() });
    if (a) assignInto(s, a);
  }
  return s;
}

/** `export`, `declare`, `local`, `readonly`, `typeset`. */
export function walkDeclaration(node: Node, scope: Scope, f: Frame): Scope {
  walkSubstitutions(node, scope, f);
  const s = cloneScope(scope);
  const keyword = node.children[0]?.type ?? '';
  const flags = node.namedChildren.filter((c) => c.type === 'word' && c.text.startsWith('-')).map((c) => c.text.slice(1));
  const flag = (ch: string): boolean => flags.some((fl) => fl.includes(ch));
  const exported = keyword === 'export' || flag('x');
  const untracked = flag('n') || flag('a') || flag('A') || flag('i');
  if (flag('f')) return s;
  for (const c of node.namedChildren) {
    if (c.type === 'variable_assignment') {
      const a = readAssignment(c, { scope: s, choices: new Map(), multi: new Set() });
      if (!a) continue;
      if (untracked) setVar(s, a.name, 'dynamic');
      else assignInto(s, a);
      if (exported) s.exported.add(a.name);
      if (flag('n')) setVar(s, a.value.value, 'dynamic');
    } else if (c.type === 'variable_name' || (c.type === 'word' && !c.text.startsWith('-'))) {
      if (exported) s.exported.add(c.text);
      if (untracked) setVar(s, c.text, 'dynamic');
    } else if (c.type !== 'word') {
      // `export $NAME=…`: which variable changes cannot be known
      s.tainted = true;
    }
  }
  return s;
}

export function walkUnset(node: Node, scope: Scope, f: Frame): Scope {
  walkSubstitutions(node, scope, f);
  const s = cloneScope(scope);
  const words = node.namedChildren;
  const fn = words.some((w) => w.text === '-f');
  for (const w of words) {
    if (w.text.startsWith('-')) continue;
    if (w.type !== 'variable_name' && w.type !== 'word') {
      s.tainted = true;
      continue;
    }
    if (fn) s.funcs.delete(w.text);
    else {
      setVar(s, w.text, { alts: [{ text: '', glob: false }] });
      s.funcs.delete(w.text);
    }
  }
  return s;
}

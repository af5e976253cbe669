import type { Outcome, StdinKind } from './invocation.ts';
import type { Node } from './parse.ts';
import { cloneScope, mergeScopes, sameCwds, setVar, type Scope, type VarAlt } from './scope.ts';
import { newSink, type Frame } from './sink.ts';
import { walkSeq, walkSubstitutions } from './walk.ts';
import { evalWord } from './words.ts';

/** if / while / until / for / case / arithmetic: every branch may run, loops any number of times. */

const same = (s: Scope): Outcome => ({ ok: s, fail: s });
const settle = (o: Outcome): Scope => mergeScopes(o.ok, o.fail);

/**
 * Loops run their body zero or more times. A first pass (recorded nowhere) finds what the body
 * changes; whatever it changes (variables, cwd) may change again on every turn, so those become
 * unknown for the real pass and after the loop.
 */
export function walkLoop(scope: Scope, f: Frame, run: (s: Scope, fr: Frame) => { exit: Scope; body: Outcome }): Outcome {
  let entry: Scope;
  if (f.loops < 3) {
    // the probe records into a scratch sink but spends the real budget
    const scratch = { ...newSink(), budget: f.sink.budget };
    const probe = run(cloneScope(scope), { ...f, sink: scratch, loops: f.loops + 1 });
    f.sink.budget = scratch.budget;
    entry = widen(scope, mergeScopes(probe.exit, settle(probe.body)));
  } else entry = { ...cloneScope(scope), cwds: [...scope.cwds, null], tainted: true };
  const r = run(entry, { ...f, loops: f.loops + 1 });
  return same(mergeScopes(entry, mergeScopes(r.exit, settle(r.body))));
}

function widen(before: Scope, after: Scope): Scope {
  const s = mergeScopes(before, after);
  if (!sameCwds(before, after)) s.cwds = [...new Set([...s.cwds, null])];
  for (const [k, v] of after.vars) if (JSON.stringify(v) !== JSON.stringify(before.vars.get(k))) setVar(s, k, 'dynamic');
  return s;
}

/** Children between the keyword that opens a part and the one that closes it. */
function between(kids: readonly Node[], from: string | null, to: readonly string[]): Node[] {
  const start = from === null ? 0 : kids.findIndex((k) => k.type === from) + 1;
  const out: Node[] = [];
  for (let i = start; i < kids.length; i++) {
    const k = kids[i] as Node;
    if (to.includes(k.type)) break;
    out.push(k);
  }
  return out;
}

export function walkIf(node: Node, scope: Scope, f: Frame, stdin: StdinKind): Outcome {
  const branches: Scope[] = [];
  let rest = scope;
  const clauses = [node, ...node.namedChildren.filter((c) => c.type === 'elif_clause')];
  for (const clause of clauses) {
    const kids = clause.children;
    const cond = walkSeq(between(kids, null, ['then']), rest, f, stdin);
    branches.push(settle(walkSeq(between(kids, 'then', ['elif_clause', 'else_clause', 'fi']), cond.ok, f, stdin)));
    rest = cond.fail;
  }
  const els = node.namedChildren.find((c) => c.type === 'else_clause');
  branches.push(els ? settle(walkSeq(els.children, rest, f, stdin)) : rest);
  return same(branches.reduce((a, b) => mergeScopes(a, b)));
}

export function walkWhile(node: Node, scope: Scope, f: Frame, stdin: StdinKind): Outcome {
  const until = node.children[0]?.type === 'until';
  const cond = node.children.filter((c, i) => node.fieldNameForChild(i) === 'condition');
  const body = node.childForFieldName('body');
  return walkLoop(scope, f, (s, fr) => {
    const c = walkSeq(cond, s, fr, stdin);
    const b = body ? walkSeq(body.children, until ? c.fail : c.ok, fr, stdin) : same(s);
    return { exit: until ? c.ok : c.fail, body: b };
  });
}

export function walkFor(node: Node, scope: Scope, f: Frame, stdin: StdinKind): Outcome {
  const variable = node.childForFieldName('variable');
  const values = node.childrenForFieldName('value');
  const body = node.childForFieldName('body');
  for (const v of values) walkSubstitutions(v, scope, f);
  const start = cloneScope(scope);
  if (variable) {
    const hasIn = node.children.some((c) => c.type === 'in');
    const alts: VarAlt[] = [];
    let dynamic = !hasIn;
    for (const v of values) {
      const env = { scope, choices: new Map<string, number>(), multi: new Set<string>() };
      for (const a of evalWord(v, env)) {
        if (a.dyn.length || env.multi.size) dynamic = true;
        alts.push({ text: a.value, glob: a.glob });
      }
    }
    setVar(start, variable.text, dynamic ? 'dynamic' : { alts });
  }
  return walkLoop(start, f, (s, fr) => ({ exit: s, body: body ? walkSeq(body.children, s, fr, stdin) : same(s) }));
}

/** `for ((…))` and `((…))`: arithmetic may assign any variable it names. */
export function walkArithmetic(parts: readonly Node[], scope: Scope, f: Frame): Scope {
  const s = cloneScope(scope);
  const visit = (n: Node): void => {
    if (n.type === 'command_substitution') return walkSubstitutions(n, scope, f);
    if ((n.type === 'variable_name' || n.type === 'word') && /^[A-Za-z_]\w*$/.test(n.text)) setVar(s, n.text, 'dynamic');
    for (const c of n.namedChildren) visit(c);
  };
  parts.forEach(visit);
  return s;
}

export function walkCase(node: Node, scope: Scope, f: Frame, stdin: StdinKind): Outcome {
  const value = node.childForFieldName('value');
  if (value) walkSubstitutions(value, scope, f);
  const ends: Scope[] = [scope];
  for (const item of node.namedChildren.filter((c) => c.type === 'case_item')) {
    const kids = item.children.filter((_c, i) => item.fieldNameForChild(i) !== 'value');
    for (const v of item.childrenForFieldName('value')) walkSubstitutions(v, scope, f);
    ends.push(settle(walkSeq(kids, scope, f, stdin)));
  }
  return same(ends.reduce((a, b) => mergeScopes(a, b)));
}

import { assignInto, readAssignment, type Assignment } from './assignments.ts';
import { dispatch } from './dispatch.ts';
import { invocationFor, type Outcome, type StdinKind } from './invocation.ts';
import type { Node } from './parse.ts';
import { analyseRedirects, applyRedirects, walkRedirectSubstitutions } from './redirects.ts';
import { cloneScope, lookupVar, mergeScopes, setVar, type Scope } from './scope.ts';
import { recordUnknown, type Frame } from './sink.ts';
import { walkPipeline, walkStmt, walkSubstitutions } from './walk.ts';
import { evalWord, type Arg, type Choices, type EvalEnv } from './words.ts';

/** A simple command: prefix assignments, words, redirections → one or more recorded commands. */

/** Words tree-sitter would read as a command name but the shell reads as syntax: a misparse. */
const RESERVED = new Set(['{', '}', '!', '[[', ']]', 'then', 'fi', 'do', 'done', 'esac', 'elif', 'else', 'in', 'function', 'case', 'if', 'while', 'until', 'for', 'select']);

const MAX_VARIANTS = 24;

interface Evaluated {
  env: EvalEnv;
  prefix: Assignment[];
  argv: Arg[];
}

/** Adjacent nodes (no space between) are one shell word that tree-sitter split. */
function groupWords(nodes: readonly Node[]): Node[][] {
  const groups: Node[][] = [];
  let last: Node | null = null;
  for (const n of nodes) {
    const cur = groups[groups.length - 1];
    if (cur && last && last.endIndex === n.startIndex) cur.push(n);
    else groups.push([n]);
    last = n;
  }
  return groups;
}

/**
 * A variable with several possible values (`for f in a b`, or set differently on two branches)
 * makes the command run once per combination, up to MAX_VARIANTS; beyond that they are unknown.
 */
function variants(multi: ReadonlySet<string>, scope: Scope): { scope: Scope; choices: Choices[] } {
  let combos: Array<Map<string, number>> = [new Map()];
  const s = cloneScope(scope);
  for (const name of multi) {
    const v = lookupVar(scope, name);
    const n = v === 'dynamic' ? 1 : v.alts.length;
    if (combos.length * n > MAX_VARIANTS) {
      setVar(s, name, 'dynamic');
      continue;
    }
    combos = combos.flatMap((c) => Array.from({ length: n }, (_x, i) => new Map([...c, [name, i]])));
  }
  return { scope: s, choices: combos };
}

export function runCommand(node: Node, scope: Scope, f: Frame, stdin: StdinKind, outerRedirects: readonly Node[], outerExtra: readonly Node[]): Outcome {
  const assigns: Node[] = [];
  const redirectNodes: Node[] = [];
  const words: Node[] = [];
  const blocks: Node[] = [];
  node.children.forEach((c, i) => {
    const field = node.fieldNameForChild(i);
    if (c.type === 'variable_assignment') assigns.push(c);
    else if (field === 'redirect' || c.type.endsWith('_redirect')) redirectNodes.push(c);
    // `time (rm x)`: tree-sitter hangs the timed subshell on the command
    else if (c.type === 'subshell' || c.type === 'compound_statement') blocks.push(c);
    else if (field === 'name' || field === 'argument' || (c.isNamed && c.type !== 'comment')) words.push(c);
  });
  for (const b of blocks) walkStmt(b, cloneScope(scope), f, stdin);
  const inner = analyseRedirects(redirectNodes);
  const redirects = [...inner.redirects, ...outerRedirects];
  const groups = groupWords([...words, ...inner.extraArgs, ...outerExtra]);
  for (const n of [...assigns, ...words, ...inner.extraArgs, ...outerExtra]) walkSubstitutions(n, scope, f);
  walkRedirectSubstitutions(redirects, scope, f);
  const input = inner.stdin ?? stdin;

  // tree-sitter sometimes reads `{`, `}` or `!` as a command name (`! { rm a; } > f`): a misparse.
  // The line is flagged unparsed; the words after the stray keyword are still analysed.
  while (groups[0] && RESERVED.has(groups[0].map((n) => n.text).join('')) && groups[0][0]?.type === 'command_name') {
    if (f.depth === 0) f.sink.parsed = false;
    recordUnknown(f, node.text, scope, `the parser misread "${groups[0].map((n) => n.text).join('')}" as a command`);
    groups.shift();
  }

  const evaluate = (s: Scope, choices: Choices): Evaluated => {
    const env: EvalEnv = { scope: s, choices, multi: new Set() };
    const prefix = assigns.map((a) => readAssignment(a, env)).filter((a): a is Assignment => a !== null);
    return { env, prefix, argv: groups.flatMap((g) => evalWord(g, env)) };
  };
  const first = evaluate(scope, new Map());
  let out: Outcome | null = null;
  if (first.env.multi.size === 0) out = runVariant(node, first, scope, f, input, redirects);
  else {
    const v = variants(first.env.multi, scope);
    for (const choices of v.choices) {
      const o = runVariant(node, evaluate(v.scope, choices), scope, f, input, redirects);
      out = out ? { ok: mergeScopes(out.ok, o.ok), fail: mergeScopes(out.fail, o.fail) } : o;
    }
  }
  const result = out ?? { ok: scope, fail: scope };
  if (inner.pipeline.length) {
    walkPipeline(inner.pipeline, scope, f, 'pipe');
    return { ok: scope, fail: scope };
  }
  if (inner.continuation) return walkStmt(inner.continuation.right, mergeScopes(result.ok, result.fail), f, stdin);
  return result;
}

function runVariant(node: Node, ev: Evaluated, scope: Scope, f: Frame, stdin: StdinKind, redirects: readonly Node[]): Outcome {
  if (ev.argv.length === 0) {
    const s = cloneScope(scope);
    for (const a of ev.prefix) assignInto(s, a);
    applyRedirects(redirects, s, f, { index: null, text: node.text.split('\n')[0] ?? '' }, { ...ev.env, scope: s });
    return { ok: s, fail: s };
  }
  const env = new Map(ev.prefix.map((a) => [a.name, a.value] as const));
  const inv = invocationFor(ev.argv, { wrappers: [...f.wrappers], env, scope, stdin, inShell: true, depth: 0 });
  const d = dispatch(inv, f);
  applyRedirects(redirects, scope, f, { index: d.index, text: inv.name }, ev.env);
  return d.fx.outcome ?? { ok: scope, fail: scope };
}

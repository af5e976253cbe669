import { runCommand } from './command.ts';
import { applyRedirects, redirectParts, walkRedirectSubstitutions } from './redirects.ts';
import type { Outcome, StdinKind } from './invocation.ts';
import type { Node } from './parse.ts';
import { cloneScope, mergeScopes, type Scope } from './scope.ts';
import { walkArithmetic, walkCase, walkFor, walkIf, walkLoop, walkWhile } from './control-flow.ts';
import { recordUnknown, spend, type Frame } from './sink.ts';
import { walkAssignments, walkDeclaration, walkUnset } from './assignments.ts';

/**
 * The statement walker: follows lists, pipelines, groups, subshells, control flow and
 * substitutions, threading the shell's state (cwd, variables, functions) through them.
 */

const same = (s: Scope): Outcome => ({ ok: s, fail: s });
const settle = (o: Outcome): Scope => mergeScopes(o.ok, o.fail);

const TRAILING_AWARE = new Set(['list', 'pipeline', 'negated_command', 'redirected_statement', 'command']);

const STATEMENTS = new Set([
  'redirected_statement', 'variable_assignment', 'variable_assignments', 'command', 'declaration_command', 'unset_command',
  'test_command', 'negated_command', 'for_statement', 'c_style_for_statement', 'while_statement', 'if_statement',
  'case_statement', 'pipeline', 'list', 'subshell', 'compound_statement', 'function_definition',
]);

const NOT_STATEMENTS = new Set(['comment', 'heredoc_body', 'heredoc_start', 'heredoc_end', 'elif_clause', 'else_clause', 'do_group']);

function isStatement(n: Node): boolean {
  return n.isNamed && !NOT_STATEMENTS.has(n.type);
}

/** Statements in order; `&` runs the one before it in the background (a subshell). */
export function walkSeq(kids: readonly Node[], scope: Scope, f: Frame, stdin: StdinKind): Outcome {
  let cur = scope;
  let out = same(scope);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as Node;
    if (!isStatement(k)) continue;
    if (kids[i + 1]?.type === '&') {
      walkStmt(k, cloneScope(cur), f, stdin);
      out = same(cur);
      continue;
    }
    out = walkStmt(k, cur, f, stdin);
    cur = settle(out);
  }
  return out;
}

/** `$(…)`, backticks and `<(…)`/`>(…)` anywhere under `node` run first, each in a subshell. */
export function walkSubstitutions(node: Node, scope: Scope, f: Frame): void {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') {
    const label = node.type === 'process_substitution' ? `${node.text.slice(0, 1)}(…)` : node.text.startsWith('`') ? '`…`' : '$(…)';
    const inner: Frame = { ...f, wrappers: [...f.wrappers, label], depth: f.depth + 1 };
    walkSeq(node.children, cloneScope(scope), inner, label === '>(…)' ? 'pipe' : 'tty');
    return;
  }
  if (node.type === 'heredoc_body') return;
  for (const c of node.namedChildren) walkSubstitutions(c, scope, f);
}

/**
 * Redirections tree-sitter hangs on a whole list or pipeline (`a && b > f`, `a | b > f`) belong to
 * its last simple command; they travel down as `trailing`.
 */
export interface Trailing {
  redirects: Node[];
  extraArgs: Node[];
  stdin?: StdinKind;
}

function walkList(node: Node, scope: Scope, f: Frame, stdin: StdinKind, trailing?: Trailing): Outcome {
  const kids = node.children;
  const last = [...kids].reverse().find(isStatement);
  let out: Outcome | null = null;
  let op = ';';
  for (const k of kids) {
    if (!k.isNamed) {
      op = k.type;
      continue;
    }
    if (!isStatement(k)) continue;
    const t = k === last ? trailing : undefined;
    if (out === null) out = walkStmt(k, scope, f, stdin, t);
    else if (op === '&&') {
      const r = walkStmt(k, out.ok, f, stdin, t);
      out = { ok: r.ok, fail: mergeScopes(out.fail, r.fail) };
    } else if (op === '||') {
      const r = walkStmt(k, out.fail, f, stdin, t);
      out = { ok: mergeScopes(out.ok, r.ok), fail: r.fail };
    } else out = walkStmt(k, settle(out), f, stdin, t);
  }
  return out ?? same(scope);
}

/** Every element of a pipeline runs in its own subshell; all but the first read the pipe. */
export function walkPipeline(elements: readonly Node[], scope: Scope, f: Frame, stdin: StdinKind, trailing?: Trailing): Outcome {
  elements.forEach((el, i) => walkStmt(el, cloneScope(scope), f, i === 0 ? stdin : 'pipe', i === elements.length - 1 ? trailing : undefined));
  return same(scope);
}

function walkRedirected(node: Node, scope: Scope, f: Frame, stdin: StdinKind, trailing?: Trailing): Outcome {
  const parts = redirectParts(node);
  const body = node.childForFieldName('body');
  const piped = parts.pipeline.length > 0;
  const s0 = piped ? cloneScope(scope) : scope;
  const mine: Trailing = {
    redirects: [...parts.redirects, ...(trailing?.redirects ?? [])],
    extraArgs: [...parts.extraArgs, ...(trailing?.extraArgs ?? [])],
    ...(trailing?.stdin ?? parts.stdin ? { stdin: trailing?.stdin ?? parts.stdin } : {}),
  };
  let out = body ? walkStmt(body, s0, f, stdin, mine) : same(s0);
  if (!body) applyTrailing(node, s0, f, mine);
  if (piped) {
    parts.pipeline.forEach((el) => walkStmt(el, cloneScope(scope), f, 'pipe'));
    out = same(scope);
  }
  if (parts.continuation) {
    const { op, right } = parts.continuation;
    const r = walkStmt(right, op === '&&' ? out.ok : op === '||' ? out.fail : settle(out), f, stdin);
    out = op === '&&' ? { ok: r.ok, fail: mergeScopes(out.fail, r.fail) } : op === '||' ? { ok: mergeScopes(out.ok, r.ok), fail: r.fail } : r;
  }
  return out;
}

/** Redirections of a compound statement (`{ …; } > f`, `while …; done > f`) or of none (`> f`). */
function applyTrailing(node: Node, scope: Scope, f: Frame, t: Trailing): void {
  walkRedirectSubstitutions(t.redirects, scope, f);
  applyRedirects(t.redirects, scope, f, { text: node.text.split('\n')[0] ?? '', index: null });
}

export function walkStmt(node: Node, scope: Scope, f: Frame, stdin: StdinKind, trailing?: Trailing): Outcome {
  if (!spend(f, scope, node.text)) return same(scope);
  if (trailing && !TRAILING_AWARE.has(node.type)) {
    const out = walkStmt(node, scope, f, trailing.stdin ?? stdin);
    applyTrailing(node, scope, f, trailing);
    return out;
  }
  switch (node.type) {
    case 'program':
      return walkSeq(node.children, scope, f, stdin);
    case 'list':
      return walkList(node, scope, f, stdin, trailing);
    case 'pipeline':
      return walkPipeline(node.namedChildren.filter(isStatement), scope, f, stdin, trailing);
    case 'negated_command': {
      const inner = node.namedChildren.find(isStatement);
      const r = inner ? walkStmt(inner, scope, f, stdin, trailing) : same(scope);
      return { ok: r.fail, fail: r.ok };
    }
    case 'subshell':
      walkSeq(node.children, cloneScope(scope), f, stdin);
      return same(scope);
    case 'compound_statement':
      if (node.children[0]?.type === '((') return same(walkArithmetic(node.namedChildren, scope, f));
      return walkSeq(node.children, scope, f, stdin);
    case 'do_group':
      return walkSeq(node.children, scope, f, stdin);
    case 'if_statement':
      return walkIf(node, scope, f, stdin);
    case 'while_statement':
      return walkWhile(node, scope, f, stdin);
    case 'for_statement':
      return walkFor(node, scope, f, stdin);
    case 'c_style_for_statement': {
      const body = node.childForFieldName('body');
      const parts = node.namedChildren.filter((c) => c !== body);
      const s = walkArithmetic(parts, scope, f);
      return walkLoop(s, f, (sc, fr) => ({ exit: sc, body: body ? walkSeq(body.children, sc, fr, stdin) : same(sc) }));
    }
    case 'case_statement':
      return walkCase(node, scope, f, stdin);
    case 'function_definition': {
      const name = node.childForFieldName('name');
      const body = node.childForFieldName('body');
      const s = cloneScope(scope);
      if (name && body) s.funcs.set(name.text, { bodies: [body], maybe: false });
      // bash calls this for every command it cannot find: treat it as called
      if (name?.text === 'command_not_found_handle' && body) return walkStmt(body, s, { ...f, depth: f.depth + 1 }, stdin);
      return same(s);
    }
    case 'redirected_statement':
      return walkRedirected(node, scope, f, stdin, trailing);
    case 'command':
      return runCommand(node, scope, f, trailing?.stdin ?? stdin, trailing?.redirects ?? [], trailing?.extraArgs ?? []);
    case 'variable_assignment':
    case 'variable_assignments':
      return same(walkAssignments(node.type === 'variable_assignment' ? [node] : node.namedChildren, scope, f));
    case 'declaration_command':
      return same(walkDeclaration(node, scope, f));
    case 'unset_command':
      return same(walkUnset(node, scope, f));
    case 'test_command':
      walkSubstitutions(node, scope, f);
      return same(scope);
    case 'ERROR':
      // the line is already marked unparsed; what can still be read is reported too
      for (const c of node.namedChildren) {
        if (STATEMENTS.has(c.type)) walkStmt(c, cloneScope(scope), f, stdin);
        else walkSubstitutions(c, scope, f);
      }
      return same(scope);
    default:
      walkSubstitutions(node, scope, f);
      recordUnknown(f, node.text, scope, `bosun does not follow the shell construct "${node.type}"`);
      return same(scope);
  }
}

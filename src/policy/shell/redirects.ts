import { newEffects, raise, unknown, type Effects, type StdinKind } from './invocation.ts';
import type { Node } from './parse.ts';
import { isHarmlessDevice, resolveTarget } from './paths.ts';
import { attach, type Attach } from './record.ts';
import type { Scope } from './scope.ts';
import type { Frame } from './sink.ts';
import { walkSubstitutions } from './walk.ts';
import { evalWord, type EvalEnv } from './words.ts';

/**
 * Redirections. Every output redirection to a file is a write: `>`, `>>`, `>|`, `&>`, `&>>`,
 * `>&file`, `<>`. Descriptor duplications (`2>&1`, `>&2`, `3>&-`) are not. Writes to /dev/null,
 * /dev/stdout, /dev/stderr, /dev/tty and /dev/fd/N are OMITTED from `writes` (they change no file).
 */

export interface RedirectParts {
  redirects: Node[];
  /** tree-sitter hangs words after a redirection's target on the redirection: they are arguments. */
  extraArgs: Node[];
  stdin?: StdinKind;
  /** `cat <<EOF | cmd`: tree-sitter nests the rest of the pipeline inside the heredoc. */
  pipeline: Node[];
  /** `cat <<EOF && cmd`: likewise for the rest of a list. */
  continuation?: { op: string; right: Node };
}

const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);

function operator(r: Node): string {
  return r.children.find((c) => !c.isNamed)?.type ?? '';
}

export function analyseRedirects(nodes: readonly Node[]): RedirectParts {
  const out: RedirectParts = { redirects: [], extraArgs: [], pipeline: [] };
  const visit = (r: Node): void => {
    out.redirects.push(r);
    if (r.type === 'herestring_redirect') out.stdin = 'herestring';
    if (r.type === 'file_redirect') {
      const dests = r.children.filter((_c, i) => r.fieldNameForChild(i) === 'destination');
      out.extraArgs.push(...dests.slice(1));
      const fd = r.childForFieldName('descriptor')?.text ?? '0';
      if (operator(r) === '<' && fd === '0') out.stdin = 'file';
    }
    if (r.type !== 'heredoc_redirect') return;
    out.stdin = 'heredoc';
    const kids = r.children;
    kids.forEach((c, i) => {
      const field = r.fieldNameForChild(i);
      if (field === 'redirect') visit(c);
      else if (field === 'operator') out.continuation = { op: c.type, right: r.childForFieldName('right') as Node };
      else if (c.type === 'pipeline' && c.children[0]?.type === '|') out.pipeline.push(...c.namedChildren);
    });
  };
  nodes.forEach(visit);
  if (out.continuation && !out.continuation.right) delete out.continuation;
  return out;
}

export function redirectParts(statement: Node): RedirectParts {
  return analyseRedirects(statement.children.filter((_c, i) => statement.fieldNameForChild(i) === 'redirect'));
}

/** `$(…)` in targets, and in unquoted heredoc bodies, runs before the command. */
export function walkRedirectSubstitutions(redirects: readonly Node[], scope: Scope, f: Frame): void {
  for (const r of redirects) {
    if (r.type === 'heredoc_redirect') {
      const body = r.children.find((c) => c.type === 'heredoc_body');
      if (body && heredocExpands(r)) for (const c of body.namedChildren) walkSubstitutions(c, scope, f);
      continue;
    }
    for (const c of r.namedChildren) walkSubstitutions(c, scope, f);
  }
}

/** An unquoted delimiter (`<<EOF`, not `<<'EOF'` or `<<\EOF`) makes the body expand `$(…)` and backticks. */
function heredocExpands(r: Node): boolean {
  const start = r.children.find((c) => c.type === 'heredoc_start')?.text ?? '';
  return !/['"\\]/.test(start);
}

/** The heredoc body's text outside the substitutions tree-sitter did parse. */
function unparsedText(body: Node): string {
  let out = '';
  let rest = body.text;
  for (const c of body.namedChildren) {
    if (c.type === 'heredoc_content') continue;
    const at = rest.indexOf(c.text);
    if (at < 0) continue;
    out += rest.slice(0, at);
    rest = rest.slice(at + c.text.length);
  }
  return out + rest;
}

function redirectEffects(r: Node, env: EvalEnv): Effects {
  const fx = newEffects();
  if (r.type === 'heredoc_redirect') {
    const body = r.children.find((c) => c.type === 'heredoc_body');
    if (body && heredocExpands(r) && /`|\$\(/.test(unparsedText(body))) unknown(fx, 'a heredoc body runs commands (backticks) bosun does not parse');
    return fx;
  }
  if (r.type !== 'file_redirect') return fx;
  const op = operator(r);
  if (!WRITE_OPS.has(op)) return fx;
  const dest = r.childForFieldName('destination');
  if (!dest) return fx;
  const words = evalWord(dest, env);
  const target = words[0];
  if (words.length !== 1 || !target) {
    unknown(fx, `the redirection ${op} ${dest.text} is ambiguous`);
    return fx;
  }
  if (op === '>&' && /^(\d+-?|-)$/.test(target.value)) return fx;
  const via = `redirection ${op}`;
  if (target.dyn.length) {
    unknown(fx, `${via} writes a path that depends on ${target.dyn.join(', ')}`);
    return fx;
  }
  const res = resolveTarget(target.value, target.glob, env.scope.cwds);
  if (!res.ok || res.partial) unknown(fx, `${via} ${target.display} writes in a directory bosun cannot know`);
  if (!res.ok) return fx;
  for (const path of res.paths) {
    if (isHarmlessDevice(path)) continue;
    raise(fx, 'writes');
    fx.writes.push({ path, recursive: res.recursive, via });
  }
  return fx;
}

/** Adds the writes of `redirects` to the command at `to.index` (or on their own for a compound statement). */
export function applyRedirects(redirects: readonly Node[], scope: Scope, f: Frame, to: Attach, env?: EvalEnv): void {
  const e: EvalEnv = env ?? { scope, choices: new Map(), multi: new Set() };
  for (const r of redirects) attach(f, redirectEffects(r, e), { ...to, scope: e.scope });
}

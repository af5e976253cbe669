import { BUILTINS } from './builtins.ts';
import { newEffects, opaque, raise, unknown, type Effects, type Invocation, type Outcome, type Runtime } from './invocation.ts';
import { parseBash } from './parse.ts';
import { isSafePath } from './paths.ts';
import { attach, fill } from './record.ts';
import { handlerFor } from './registry.ts';
import { childScope, cloneScope, mergeScopes, type FuncDef, type Scope, type VarValue } from './scope.ts';
import { MAX_DEPTH, newSink, spend, type Frame } from './sink.ts';
import { walkSeq, walkStmt } from './walk.ts';
import type { Arg } from './words.ts';

/** The result of running one command: its effects and where it was recorded (null: nothing recorded). */
export interface Dispatched {
  fx: Effects;
  index: number | null;
}

const MAX_PEEL = 24;

function varsOf(env: Map<string, Arg>): Map<string, VarValue> {
  const out = new Map<string, VarValue>();
  for (const [k, a] of env) out.set(k, a.dyn.length ? 'dynamic' : { alts: [{ text: a.value, glob: false }] });
  return out;
}

function runShell(code: Arg, inv: Invocation, f: Frame, opts: { wrapper: string; here: boolean; positional?: Array<string | null> | null }): Outcome | null {
  if (code.dyn.length || f.depth + 1 > MAX_DEPTH) return null;
  const parsed = parseBash(code.value);
  const scope = opts.here ? inv.scope : childScope(inv.scope, varsOf(inv.env), opts.positional ?? null);
  const frame: Frame = { ...f, wrappers: [...inv.wrappers, opts.wrapper], depth: f.depth + 1 };
  const out = walkSeq(parsed.root.children, scope, frame, inv.stdin);
  return parsed.ok ? out : null;
}

/**
 * A call of a shell function runs its body in the current shell with $1… set. When the function
 * may not be defined on every path, the command of that name may run instead: both are followed.
 */
function callFunction(inv: Invocation, def: FuncDef, f: Frame): Dispatched {
  const fx = newEffects();
  if (f.depth + 1 > MAX_DEPTH) {
    unknown(fx, `function ${inv.name} recurses too deeply for bosun to follow`);
    return { fx, index: fill(f, inv, fx) };
  }
  const s = cloneScope(inv.scope);
  s.positional = [inv.name, ...inv.args.map((a) => (a.dyn.length ? null : a.value))];
  const outs = def.bodies.map((body) => walkStmt(body, s, { ...f, depth: f.depth + 1 }, inv.stdin));
  const restore = (x: Scope): Scope => ({ ...cloneScope(x), positional: inv.scope.positional });
  let index: number | null = null;
  if (def.maybe) {
    const plain = dispatch({ ...inv, noFunctions: true }, f);
    outs.push(plain.fx.outcome ?? { ok: inv.scope, fail: inv.scope });
    index = plain.index;
  }
  const merged = outs.reduce((a, b) => ({ ok: mergeScopes(a.ok, b.ok), fail: mergeScopes(a.fail, b.fail) }));
  fx.outcome = { ok: restore(merged.ok), fail: restore(merged.fail) };
  return { fx, index };
}

/** Runs `inv` into a scratch sink (sharing the budget) and sums up what it recorded. */
function effectsOf(inv: Invocation, f: Frame): Effects {
  const scratch = { ...newSink(), budget: f.sink.budget };
  dispatch(inv, { ...f, sink: scratch });
  f.sink.budget = scratch.budget;
  const fx = newEffects();
  for (const c of scratch.commands) raise(fx, c.effect, c.note);
  for (const w of scratch.writes) fx.writes.push({ path: w.path, recursive: w.recursive, via: w.via });
  for (const h of scratch.hazards) fx.hazards.push({ kind: h.kind, detail: h.detail });
  for (const c of scratch.candidates) fx.code.push(...c.code);
  return fx;
}

/** Variables that make programs load code from files (preloads, startup files, interpreter options). */
const LOADS_CODE = ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'DYLD_LIBRARY_PATH', 'BASH_ENV', 'NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5OPT', 'PERL5LIB', 'RUBYOPT', 'RUBYLIB'];

function pathCheck(inv: Invocation, fx: Effects): void {
  if (BUILTINS.has(inv.name) || inv.nameIssue) return;
  const loader = LOADS_CODE.find((n) => inv.env.has(n) || inv.scope.vars.has(n));
  if (loader) opaque(fx, `${loader} makes ${inv.name} load code from files`);
  const envPath = inv.env.get('PATH');
  if (inv.scope.pathChanged || (envPath && (envPath.dyn.length > 0 || !isSafePath(envPath.value)))) {
    opaque(fx, `PATH is changed, so ${inv.name} may be any program`);
  }
}

/** Runs the handler for `inv` (peeling wrappers into their inner command) and records the result. */
export function dispatch(inv: Invocation, f: Frame): Dispatched {
  const fx = newEffects();
  if (!spend(f, inv.scope, inv.name)) return { fx: { ...fx, effect: 'unknown' }, index: null };
  if (inv.nameIssue) {
    raise(fx, inv.nameIssue.effect, inv.nameIssue.note);
    return { fx, index: fill(f, inv, fx) };
  }
  if (inv.depth > MAX_PEEL || f.depth > MAX_DEPTH) {
    unknown(fx, 'nested too deeply for bosun to follow');
    return { fx, index: fill(f, inv, fx) };
  }
  const def = inv.inShell && !inv.noFunctions ? inv.scope.funcs.get(inv.name) : undefined;
  if (def) return callFunction(inv, def, f);
  const box: { inner: Dispatched | null } = { inner: null };
  const rt: Runtime = {
    dispatch: (i) => {
      box.inner = dispatch(i, f);
    },
    shell: (code, i, opts) => runShell(code, i, f, opts),
    effectsOf: (i) => effectsOf(i, f),
  };
  handlerFor(inv.name)(inv, fx, rt);
  pathCheck(inv, fx);
  if (fx.peeled && box.inner) {
    attach(f, fx, { index: box.inner.index, text: inv.name, scope: inv.scope });
    return box.inner;
  }
  if (fx.silent) {
    attach(f, fx, { index: null, text: inv.name, scope: inv.scope });
    return { fx, index: null };
  }
  if (inv.viaRunner && fx.effect === 'read-only') opaque(fx, `runs the ${inv.name} of an npm package, which may not be the system's`);
  return { fx, index: fill(f, inv, fx) };
}

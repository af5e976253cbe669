import { opaque, peel, unknown, type Effects, type Handler, type Invocation } from './invocation.ts';
import { parseOpts } from './options.ts';
import { fromCwd } from './paths.ts';
import { changeDir, cloneScope, lookupVar, setVar, type Scope } from './scope.ts';
import type { Arg } from './words.ts';

/** Shell builtins: what changes the shell's own state (cwd, variables, functions, PATH lookup). */

export const BUILTINS = new Set([
  ':', '.', '[', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete', 'compopt',
  'continue', 'declare', 'dirs', 'disown', 'echo', 'enable', 'eval', 'exec', 'exit', 'export', 'false', 'fc', 'fg',
  'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'logout', 'mapfile', 'popd', 'printf', 'pushd',
  'pwd', 'read', 'readarray', 'readonly', 'return', 'set', 'shift', 'shopt', 'source', 'suspend', 'test', 'time', 'times',
  'trap', 'true', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

const READ_ONLY = [
  ':', 'true', 'false', 'exit', 'return', 'break', 'continue', 'shift', 'wait', 'jobs', 'fg', 'bg', 'disown', 'suspend',
  'logout', 'umask', 'ulimit', 'times', 'type', 'help', 'caller', 'compgen', 'complete', 'compopt', 'dirs', 'unalias',
  'bind', 'shopt', 'unset',
];

function withScope(inv: Invocation, fx: Effects, change: (s: Scope) => void, failToo = false): void {
  if (!inv.inShell) return;
  const ok = cloneScope(inv.scope);
  change(ok);
  fx.outcome = { ok, fail: failToo ? ok : inv.scope };
}

/** Where `cd ARG` leads from each possible cwd. */
function cdTargets(inv: Invocation, target: Arg | undefined): Array<string | null> {
  const s = inv.scope;
  if (!target) {
    const home = lookupVar(s, 'HOME');
    return home === 'dynamic' ? [null] : home.alts.map((a) => fromCwd(null, a.text));
  }
  if (target.value === '-') return [s.oldpwd];
  if (target.dyn.length || target.glob) return [null];
  const v = target.value;
  // CDPATH makes a relative `cd x` search other directories
  if (!v.startsWith('/') && (s.vars.has('CDPATH') || inv.env.has('CDPATH')) && !/^\.\.?(\/|$)/.test(v)) return [null];
  return s.cwds.map((c) => fromCwd(c, v));
}

const cd: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, {});
  withScope(inv, fx, (s) => changeDir(s, cdTargets(inv, p.operands[0])));
};

const pushd: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, {});
  const t = p.operands[0];
  withScope(inv, fx, (s) => {
    const from = s.cwds.length === 1 ? (s.cwds[0] ?? null) : null;
    if (!t || /^[+-]\d+$/.test(t.value) || p.opts.some((o) => o.name === 'n')) {
      s.dirStack = null;
      if (!p.opts.some((o) => o.name === 'n')) changeDir(s, [null]);
      return;
    }
    changeDir(s, cdTargets(inv, t));
    s.dirStack = s.dirStack ? [from, ...s.dirStack] : null;
  });
};

const popd: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, {});
  withScope(inv, fx, (s) => {
    if (p.operands.length || p.opts.length) {
      s.dirStack = null;
      return;
    }
    const top = s.dirStack ? s.dirStack[0] : null;
    if (s.dirStack && s.dirStack.length === 0) return;
    s.dirStack = s.dirStack ? s.dirStack.slice(1) : null;
    changeDir(s, [top ?? null]);
  });
};

/** Names these builtins assign: unknown values from then on. */
function setsVars(names: (inv: Invocation) => string[]): Handler {
  return (inv, fx) => withScope(inv, fx, (s) => names(inv).forEach((n) => setVar(s, n, 'dynamic')), true);
}

const read = setsVars((inv) => {
  const p = parseOpts(inv.args, { short: 'adinNptu' });
  const arr = p.opts.filter((o) => o.name === 'a' && o.value).map((o) => o.value?.value ?? '');
  return [...arr, ...(p.operands.length ? p.operands.map((a) => a.value) : arr.length ? [] : ['REPLY'])];
});

const mapfile: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'dnOsuCc' });
  if (p.opts.some((o) => o.name === 'C')) unknown(fx, 'mapfile -C runs a callback');
  withScope(inv, fx, (s) => setVar(s, p.operands[0]?.value ?? 'MAPFILE', 'dynamic'), true);
};

const printf: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'v', stopAtOperand: true });
  const v = p.opts.find((o) => o.name === 'v')?.value;
  if (v) withScope(inv, fx, (s) => setVar(s, v.value, 'dynamic'), true);
};

const letBuiltin = setsVars((inv) => inv.args.flatMap((a) => a.value.match(/[A-Za-z_]\w*/g) ?? []));
const getopts = setsVars((inv) => [inv.args[1]?.value ?? '', 'OPTARG', 'OPTIND']);

/** `source FILE` runs code from a file: anything may change, including the cwd. */
const source: Handler = (inv, fx) => {
  const file = inv.args[0];
  if (!file || file.dyn.length || /^\/(dev|proc)\//.test(file.value)) unknown(fx, `${inv.name} runs shell code bosun cannot see`);
  else opaque(fx, `runs the shell code in ${file.display}`);
  withScope(inv, fx, (s) => {
    s.tainted = true;
    s.cwds = [...s.cwds, null];
    s.pathChanged = true;
  }, true);
};

function joinArgs(args: readonly Arg[]): Arg {
  const value = args.map((a) => a.value).join(' ');
  return { value, display: args.map((a) => a.display).join(' '), glob: false, dyn: args.flatMap((a) => a.dyn), splitRisk: false };
}

const evalBuiltin: Handler = (inv, fx, rt) => {
  if (inv.args.length === 0) return;
  const code = joinArgs(inv.args);
  if (code.dyn.length) return unknown(fx, `eval runs code that depends on ${code.dyn.join(', ')}`);
  const out = rt.shell(code, inv, { wrapper: 'eval', here: inv.inShell });
  if (!out) return unknown(fx, 'eval runs code bosun cannot parse');
  fx.silent = true;
  if (inv.inShell) fx.outcome = out;
};

const trap: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, {});
  const code = p.operands[0];
  if (!code || p.operands.length < 2 || code.value === '-' || code.value === '') return;
  if (code.dyn.length) return unknown(fx, `trap sets code that depends on ${code.dyn.join(', ')}`);
  if (!rt.shell(code, inv, { wrapper: 'trap', here: false })) unknown(fx, 'trap sets code bosun cannot parse');
};

const alias: Handler = (inv, fx) => {
  if (inv.args.some((a) => a.value.includes('=') || a.dyn.length)) unknown(fx, 'an alias may change what later commands run');
};

const hash: Handler = (inv, fx) => {
  if (inv.args.some((a) => a.value.startsWith('-') && a.value.includes('p'))) {
    opaque(fx, 'hash -p changes which program a name runs');
    withScope(inv, fx, (s) => (s.pathChanged = true), true);
  }
};

const set: Handler = (inv, fx) => {
  const i = inv.args.findIndex((a) => a.value === '--' || !/^[-+]/.test(a.value));
  if (i < 0) return;
  const rest = inv.args.slice(inv.args[i]?.value === '--' ? i + 1 : i);
  withScope(inv, fx, (s) => (s.positional = [s.positional?.[0] ?? null, ...rest.map((a) => (a.dyn.length ? null : a.value))]), true);
};

const declareLike: Handler = (inv, fx) => {
  withScope(inv, fx, (s) => {
    for (const a of inv.args) {
      const m = /^([A-Za-z_]\w*)\+?=/.exec(a.value);
      if (m?.[1]) setVar(s, m[1], 'dynamic');
      else if (a.dyn.length) s.tainted = true;
    }
  }, true);
};

const enable: Handler = (inv, fx) => {
  if (inv.args.some((a) => /^-\w*f/.test(a.value))) opaque(fx, 'enable -f loads a shared library');
};

const history: Handler = (inv, fx) => {
  if (inv.args.some((a) => /^-\w*[awnr]/.test(a.value))) opaque(fx, 'history reads or writes the history file');
};

const exec: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, { short: 'a', stopAtOperand: true });
  if (p.rest.length) peel(rt, fx, inv, p.rest, 'exec', { inShell: false });
};

const command: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, { stopAtOperand: true });
  if (p.opts.some((o) => o.name === 'v' || o.name === 'V') || p.rest.length === 0) return;
  peel(rt, fx, inv, p.rest, 'command', { noFunctions: true });
};

const builtin: Handler = (inv, fx, rt) => {
  if (inv.args[0] && BUILTINS.has(inv.args[0].value)) peel(rt, fx, inv, inv.args, 'builtin', { noFunctions: true });
};

const kill: Handler = (_inv, fx) => opaque(fx, 'kill sends signals to processes');

export const builtinHandlers: Record<string, Handler> = {
  ...Object.fromEntries(READ_ONLY.map((n) => [n, () => undefined])),
  cd, pushd, popd, read, mapfile, readarray: mapfile, printf, let: letBuiltin, getopts, source, '.': source,
  eval: evalBuiltin, trap, alias, hash, set, declare: declareLike, typeset: declareLike, local: declareLike,
  export: declareLike, readonly: declareLike, enable, history, exec, command, builtin, kill,
};

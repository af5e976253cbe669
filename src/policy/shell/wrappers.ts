import { peel, unknown, writeArg, type Handler, type Invocation, type InvocationBase } from './invocation.ts';
import { DYN } from './markers.ts';
import { parseOpts, sliceArg, type OptSpec } from './options.ts';
import { fromCwd } from './paths.ts';
import { cloneScope } from './scope.ts';
import { literalArg, type Arg } from './words.ts';

/**
 * Commands that run another command: the inner command is analysed as if written directly,
 * with the wrapper recorded in `wrappers`. Each knows its own options so that an option's value
 * is not taken for the command (`timeout -s KILL 5 rm x` runs `rm x`).
 */

/** A scope whose cwd is `dir` (env -C, sudo -D). */
function chdir(inv: Invocation, dir: Arg): Partial<InvocationBase> {
  const s = cloneScope(inv.scope);
  const v = dir.value;
  s.cwds = dir.dyn.length ? [null] : s.cwds.map((c) => fromCwd(c, v));
  return { scope: s };
}

/** A wrapper whose options are described by `spec` and whose first operand starts the command. */
function simple(name: string, spec: OptSpec, operandsBefore = 0): Handler {
  return (inv, fx, rt) => {
    const p = parseOpts(inv.args, { ...spec, stopAtOperand: true });
    const cmd = p.rest.slice(operandsBefore);
    if (cmd.length) peel(rt, fx, inv, cmd, name, { inShell: false });
  };
}

const ASSIGN = /^([A-Za-z_]\w*)=/;

const env: Handler = (inv, fx, rt) => {
  const args = inv.args;
  const vars = new Map(inv.env);
  let changes: Partial<InvocationBase> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '--') {
      i++;
      break;
    }
    if (v === '-' || v === '-i' || v === '--ignore-environment') vars.clear();
    else if (v === '-u' || v === '--unset') vars.delete(args[++i]?.value ?? '');
    else if (v.startsWith('--unset=')) vars.delete(v.slice(8));
    else if (v === '-C' || v === '--chdir') changes = chdir(inv, args[++i] ?? a);
    else if (v.startsWith('--chdir=')) changes = chdir(inv, sliceArg(a, 8));
    else if (v === '-S' || v.startsWith('--split-string') || /^-[a-zA-Z0]*S/.test(v)) {
      return unknown(fx, 'env -S splits a string into a command bosun does not follow');
    } else if (/^-[iv0]+$/.test(v)) {
      if (v.includes('i')) vars.clear();
    } else if (v.startsWith('-u')) vars.delete(v.slice(2));
    else if (v.startsWith('-C')) changes = chdir(inv, sliceArg(a, 2));
    else if (!v.startsWith('-')) break;
  }
  for (; i < args.length && ASSIGN.test((args[i] as Arg).value); i++) {
    const a = args[i] as Arg;
    const name = (ASSIGN.exec(a.value) as RegExpExecArray)[1] as string;
    vars.set(name, sliceArg(a, name.length + 1));
  }
  if (i < args.length) peel(rt, fx, inv, args.slice(i), 'env', { ...changes, env: vars, inShell: false });
};

const SUDO: OptSpec = {
  short: 'CDgpRrtTUu',
  long: ['user', 'group', 'chdir', 'chroot', 'prompt', 'role', 'type', 'command-timeout', 'other-user', 'close-from', 'host'],
};

const sudo: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, { ...SUDO, stopAtOperand: true });
  const has = (...n: string[]): boolean => p.opts.some((o) => n.includes(o.name));
  if (has('e', 'edit')) {
    for (const f of p.rest) writeArg(inv, fx, f, 'sudoedit');
    return;
  }
  if (has('R', 'chroot')) return unknown(fx, 'sudo -R runs the command in another root directory');
  let rest = p.rest;
  const vars = new Map(inv.env);
  while (rest[0] && ASSIGN.test(rest[0].value)) {
    const a = rest[0];
    const name = (ASSIGN.exec(a.value) as RegExpExecArray)[1] as string;
    vars.set(name, sliceArg(a, name.length + 1));
    rest = rest.slice(1);
  }
  const dir = p.opts.find((o) => o.name === 'D' || o.name === 'chdir')?.value;
  const changes = { ...(dir ? chdir(inv, dir) : {}), env: vars, inShell: false };
  if (rest.length) return peel(rt, fx, inv, rest, 'sudo', changes);
  if (has('s', 'i', 'shell', 'login')) unknown(fx, 'sudo starts a shell that reads commands bosun cannot see');
};

const sudoedit: Handler = (inv, fx) => {
  for (const f of parseOpts(inv.args, { ...SUDO }).operands) writeArg(inv, fx, f, 'sudoedit');
};

const doas: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, { short: 'uC', stopAtOperand: true });
  if (p.rest.length) return peel(rt, fx, inv, p.rest, 'doas', { inShell: false });
  if (p.opts.some((o) => o.name === 's')) unknown(fx, 'doas -s starts a shell that reads commands bosun cannot see');
};

const time: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, { short: 'of', long: ['output', 'format'], stopAtOperand: true });
  for (const o of p.opts) if ((o.name === 'o' || o.name === 'output') && o.value) writeArg(inv, fx, o.value, 'time -o');
  if (p.rest.length) peel(rt, fx, inv, p.rest, 'time', { noFunctions: false });
};

const xargs: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, {
    short: 'adEILnPs',
    long: ['arg-file', 'delimiter', 'eof', 'replace', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
    attachedOnly: 'eil',
    stopAtOperand: true,
  });
  const replOpt = p.opts.find((o) => o.name === 'I' || o.name === 'i' || o.name === 'replace');
  const repl = replOpt ? (replOpt.value?.value ?? '{}') : null;
  const cmd = p.rest.length ? p.rest : [literalArg('echo')];
  const supplied = (a: Arg): Arg => ({ ...a, value: a.value.split(repl ?? '\n').join(DYN), dyn: [...a.dyn, 'xargs input'] });
  const argv: Arg[] =
    repl !== null
      ? cmd.map((a, i) => (i > 0 && a.value.includes(repl) ? supplied(a) : a))
      : [...cmd, { value: DYN, display: '…', glob: false, dyn: ['xargs input'], splitRisk: true, synthetic: true }];
  peel(rt, fx, inv, argv, 'xargs', { inShell: false, stdin: 'tty' });
};

const watch: Handler = (inv, fx, rt) => {
  const p = parseOpts(inv.args, { short: 'nq', long: ['interval', 'equexit'], stopAtOperand: true });
  if (!p.rest.length) return;
  if (p.opts.some((o) => o.name === 'x' || o.name === 'exec')) return peel(rt, fx, inv, p.rest, 'watch', { inShell: false });
  const code = p.rest.map((a) => a.value).join(' ');
  const dyn = p.rest.flatMap((a) => a.dyn);
  if (dyn.length) return unknown(fx, `watch runs code that depends on ${dyn.join(', ')}`);
  fx.silent = true;
  if (!rt.shell(literalArg(code), inv, { wrapper: 'watch' , here: false })) unknown(fx, 'watch runs code bosun cannot parse');
};

export const wrapperHandlers: Record<string, Handler> = {
  env,
  sudo,
  sudoedit,
  doas,
  time,
  xargs,
  watch,
  timeout: simple('timeout', { short: 'sk', long: ['signal', 'kill-after'] }, 1),
  nice: simple('nice', { short: 'n', long: ['adjustment'] }),
  nohup: simple('nohup', {}),
  stdbuf: simple('stdbuf', { short: 'ioe', long: ['input', 'output', 'error'] }),
  ionice: simple('ionice', { short: 'cnpPu', long: ['class', 'classdata', 'pid', 'pgid', 'uid'] }),
  setsid: simple('setsid', {}),
  coproc: simple('coproc', {}),
  chrt: simple('chrt', { short: 'T', long: ['sched-runtime', 'sched-deadline', 'sched-period'] }, 1),
  taskset: simple('taskset', {}, 1),
};

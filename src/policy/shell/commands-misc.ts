import { unknown, writeArg, type Handler } from './invocation.ts';
import type { Arg } from './words.ts';

/** Editors, command multiplexers and user switches: little is visible, so they stay unknown. */

/** An editor may change any file it opens, and `+cmd`/`-c cmd` script it. */
const editor: Handler = (inv, fx) => {
  unknown(fx, `${inv.name} is an editor: it may change any file it opens`);
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] as Arg;
    if (EDITOR_VALUE_OPTS.has(a.value)) i++;
    else if (!a.value.startsWith('-') && !a.value.startsWith('+')) writeArg(inv, fx, a, inv.name);
  }
};

/** vim/emacs options followed by a value (a command, script, or config), not a file to edit. */
const EDITOR_VALUE_OPTS = new Set(['-c', '--cmd', '-S', '-u', '-U', '-i', '-T', '-w', '-W', '-s', '-t', '-q', '--eval', '-l', '--load', '-f', '--funcall']);

const su: Handler = (inv, fx, rt) => {
  const i = inv.args.findIndex((a) => a.value === '-c' || a.value === '--command' || a.value.startsWith('--command='));
  const flag = inv.args[i];
  const code = flag?.value.startsWith('--command=') ? { ...flag, value: flag.value.slice(10) } : inv.args[i + 1];
  if (i < 0 || !code) return unknown(fx, 'su starts a shell that reads commands bosun cannot see');
  if (code.dyn.length || !rt.shell(code, inv, { wrapper: 'su -c', here: false })) return unknown(fx, 'su -c runs code bosun cannot follow');
  fx.silent = true;
};

export const miscHandlers: Record<string, Handler> = {
  ...Object.fromEntries(['vi', 'vim', 'nvim', 'view', 'nano', 'pico', 'emacs', 'ed', 'ex', 'code', 'subl', 'micro', 'joe', 'hx', 'kak'].map((n) => [n, editor])),
  su,
  parallel: (_inv, fx) => unknown(fx, 'parallel runs commands built from its input'),
  chroot: (_inv, fx) => unknown(fx, 'chroot runs a command in another root directory'),
  unshare: (_inv, fx) => unknown(fx, 'unshare runs a command in other namespaces'),
  nsenter: (_inv, fx) => unknown(fx, 'nsenter runs a command in other namespaces'),
  script: (_inv, fx) => unknown(fx, 'script runs a command and records a session file'),
};

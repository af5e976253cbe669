import { maxEffect, type Effects, type Invocation } from './invocation.ts';
import type { Scope } from './scope.ts';
import { recordUnknown, type Frame } from './sink.ts';
import type { ShellCommand } from './types.ts';
import { DYN, FOUND } from './markers.ts';

/** Where extra effects (redirections, a wrapper's own writes) go: a recorded command, or on their own. */
export interface Attach {
  index: number | null;
  text: string;
  scope?: Scope;
}

function commitWrites(f: Frame, fx: Effects, text: string): void {
  for (const w of fx.writes) f.sink.writes.push({ ...w, command: text });
  for (const h of fx.hazards) f.sink.hazards.push({ ...h, command: text });
}

/** The fixed directory a pattern searches: `src` for `src/x*.ts`, `.` for `x*.ts`. */
function globRoot(v: string): string {
  const segs = v.split('/');
  const i = segs.findIndex((seg) => /[*?[]/.test(seg));
  if (i < 0) return v;
  return segs.slice(0, i).join('/') || (v.startsWith('/') ? '/' : '.');
}

/** Words that may be paths: operands and `--opt=value` values; not other options, URLs or unknown words. */
function mentionWords(inv: Invocation): string[] {
  const out: string[] = [];
  if (inv.name.includes('/')) out.push(inv.name);
  for (const a of inv.args) {
    if (a.synthetic) continue;
    let v = a.value;
    if (v.startsWith('--') && v.includes('=')) v = v.slice(v.indexOf('=') + 1);
    else if (v.startsWith('-')) continue;
    if (v === '' || v.includes(DYN) || v.includes(FOUND) || v.includes('\n') || /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) continue;
    out.push(v);
    // a pattern names whatever it matches: mention the directory it searches too
    if (a.glob) out.push(globRoot(v));
  }
  return out;
}

/** Records the command `inv` with its effects; returns its index in `commands`. */
export function fill(f: Frame, inv: Invocation, fx: Effects): number {
  const argv = [inv.name, ...inv.args.filter((a) => !a.synthetic).map((a) => a.display)];
  const text = argv.join(' ');
  const cmd: ShellCommand = { argv, text, wrappers: [...inv.wrappers], cwd: inv.scope.cwds[0] ?? null, effect: fx.effect };
  if (fx.notes.length) cmd.note = fx.notes.join('; ');
  f.sink.commands.push(cmd);
  commitWrites(f, fx, text);
  f.sink.candidates.push({ command: cmd, words: [...mentionWords(inv), ...fx.mentions], code: fx.code, cwds: inv.scope.cwds });
  return f.sink.commands.length - 1;
}

export function attach(f: Frame, fx: Effects, to: Attach): void {
  if (fx.effect === 'read-only' && fx.writes.length === 0 && fx.hazards.length === 0) return;
  const cmd = to.index !== null ? f.sink.commands[to.index] : undefined;
  if (cmd) {
    // a redirection (or a wrapper's own output file) is the shell's write, listed in `writes`:
    // the command itself stays what it is (`echo x > f` is a read-only command); unknown targets still count
    cmd.effect = maxEffect(cmd.effect, fx.effect === 'writes' ? 'read-only' : fx.effect);
    const notes = [cmd.note, ...fx.notes].filter((n): n is string => !!n);
    if (notes.length) cmd.note = [...new Set(notes)].join('; ');
    commitWrites(f, fx, cmd.text);
    return;
  }
  if ((fx.effect === 'unknown' || fx.effect === 'opaque') && to.scope) {
    const c = recordUnknown(f, to.text, to.scope, fx.notes.join('; '));
    c.effect = fx.effect;
  }
  commitWrites(f, fx, to.text);
}

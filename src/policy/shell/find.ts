import { raise, unknown, writeArg, type Effects, type Handler, type Invocation, type Runtime } from './invocation.ts';
import { invocationFor } from './invocation.ts';
import { DYN, FOUND } from './markers.ts';
import { resolveTarget } from './paths.ts';
import { cloneScope } from './scope.ts';
import { literalArg, type Arg } from './words.ts';

/**
 * find and fd. Without actions they are read-only. `-delete` and commands run by `-exec`/`-execdir`/
 * `-ok` (fd: `-x`/`-X`) act on paths bosun cannot list, somewhere under the search roots: a write
 * there becomes a recursive write of each root. `-fprint FILE` and friends write FILE.
 */

const FIND_VALUE_TESTS = new Set([
  '-name', '-iname', '-path', '-ipath', '-regex', '-iregex', '-type', '-xtype', '-size', '-mtime', '-mmin', '-atime', '-amin',
  '-ctime', '-cmin', '-newer', '-anewer', '-cnewer', '-perm', '-user', '-group', '-uid', '-gid', '-links', '-inum', '-samefile',
  '-maxdepth', '-mindepth', '-printf', '-used', '-wholename', '-iwholename', '-lname', '-ilname', '-context', '-fstype',
  '-files0-from', '-regextype', '-D',
]);

const FIND_WRITES = new Set(['-fprint', '-fprint0', '-fls', '-fprintf']);

function placeholder(a: Arg, marks: RegExp): Arg {
  if (!marks.test(a.value)) return a;
  return { ...a, value: a.value.replace(marks, FOUND) };
}

/** Search roots as absolute paths (one per possible cwd), so `-execdir` commands can name them. */
function absoluteRoots(inv: Invocation, roots: readonly Arg[]): Arg[] {
  return roots.flatMap((r) => {
    const res = resolveTarget(r.value, r.glob, inv.scope.cwds);
    const unknownRoot: Arg = { ...r, value: DYN, dyn: r.dyn.length ? r.dyn : [`the search root ${r.display}`] };
    if (!res.ok) return [unknownRoot];
    const known = res.paths.map((value) => ({ ...r, value, display: value, glob: false, dyn: [] }));
    return res.partial ? [...known, unknownRoot] : known;
  });
}

/** The command an action runs, with `{}` standing for each found path under `roots`. */
function runInner(inv: Invocation, rt: Runtime, argv: Arg[], roots: Arg[], wrapper: string, perFileDir: boolean): void {
  const scope = perFileDir ? { ...cloneScope(inv.scope), cwds: [null] } : inv.scope;
  const { name: _n, args: _a, nameIssue: _i, ...base } = inv;
  rt.dispatch(invocationFor(argv, { ...base, scope, wrappers: [...inv.wrappers, wrapper], inShell: false, noFunctions: true, foundRoots: absoluteRoots(inv, roots), depth: inv.depth + 1, stdin: 'tty' }));
}

function deleteRoots(inv: Invocation, fx: Effects, roots: Arg[], via: string): void {
  raise(fx, 'writes');
  for (const r of roots) writeArg(inv, fx, r, via, true);
}

const find: Handler = (inv, fx, rt) => {
  const args = inv.args;
  let i = 0;
  while (i < args.length && /^-[HLP]$|^-O\d$/.test((args[i] as Arg).value)) i++;
  const roots: Arg[] = [];
  for (; i < args.length; i++) {
    const v = (args[i] as Arg).value;
    if (v.startsWith('-') || v === '(' || v === '!' || v === ',') break;
    roots.push(args[i] as Arg);
  }
  if (roots.length === 0) roots.push(literalArg('.'));
  for (; i < args.length; i++) {
    const v = (args[i] as Arg).value;
    if (FIND_VALUE_TESTS.has(v) || /^-newer[acmBt]{2}$/.test(v)) i++;
    else if (v === '-delete') deleteRoots(inv, fx, roots, 'find -delete');
    else if (FIND_WRITES.has(v)) {
      const file = args[++i];
      if (file) writeArg(inv, fx, file, `find ${v}`);
      if (v === '-fprintf') i++;
    } else if (/^-(exec|execdir|ok|okdir)$/.test(v)) {
      const start = i + 1;
      let end = start;
      while (end < args.length && (args[end] as Arg).value !== ';' && !((args[end] as Arg).value === '+' && (args[end - 1] as Arg).value.includes('{}'))) end++;
      const inner = args.slice(start, end).map((a) => placeholder(a, /\{\}/g));
      if (inner.length === 0) unknown(fx, `find ${v} without a command`);
      else runInner(inv, rt, inner, roots, `find ${v}`, v.endsWith('dir'));
      i = end;
    }
  }
};

const FD_VALUES = new Set(['-e', '--extension', '-t', '--type', '-d', '--max-depth', '--min-depth', '--exact-depth', '-E', '--exclude', '-S', '--size', '-j', '--threads', '--changed-within', '--changed-before', '-o', '--owner', '--max-results', '-c', '--color', '--base-directory', '--search-path', '--path-separator', '--ignore-file', '--format', '--and', '--batch-size', '--max-buffer-time']);

const fd: Handler = (inv, fx, rt) => {
  const args = inv.args;
  const operands: Arg[] = [];
  const searchPaths: Arg[] = [];
  let exec: { argv: Arg[]; wrapper: string } | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '-x' || v === '--exec' || v === '-X' || v === '--exec-batch') {
      let end = i + 1;
      while (end < args.length && (args[end] as Arg).value !== ';') end++;
      const marks = /\{\/?\/?\.?\}/g;
      const argv = args.slice(i + 1, end);
      const hasMark = argv.some((x) => /\{\/?\/?\.?\}/.test(x.value));
      exec = { argv: hasMark ? argv.map((x) => placeholder(x, marks)) : [...argv, { value: FOUND, display: '{}', glob: false, dyn: [], splitRisk: false, synthetic: true }], wrapper: `fd ${v}` };
      i = end;
    } else if (v === '--search-path' || v === '--base-directory') {
      const p = args[++i];
      if (p) searchPaths.push(p);
    } else if (FD_VALUES.has(v)) i++;
    else if (!v.startsWith('-')) operands.push(a);
  }
  const roots = [...operands.slice(1), ...searchPaths];
  if (roots.length === 0) roots.push(literalArg('.'));
  if (exec && exec.argv.length) runInner(inv, rt, exec.argv, roots, exec.wrapper, false);
};

export const findHandlers: Record<string, Handler> = { find, fd, fdfind: fd };

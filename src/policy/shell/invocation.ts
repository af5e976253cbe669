import { FOUND, isHarmlessDevice, isSystemDir, isUnder, resolveTarget } from './paths.ts';
import type { Scope } from './scope.ts';
import type { CommandEffect, HazardKind } from './types.ts';
import { DYN } from './markers.ts';
import type { Arg } from './words.ts';

/** Where a command's standard input comes from: shells and interpreters reading code from it are inline code. */
export type StdinKind = 'tty' | 'pipe' | 'heredoc' | 'herestring' | 'file';

/** One program about to run, after the shell expanded its words and after wrappers were peeled. */
export interface Invocation {
  /** The command name: `rm` for `/bin/rm`, `\rm`, `"rm"`. */
  name: string;
  args: Arg[];
  wrappers: string[];
  /** Environment assignments for this program (`F=x cmd`, `env F=x cmd`, `sudo F=x cmd`). */
  env: Map<string, Arg>;
  scope: Scope;
  stdin: StdinKind;
  /** Runs in the shell itself, so builtins like `cd` change what follows (false under `env`, `xargs` …). */
  inShell: boolean;
  /** Search roots of the `find`/`fd` whose `-exec` runs this, for the FOUND placeholder. */
  foundRoots?: Arg[];
  /** Run through a package runner (`npx`): a read-only name may be a package's own binary. */
  viaRunner?: boolean;
  /** `command f` skips shell functions. */
  noFunctions?: boolean;
  /** The name is dynamic (`$CMD`) or a program in a file (`./x`): no handler applies. */
  nameIssue?: { effect: CommandEffect; note: string };
  /** Wrappers peeled so far (a guard against endless nesting). */
  depth: number;
}

export interface Outcome {
  ok: Scope;
  fail: Scope;
}

export interface Effects {
  effect: CommandEffect;
  notes: string[];
  writes: Array<{ path: string; recursive: boolean; via: string }>;
  hazards: Array<{ kind: HazardKind; detail: string }>;
  /** Inline code strings, scanned for quoted paths. */
  code: string[];
  /** Further words naming paths (relative to the cwd), e.g. a symlink's target seen from the link's directory. */
  mentions: string[];
  /** The scope after the command (cd, eval, source, read …); unchanged when absent. */
  outcome?: Outcome;
  /** A wrapper that handed over to its inner command: it is not recorded itself. */
  peeled?: boolean;
  /** Shell code run through `eval`/`bash -c`/`trap`: its commands are recorded, not the wrapper. */
  silent?: boolean;
}

export interface Runtime {
  /** Run a wrapper's inner command. */
  dispatch(inv: Invocation): void;
  /**
   * Analyse a command without recording it: its effects, for a command recorded under its own
   * name (`npx prettier --write x` is recorded as itself, with prettier's writes).
   */
  effectsOf(inv: Invocation): Effects;
  /**
   * Parse and walk shell code. `here`: it runs in the current shell (`eval`, `source` of a string,
   * `trap`), so its outcome becomes the command's; otherwise in a child shell (`bash -c`).
   */
  shell(code: Arg, inv: Invocation, opts: { wrapper: string; here: boolean; positional?: Array<string | null> | null }): Outcome | null;
}

export type Handler = (inv: Invocation, fx: Effects, rt: Runtime) => void;

const RANK: Record<CommandEffect, number> = { 'read-only': 0, writes: 1, opaque: 2, unknown: 3 };

export function newEffects(): Effects {
  return { effect: 'read-only', notes: [], writes: [], hazards: [], code: [], mentions: [] };
}

export function raise(fx: Effects, effect: CommandEffect, note?: string): void {
  if (RANK[effect] > RANK[fx.effect]) fx.effect = effect;
  if (note && !fx.notes.includes(note)) fx.notes.push(note);
}

export const unknown = (fx: Effects, note: string): void => raise(fx, 'unknown', note);
export const opaque = (fx: Effects, note: string): void => raise(fx, 'opaque', note);

export function maxEffect(a: CommandEffect, b: CommandEffect): CommandEffect {
  return RANK[a] >= RANK[b] ? a : b;
}

function dynNote(a: Arg): string {
  return a.dyn.length ? a.dyn.join(', ') : 'an argument bosun cannot know';
}

/** A word the command writes (a file, or a directory tree when `recursive`). /dev/null and the like are omitted. */
export function writeArg(inv: Invocation, fx: Effects, a: Arg, via: string, recursive = false): void {
  if (a.value.includes(FOUND)) {
    if (!inv.foundRoots || inv.foundRoots.length === 0) return unknown(fx, `${via} writes paths bosun cannot know`);
    for (const root of inv.foundRoots) writeArg({ ...inv, foundRoots: [] }, fx, root, via, true);
    return;
  }
  if (a.value.includes(DYN)) {
    const what = a.synthetic ? `arguments ${inv.wrappers.at(-1) ?? 'a wrapper'} supplies` : dynNote(a);
    return unknown(fx, `${via} writes a path that depends on ${what}`);
  }
  const r = resolveTarget(a.value, a.glob, inv.scope.cwds);
  if (!r.ok || r.partial) unknown(fx, !r.ok && r.why === 'empty' ? `${via} writes an empty path` : `${via} writes ${a.display} in a directory bosun cannot know`);
  if (!r.ok) return;
  for (const path of r.paths) {
    if (isHarmlessDevice(path)) continue;
    raise(fx, 'writes');
    fx.writes.push({ path, recursive: recursive || r.recursive, via });
  }
}

export function writeText(inv: Invocation, fx: Effects, value: string, via: string, recursive = false): void {
  writeArg(inv, fx, { value, display: value, glob: false, dyn: [], splitRisk: false }, via, recursive);
}

/** The whole worktree may change (git reset --hard, git pull …): the repo root, or the cwd outside it. */
export function writeWorktree(inv: Invocation, fx: Effects, via: string): void {
  raise(fx, 'writes');
  const root = inv.scope.repoRoot;
  for (const cwd of inv.scope.cwds) {
    if (cwd === null) return unknown(fx, `${via} changes a worktree bosun cannot locate`);
    fx.writes.push({ path: root !== null && isUnder(cwd, root) ? root : cwd, recursive: true, via });
  }
}

/** The current directory, recursively (files named after downloads, extractions …). */
export function writeCwd(inv: Invocation, fx: Effects, via: string): void {
  writeText(inv, fx, '.', via, true);
}

/**
 * Words whose value is unknown may be options (`rm $X` with X='-rf /') or split into several words:
 * the writer's targets cannot be trusted then.
 */
export function guardOperands(fx: Effects, args: readonly Arg[], via: string): boolean {
  const end = args.findIndex((a) => a.value === '--');
  const bad = (end < 0 ? args : args.slice(0, end)).find((a) => a.splitRisk || a.value.startsWith(DYN));
  if (!bad) return true;
  unknown(fx, `${via}: ${bad.synthetic ? 'arguments supplied at run time' : dynNote(bad)} may expand to options or several words`);
  return false;
}

export type InvocationBase = Omit<Invocation, 'name' | 'args' | 'nameIssue'>;

/** `argv` → an invocation: `/bin/rm` and `\\rm` are `rm`; `./x` and `$CMD` are flagged. */
export function invocationFor(argv: readonly Arg[], base: InvocationBase): Invocation {
  const [first, ...args] = argv;
  const inv: Invocation = { ...base, name: first?.value ?? '', args };
  if (!first) return inv;
  if (first.dyn.length) {
    inv.name = first.display;
    inv.nameIssue = { effect: 'unknown', note: `the command name depends on ${first.dyn.join(', ')}` };
    return inv;
  }
  const v = first.value;
  if (/^([{}()!]|\[\[|\]\]|then|do|done|fi|esac|elif|else)$/.test(v)) {
    inv.nameIssue = { effect: 'unknown', note: `the parser misread "${v}" as a command name` };
    return inv;
  }
  const slash = v.lastIndexOf('/');
  if (slash >= 0) {
    if (isSystemDir(v.slice(0, slash) || '/') && slash < v.length - 1) inv.name = v.slice(slash + 1);
    else inv.nameIssue = { effect: 'opaque', note: `runs ${v}, a program in a file` };
  }
  return inv;
}

/** A wrapper hands over to the command it runs (`timeout 5 rm x` → `rm x`). */
export function peel(rt: Runtime, fx: Effects, outer: Invocation, argv: readonly Arg[], wrapper: string, changes: Partial<InvocationBase> = {}): void {
  fx.peeled = true;
  const { name: _n, args: _a, nameIssue: _i, ...base } = outer;
  rt.dispatch(invocationFor(argv, { ...base, wrappers: [...outer.wrappers, wrapper], depth: outer.depth + 1, noFunctions: true, ...changes }));
}

/** An environment variable as the program sees it: a prefix/env assignment, else one set on the line. */
export function lookupEnv(inv: Invocation, name: string): Arg | undefined {
  const own = inv.env.get(name);
  if (own) return own;
  const v = inv.scope.tainted ? 'dynamic' : inv.scope.vars.get(name);
  if (v === undefined) return undefined;
  if (v === 'dynamic' || v.alts.length !== 1) return { value: DYN, display: `$${name}`, glob: false, dyn: [`$${name}`], splitRisk: false };
  const alt = v.alts[0] as { text: string; glob: boolean };
  return { value: alt.text, display: alt.text, glob: alt.glob, dyn: [], splitRisk: false };
}

import { posix } from 'node:path';
import { compareArgs } from './check-match-args.ts';
import { invocation, type Invocation } from './check-match-invocation.ts';
import { segments, type Segment } from './check-match-tokens.ts';

/**
 * Does a shell command line run one of the fleet's named checks (`checks: {test: "npm test"}`)?
 *
 * Spellings of one command compare equal (`npm t` ≡ `npm run test`, `npx tsc` ≡ `tsc`,
 * `python -m pytest` ≡ `pytest`, wrappers such as `timeout 600`, `env`, `CI=1` peeled off).
 * A run that covers less than the check (`-t "one test"`, a file argument, another directory)
 * is `narrowed`; a run whose exit status is not the check's (`|| true`, `; echo done`, a pipe
 * without pipefail) is `masked`.
 *
 * Directories: a check runs at the repository root (or where its own leading `cd` goes). A run
 * after `cd packages/a` runs another package's checks and is narrowed. Without `repoRoot`, the
 * command is taken to start at the root and any `cd` elsewhere (including an absolute path that
 * may well be the root) is narrowed; pass `repoRoot` and `cwd` to judge absolute paths.
 */
export interface CheckMatch {
  /** The check's name in `checks`. */
  check: string;
  /** The run covers less than (or something other than) the check: it proves nothing about the check. */
  narrowed: boolean;
  /** The line's exit status is not the check's: a zero status does not show that the check passed. */
  masked: boolean;
  /** Why it is narrowed or masked; empty when it is neither. */
  note: string;
}

export interface MatchOptions {
  /** Absolute path of the repository root: the directory checks run in. */
  repoRoot?: string;
  /** Absolute directory the command started in (default: the root). */
  cwd?: string;
}

interface Step {
  seg: Segment;
  inv: Invocation | null;
  /** Directory the command runs in; null when it cannot be told. */
  dir: string | null;
  errexit: boolean;
  pipefail: boolean;
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash']);
const TOPLEVEL = /^(?:\$\(|`)git rev-parse --show-toplevel(?:\)|`)$/;

/** Where `cd <arg>` goes from `dir`. */
function cdTarget(dir: string | null, seg: Segment, root: string): string | null {
  const i = seg.words.findIndex((w, k) => k > 0 && !/^-[LPe@]+$/.test(w));
  const arg = seg.words[i];
  const raw = seg.raw[i] ?? '';
  if (arg === undefined) return null;
  if (TOPLEVEL.test(raw.replace(/^"|"$/g, ''))) return root;
  if (/[$`~]/.test(raw) || arg === '-') return null;
  if (arg.startsWith('/')) return posix.normalize(arg).replace(/(.)\/$/, '$1');
  return dir === null ? null : posix.join(dir, arg).replace(/(.)\/$/, '$1');
}

/** `set -euo pipefail` and friends: the options a `set` or `bash -c` turns on or off. */
function shellOptions(args: string[], state: { errexit: boolean; pipefail: boolean }): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const m = /^([-+])([a-zA-Z]+)$/.exec(a);
    if (!m) continue;
    const on = m[1] === '-';
    if (m[2]?.includes('e')) state.errexit = on;
    if (m[2]?.endsWith('o') && args[i + 1] === 'pipefail') state.pipefail = on;
    if (m[2]?.endsWith('o')) i++;
  }
}

/** The line's commands in order with the directory and shell options each runs under; `bash -c` is followed. */
function steps(line: string, start: string | null, root: string, nest = 0): Step[] {
  const out: Step[] = [];
  const dirs: Array<string | null> = [start];
  const state = { errexit: false, pipefail: false };
  let depth = 0;
  for (const seg of segments(line)) {
    for (let d = depth + 1; d <= seg.depth; d++) dirs[d] = dirs[d - 1] ?? null;
    depth = seg.depth;
    const here = dirs[depth] ?? null;
    const inv = invocation(seg.words);
    const name = inv?.base ?? '';
    if (name === 'cd' || name === 'pushd') {
      dirs[depth] = cdTarget(here, seg, root);
    } else if (name === 'popd') dirs[depth] = null;
    else if (name === 'set' && inv) shellOptions(inv.args, state);
    const script = inv && SHELLS.has(inv.base) ? inv.args.indexOf('-c') : -1;
    if (inv && script >= 0 && nest < 3) {
      const inner = { ...state };
      shellOptions(inv.args.slice(0, script), inner);
      const nested = steps(inv.args[script + 1] ?? '', here, root, nest + 1).map((s) => ({
        ...s,
        seg: { ...s.seg, depth: s.seg.depth + depth + 1 },
        errexit: s.errexit || inner.errexit,
        pipefail: s.pipefail || inner.pipefail,
      }));
      const last = nested[nested.length - 1];
      if (last) last.seg = { ...last.seg, next: seg.next };
      out.push(...nested);
      continue;
    }
    const dir = inv?.dir && here !== null ? (inv.dir.startsWith('/') ? posix.normalize(inv.dir) : posix.join(here, inv.dir)) : here;
    out.push({ seg, inv, dir: dir === null ? null : dir.replace(/(.)\/$/, '$1'), ...state });
  }
  return out;
}

/** A command that keeps a failure a failure: `exit 1`, `false`, `exit $?`. */
const keepsFailure = (s: Step | undefined): boolean =>
  s !== undefined && (/^(?:false|exit [1-9]\d*|exit \$\?|exit)$/.test(s.seg.words.join(' ')) || s.inv?.base === 'false');

const show = (s: Step): string => s.seg.raw.join(' ');

/** Why the line's exit status may not be the check's, given the check's first and last step; '' when it is. */
function masking(run: Step[], first: number, last: number): string {
  for (let i = first; i <= last; i++) {
    const s = run[i] as Step;
    if (s.seg.bang) return `\`! ${show(s)}\` inverts the status`;
    if (i < last && s.seg.next !== '&&') return `the check's commands are joined by \`${s.seg.next}\`, not \`&&\``;
  }
  let end = last;
  while ((run[end] as Step).seg.next === '|' || (run[end] as Step).seg.next === '|&') {
    if (!(run[last] as Step).pipefail) return `the status is that of \`${show(run[end + 1] as Step)}\` at the end of the pipe (no \`set -o pipefail\`)`;
    end++;
  }
  const lastInList = (run[end] as Step).seg.next !== '&&' && (run[end] as Step).seg.next !== '||';
  for (let i = end; i < run.length; i++) {
    const next = (run[i] as Step).seg.next;
    const after = run[i + 1];
    if (next === '&') return 'the check runs in the background';
    if (next === null || after === undefined) return '';
    if (next === '||' && !keepsFailure(after)) return `\`|| ${show(after)}\` replaces a failing status`;
    if (next === ';' && lastInList && /^exit \$\?$/.test(after.seg.words.join(' '))) return '';
    if (next === ';' && !((run[end] as Step).errexit && lastInList)) return `\`${show(after)}\` runs after it and sets the status`;
    if (next === ';') return '';
  }
  return '';
}

interface Occurrence extends CheckMatch {
  at: number;
}

/** Every place in `run` where the check's steps occur in order, judged. */
function occurrences(name: string, check: Step[], run: Step[]): Occurrence[] {
  const parts = check.filter((s) => s.inv && s.inv.base !== 'cd' && s.inv.base !== 'set');
  if (parts.length === 0) return [];
  const out: Occurrence[] = [];
  for (let i = 0; i < run.length; i++) {
    const idx: number[] = [];
    for (let j = i; j < run.length && idx.length < parts.length; j++) {
      const base = run[j]?.inv?.base;
      if (base === 'cd' || base === 'set') continue;
      if (base !== parts[idx.length]?.inv?.base) break;
      idx.push(j);
    }
    if (idx.length < parts.length) continue;
    const notes: string[] = [];
    parts.forEach((p, k) => {
      const r = run[idx[k] as number] as Step;
      const diff = compareArgs(r.inv?.args ?? [], p.inv?.args ?? [], p.inv?.base ?? '');
      if (diff.extra.length) notes.push(`\`${diff.extra.join(' ')}\` may narrow \`${show(r)}\``);
      if (diff.missing.length) notes.push(`\`${show(r)}\` lacks \`${diff.missing.join(' ')}\``);
      if (r.dir === null) notes.push(`\`${show(r)}\` runs in a directory bosun cannot tell`);
      else if (r.dir !== p.dir) notes.push(`\`${show(r)}\` runs in ${r.dir}, the check in ${p.dir ?? 'an unknown directory'}`);
    });
    const masked = masking(run, idx[0] as number, idx[idx.length - 1] as number);
    out.push({ check: name, narrowed: notes.length > 0, masked: masked !== '', note: [...notes, masked].filter(Boolean).join('; '), at: i });
  }
  return out;
}

const rank = (m: CheckMatch): number => (m.narrowed ? 2 : 0) + (m.masked ? 1 : 0);

/** Every named check the command runs, each at its best occurrence (whole and unmasked first), in line order. */
export function matchChecks(command: string, checks: Record<string, string>, options: MatchOptions = {}): CheckMatch[] {
  const root = options.repoRoot ? posix.normalize(options.repoRoot).replace(/(.)\/$/, '$1') : '.';
  const run = steps(command, options.repoRoot ? (options.cwd ?? root) : '.', root);
  const found: Occurrence[] = [];
  for (const [name, text] of Object.entries(checks)) {
    const all = occurrences(name, steps(text, root, root), run);
    const best = all.reduce<Occurrence | null>((a, b) => (a === null || rank(b) <= rank(a) ? b : a), null);
    if (best) found.push(best);
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...m }) => m);
}

/**
 * The check the command runs, with whether the run is narrowed or its status masked; null when it
 * runs none. With several, the most trustworthy one, then the last (its status is the line's).
 */
export function matchCheckDetailed(command: string, checks: Record<string, string>, options: MatchOptions = {}): CheckMatch | null {
  const all = matchChecks(command, checks, options);
  return all.reduce<CheckMatch | null>((a, b) => (a === null || rank(b) <= rank(a) ? b : a), null);
}

/**
 * The name of the check the command runs in full, or null. A masked run still counts here
 * (it did run the check): callers that read its exit status must use `matchCheckDetailed`.
 */
export function matchCheck(command: string, checks: Record<string, string>, options: MatchOptions = {}): string | null {
  const m = matchCheckDetailed(command, checks, options);
  return m && !m.narrowed ? m.check : null;
}

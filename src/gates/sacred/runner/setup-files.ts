/**
 * Code that runs with every sacred test without being one: jest `setupFiles`/`setupFilesAfterEnv`/
 * `globalSetup`/custom environments and transforms, vitest `setupFiles`/`globalSetup`, mocha `require`/`file`,
 * `node --import ./x`/`--require ./x`, and pytest's `conftest.py`. One line there (`global.expect = …`, a
 * collection hook that deselects) weakens every sacred test, so the lock pins their contents too.
 *
 * `setupRefs` reads what the configs name (pure; paths may lack their extension); the IO shell resolves
 * them against the tree. Only paths are followed, never packages (`ts-jest`, `tsx`).
 */
import type { Invocation } from './commands.ts';
import { prop, strings, type StaticValue } from './static-value.ts';

const JEST_PATH_KEYS = ['setupFiles', 'setupFilesAfterEnv', 'globalSetup', 'globalTeardown', 'testEnvironment', 'testRunner', 'testSequencer', 'snapshotResolver', 'resolver', 'runner'];
const VITEST_PATH_KEYS = ['setupFiles', 'globalSetup'];
const MOCHA_PATH_KEYS = ['require', 'file'];
const NODE_PATH_OPTS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
const MOCHA_PATH_OPTS = new Set(['--require', '-r', '--file']);

/** A repo-relative path when `ref` names a file of the repository (not a package), else null. */
export function repoPath(ref: string): string | null {
  let p = ref.trim();
  if (p.startsWith('<rootDir>')) p = '.' + p.slice('<rootDir>'.length);
  if (!(p.startsWith('./') || p.startsWith('../') || p.startsWith('.\\') || /^[\w.-]+\/.+\.[cm]?[jt]sx?$/.test(p))) return null;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length ? parts.join('/') : null;
}

function fromValue(v: StaticValue | undefined): string[] {
  const s = strings(v);
  return s.kind === 'list' ? s.values : [];
}

function transformPaths(v: StaticValue | undefined): string[] {
  if (v === undefined || v === null || typeof v !== 'object' || !('$object' in v)) return [];
  const out: string[] = [];
  for (const t of Object.values(v.$object)) {
    if (typeof t === 'string') out.push(t);
    else if (Array.isArray(t) && typeof t[0] === 'string') out.push(t[0]);
  }
  return out;
}

function optionValues(args: readonly string[], names: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    if (eq > 0 && names.has(a.slice(0, eq))) out.push(a.slice(eq + 1));
    else if (names.has(a) && i + 1 < args.length) out.push(args[++i]!);
  }
  return out;
}

export interface SetupSources {
  jest: StaticValue[];
  vitest: StaticValue | null;
  mocha: StaticValue[];
  invocations: readonly Invocation[];
}

/** Repo-relative paths (extension possibly missing) of the setup code the runners load. */
export function setupRefs(src: SetupSources): string[] {
  const refs: string[] = [];
  for (const c of src.jest) {
    for (const k of JEST_PATH_KEYS) refs.push(...fromValue(prop(c, k)));
    refs.push(...transformPaths(prop(c, 'transform')));
  }
  const test = src.vitest === null ? undefined : prop(src.vitest, 'test');
  for (const k of VITEST_PATH_KEYS) refs.push(...fromValue(prop(test, k)));
  for (const c of src.mocha) for (const k of MOCHA_PATH_KEYS) refs.push(...fromValue(prop(c, k)));
  for (const inv of src.invocations) {
    if (inv.runner === 'node') refs.push(...optionValues(inv.args, NODE_PATH_OPTS));
    if (inv.runner === 'mocha') refs.push(...optionValues(inv.args, MOCHA_PATH_OPTS));
  }
  return [...new Set(refs.map(repoPath).filter((p): p is string => p !== null))].sort();
}

const EXTENSIONS = ['', '.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '.jsx', '.tsx', '/index.js', '/index.ts'];

/** The file a reference names in the tree (node/jest resolution of a missing extension), or null. */
export function resolveRef(ref: string, exists: (path: string) => boolean): string | null {
  for (const ext of EXTENSIONS) if (exists(ref + ext)) return ref + ext;
  return null;
}

/** pytest's conftest.py files that apply to a Python file: in its directory and every directory above. */
export function conftestsFor(file: string, exists: (path: string) => boolean): string[] {
  if (!file.endsWith('.py')) return [];
  const dirs = file.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = 0; i <= dirs.length; i++) {
    const p = [...dirs.slice(0, i), 'conftest.py'].join('/');
    if (exists(p)) out.push(p);
  }
  return out;
}

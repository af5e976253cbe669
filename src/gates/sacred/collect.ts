/**
 * The IO shell that turns a tree into a `SacredSnapshot`: which files the sacred globs match, their hashes
 * and tests, candidates for moves, and the runner configuration. The parser (TypeScript) is loaded only
 * for files whose hash differs from the lock, and the runner is evaluated only when its fingerprint
 * differs (or when locking).
 */
import { matchAny } from '../../policy/index.ts';
import { sha256Hex } from '../../shared/sha256.ts';
import { evaluateRunner, fingerprintRunner, RUNNER_FILES, type ConfigReaders, type RunnerInputs } from './runner/analyze.ts';
import { conftestsFor, resolveRef } from './runner/setup-files.ts';
import { isParseable } from './test-files.ts';
import type { Tree } from './tree.ts';
import { SACRED_LOCK_FILE, type LockedFile, type RunnerFingerprint, type RunnerState, type SacredLock, type SacredSnapshot, type SacredTest } from './types.ts';

export interface CollectOptions {
  tree: Tree;
  /** `protected.sacred` globs. */
  sacred: readonly string[];
  /** Absolute worktree root. */
  root: string;
  /** The fleet's checks (command lines that may run tests). */
  checks: Record<string, string>;
  /** The lock compared against: unchanged files reuse its tests, an unchanged runner is not re-evaluated. */
  lock: SacredLock | null;
  /** 'always' when writing a lock. */
  evaluate: 'always' | 'if-changed';
}

type Extract = (source: string, fileName: string) => SacredTest[];

let extractor: Promise<Extract> | null = null;
/** Loads TypeScript (9 MB) on first use only. */
export function loadExtractor(): Promise<Extract> {
  extractor ??= import('./extract.ts').then((m) => m.extractTests);
  return extractor;
}

async function loadReaders(): Promise<ConfigReaders> {
  const [{ readJsConfig }, yaml] = await Promise.all([import('./runner/js-config.ts'), import('yaml')]);
  return { readJs: readJsConfig, readYaml: (text) => yaml.parse(text) as unknown };
}

async function describeFiles(tree: Tree, paths: readonly string[], lock: SacredLock | null): Promise<Record<string, LockedFile>> {
  const out: Record<string, LockedFile> = {};
  const contents = tree.read(paths);
  for (const p of [...paths].sort()) {
    const buf = contents.get(p);
    if (buf === undefined) continue;
    const sha256 = sha256Hex(buf);
    const locked = lock?.files[p];
    if (locked && locked.sha256 === sha256) {
      out[p] = { sha256, tests: locked.tests };
      continue;
    }
    out[p] = { sha256, tests: isParseable(p) ? (await loadExtractor())(buf.toString('utf8'), p) : [] };
  }
  return out;
}

const stem = (p: string): string => {
  const base = p.slice(p.lastIndexOf('/') + 1);
  const dot = base.indexOf('.', 1);
  return dot === -1 ? base : base.slice(0, dot);
};

function sameFingerprint(lock: RunnerFingerprint, now: { scripts: Record<string, string>; configs: Record<string, string> }): boolean {
  const eq = (a: Record<string, string>, b: Record<string, string>): boolean => {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
  };
  return eq(lock.scripts, now.scripts) && eq(lock.configs, now.configs);
}

async function runnerState(opts: CollectOptions, all: Set<string>, sacredPaths: string[]): Promise<RunnerState> {
  const present = RUNNER_FILES.filter((f) => all.has(f));
  const files: Record<string, string> = {};
  for (const [p, b] of opts.tree.read(present)) files[p] = b.toString('utf8');
  const inputs: RunnerInputs = { root: opts.root, files, checks: opts.checks };
  const fp = fingerprintRunner(inputs);
  const exists = (p: string): boolean => all.has(p);
  const conftests = sacredPaths.flatMap((f) => conftestsFor(f, exists));
  if (opts.evaluate === 'if-changed' && opts.lock && sameFingerprint(opts.lock.runner, fp)) {
    // The configs are as locked, so they name the same setup code: re-hash it, nothing else.
    return { ...fp, uncovered: {}, opaque: [], setup: hashAll(opts.tree, [...Object.keys(opts.lock.runner.setup), ...conftests]) };
  }
  const ev = evaluateRunner(inputs, sacredPaths, await loadReaders());
  const resolved = ev.setupRefs.map((r) => resolveRef(r, exists)).filter((p): p is string => p !== null);
  return { ...fp, uncovered: ev.uncovered, opaque: ev.opaque, setup: hashAll(opts.tree, [...resolved, ...conftests]) };
}

function hashAll(tree: Tree, paths: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [p, b] of tree.read([...new Set(paths)].sort())) out[p] = sha256Hex(b);
  return out;
}

export async function collectSnapshot(opts: CollectOptions): Promise<SacredSnapshot> {
  const paths = opts.tree.paths();
  const all = new Set(paths);
  const sacredPaths = opts.sacred.length ? paths.filter((p) => p !== SACRED_LOCK_FILE && matchAny(opts.sacred, p) !== undefined).sort() : [];
  const sacredSet = new Set(sacredPaths);
  const files = await describeFiles(opts.tree, sacredPaths, opts.lock);

  const lockedPaths = Object.keys(opts.lock?.files ?? {});
  const outsidePaths = lockedPaths.filter((p) => !sacredSet.has(p) && all.has(p));
  const outside = await describeFiles(opts.tree, outsidePaths, opts.lock);

  // A locked file that is gone may have moved: hash the files that share its name's stem.
  const elsewhere: Record<string, string[]> = {};
  const missing = lockedPaths.filter((p) => !all.has(p));
  if (missing.length) {
    const stems = new Set(missing.map(stem));
    const lockedHashes = new Set(missing.map((p) => opts.lock!.files[p]!.sha256));
    const candidates = paths.filter((p) => !sacredSet.has(p) && stems.has(stem(p)));
    for (const [p, buf] of opts.tree.read(candidates)) {
      const h = sha256Hex(buf);
      if (lockedHashes.has(h)) elsewhere[h] = [...(elsewhere[h] ?? []), p];
    }
  }

  return { files, outside, elsewhere, runner: await runnerState(opts, all, sacredPaths) };
}

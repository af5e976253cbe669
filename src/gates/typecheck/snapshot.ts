/**
 * The snapshot a gate checks, materialised OUTSIDE the working tree: `<common git dir>/bosun/tscache/<slot>/tree`.
 * Nothing here reads or writes the user's files or the index (blobs come from `git cat-file`), so a gate killed
 * at any moment leaves the worktree as it was.
 *
 * The tree is kept between runs as tsc's incremental cache (its `-b` outputs and the `--tsBuildInfoFile`s live
 * beside it): each run syncs it to the snapshot, rewriting only files whose blob changed or whose on-disk stat
 * (size, mtime, ctime, inode) differs from what bosun wrote — so a file touched by anyone else is rewritten,
 * never trusted. The manifest is deleted before a sync and written after it: a run killed mid-sync leaves no
 * manifest, and the next run rebuilds the tree from scratch. A slot is held with a lock file naming the pid;
 * a lock whose process is gone is taken over. When the slot is busy (another gate running now), the run uses a
 * private `tmp-<pid>-…` slot that is removed afterwards — or by the next run, if this one was killed.
 *
 * node_modules: each package dir of the snapshot that has a node_modules in the worktree (or, for a linked
 * worktree without any, in the main worktree) gets a real
 * node_modules dir of links to the worktree's entries, except workspace links (an entry that resolves inside
 * the repository, not in a node_modules), which point into the snapshot: a dependent package then sees the
 * staged version of the package it imports, not the working tree's.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, chmodSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { sha256Hex } from '../../shared/sha256.ts';
import { findRepoDirs } from '../../shared/git-dirs.ts';
import { git } from '../git-hooks/git.ts';
import { listEntries, type Entry, type SnapshotSource } from './source.ts';

export interface SnapshotOptions {
  repoRoot: string;
  commonDir: string;
  source: SnapshotSource;
}

export interface Snapshot {
  /** The materialised tree (absolute). */
  root: string;
  /** The slot dir: tree/, info/ (tsbuildinfo files), manifest.json, lock. */
  slot: string;
  /** Whether the slot persists (false: a private temp slot, removed at the end). */
  cached: boolean;
  entries: Map<string, Entry>;
  timings: { syncMs: number; linkMs: number; written: number; removed: number; links: number };
}

const MANIFEST_VERSION = 1;
type Stamp = [mode: string, oid: string, size: number, mtimeMs: number, ctimeMs: number, ino: number];

export const cacheRoot = (commonDir: string): string => join(commonDir, 'bosun', 'tscache');

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Private slots left by killed runs (`tmp-<pid>-…` whose pid is gone). */
export function sweepTempSlots(root: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = /^tmp-(\d+)-/.exec(n);
    if (!m || alive(Number(m[1]))) continue;
    rmSync(join(root, n), { recursive: true, force: true });
    removed.push(n);
  }
  return removed;
}

function tryLock(slot: string): boolean {
  mkdirSync(slot, { recursive: true });
  const lock = join(slot, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = NaN;
      try {
        holder = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        // vanished meanwhile: try again
      }
      if (alive(holder) && holder !== process.pid) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

function slotName(opts: SnapshotOptions): string {
  const gitDir = findRepoDirs(opts.repoRoot)?.gitDir ?? opts.repoRoot;
  return `${opts.source.kind === 'index' ? 'index' : 'commit'}-${sha256Hex(gitDir).slice(0, 12)}`;
}

function readManifest(slot: string): Map<string, Stamp> | null {
  try {
    const m = JSON.parse(readFileSync(join(slot, 'manifest.json'), 'utf8')) as { version?: number; entries?: Record<string, Stamp> };
    if (m.version !== MANIFEST_VERSION || typeof m.entries !== 'object' || m.entries === null) return null;
    return new Map(Object.entries(m.entries));
  } catch {
    return null;
  }
}

function writeManifest(slot: string, stamps: Map<string, Stamp>): void {
  const tmp = join(slot, `manifest.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify({ version: MANIFEST_VERSION, entries: Object.fromEntries(stamps) }));
  renameSync(tmp, join(slot, 'manifest.json'));
}

const stampOf = (e: Entry, st: Stats): Stamp => [e.mode, e.oid, st.size, st.mtimeMs, st.ctimeMs, st.ino];
const sameStamp = (a: Stamp, b: Stamp): boolean => a.every((v, i) => v === b[i]);

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

/** Outputs tsc -b may have emitted beside a source that is gone; left there they would satisfy a stale import. */
function emittedSiblings(path: string): string[] {
  const m = /^(.*)\.([cm]?)tsx?$/.exec(path);
  if (!m || /\.d\.[cm]?ts$/.test(path)) return [];
  const [stem, x] = [m[1]!, m[2]!];
  return [`.${x}js`, `.${x}js.map`, `.d.${x}ts`, `.d.${x}ts.map`, '.jsx'].map((ext) => stem + ext);
}

const BATCH = 500;

function writeBlobs(repoRoot: string, tree: string, todo: [string, Entry][], stamps: Map<string, Stamp>): void {
  for (let i = 0; i < todo.length; i += BATCH) {
    const chunk = todo.slice(i, i + BATCH);
    const out = git(repoRoot, ['cat-file', '--batch'], chunk.map(([, e]) => e.oid).join('\n') + '\n');
    let at = 0;
    for (const [path, e] of chunk) {
      const nl = out.indexOf(0x0a, at);
      const size = Number(/ (\d+)$/.exec(out.subarray(at, nl).toString('utf8'))?.[1] ?? NaN);
      if (!Number.isFinite(size)) throw new Error(`git cat-file: no blob ${e.oid} for ${path}`);
      const data = out.subarray(nl + 1, nl + 1 + size);
      at = nl + 1 + size + 1;
      const abs = join(tree, path);
      const old = lstatOrNull(abs);
      if (old) rmSync(abs, { recursive: true, force: true });
      mkdirSync(dirname(abs), { recursive: true });
      if (e.mode === '120000') symlinkSync(data.toString('utf8'), abs);
      else {
        writeFileSync(abs, data);
        if (e.mode === '100755') chmodSync(abs, 0o755);
      }
      stamps.set(path, stampOf(e, lstatSync(abs)));
    }
  }
}

function sync(repoRoot: string, slot: string, entries: Map<string, Entry>): { written: number; removed: number } {
  const tree = join(slot, 'tree');
  let manifest = readManifest(slot);
  if (manifest === null) {
    rmSync(tree, { recursive: true, force: true });
    manifest = new Map();
  }
  rmSync(join(slot, 'manifest.json'), { force: true }); // in progress: a kill from here on means "rebuild"
  mkdirSync(tree, { recursive: true });
  const stamps = new Map<string, Stamp>();
  let removed = 0;
  for (const [path, s] of manifest) {
    const e = entries.get(path);
    if (e && e.mode === s[0]) continue;
    rmSync(join(tree, path), { recursive: true, force: true });
    removed++;
    if (!e) for (const sib of emittedSiblings(path)) if (!entries.has(sib)) rmSync(join(tree, sib), { force: true });
  }
  const todo: [string, Entry][] = [];
  for (const [path, e] of entries) {
    const s = manifest.get(path);
    const st = s ? lstatOrNull(join(tree, path)) : null;
    if (s && st && sameStamp(s, stampOf(e, st))) stamps.set(path, s);
    else todo.push([path, e]);
  }
  writeBlobs(repoRoot, tree, todo, stamps);
  writeManifest(slot, stamps);
  return { written: todo.length, removed };
}

function linkEntry(real: string, at: string, repoRoot: string, tree: string): void {
  let target = real;
  const st = lstatOrNull(real);
  if (st?.isSymbolicLink()) {
    try {
      const resolved = realpathSync(real);
      const rel = relative(repoRoot, resolved);
      // a workspace link: the package lives in the repository, so the snapshot has its staged version
      if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(/[\\/]/).includes('node_modules')) target = join(tree, rel);
    } catch {
      // dangling link: keep it dangling
    }
  }
  symlinkSync(target, at);
}

/**
 * Where node_modules come from: the worktree's own, else — a linked worktree nobody ran `npm install` in,
 * as agent worktrees often are — the main worktree's (next to the common git dir).
 */
export function modulesRoot(repoRoot: string, commonDir: string): string {
  if (existsSync(join(repoRoot, 'node_modules'))) return repoRoot;
  const main = dirname(commonDir);
  if (basename(commonDir) === '.git' && existsSync(join(main, 'node_modules'))) return main;
  return repoRoot;
}

/** Links the node_modules of `repoRoot` (see modulesRoot) into the snapshot; returns how many links were made. */
export function linkNodeModules(repoRoot: string, tree: string, entries: Map<string, Entry>): number {
  const dirs = new Set<string>(['']);
  for (const p of entries.keys()) if (p === 'package.json' || p.endsWith('/package.json')) dirs.add(p === 'package.json' ? '' : dirname(p));
  let links = 0;
  for (const d of dirs) {
    const real = join(repoRoot, d, 'node_modules');
    if (!existsSync(real)) continue;
    const mine = join(tree, d, 'node_modules');
    if (!existsSync(join(tree, d))) continue;
    rmSync(mine, { recursive: true, force: true });
    mkdirSync(mine, { recursive: true });
    for (const name of readdirSync(real)) {
      const src = join(real, name);
      if (name.startsWith('@') && lstatOrNull(src)?.isDirectory()) {
        mkdirSync(join(mine, name));
        for (const sub of readdirSync(src)) {
          linkEntry(join(src, sub), join(mine, name, sub), repoRoot, tree);
          links++;
        }
        continue;
      }
      linkEntry(src, join(mine, name), repoRoot, tree);
      links++;
    }
  }
  return links;
}

/**
 * Materialises the snapshot, runs `fn` on it, releases it. The slot's lock is released (a private slot
 * removed) in `finally`; a killed run leaves a lock naming a dead pid, which the next run takes over.
 */
export async function withSnapshot<T>(opts: SnapshotOptions, fn: (s: Snapshot) => Promise<T>): Promise<T> {
  const entries = listEntries(opts.repoRoot, opts.source);
  const root = cacheRoot(opts.commonDir);
  sweepTempSlots(root);
  let slot = join(root, slotName(opts));
  let cached = true;
  if (!tryLock(slot)) {
    cached = false;
    slot = join(root, `tmp-${process.pid}-${Date.now().toString(36)}`);
    mkdirSync(slot, { recursive: true });
  }
  try {
    const t0 = performance.now();
    const { written, removed } = sync(opts.repoRoot, slot, entries);
    const t1 = performance.now();
    const tree = join(slot, 'tree');
    const links = linkNodeModules(modulesRoot(opts.repoRoot, opts.commonDir), tree, entries);
    const t2 = performance.now();
    mkdirSync(join(slot, 'info'), { recursive: true });
    const snap: Snapshot = { root: tree, slot, cached, entries, timings: { syncMs: Math.round(t1 - t0), linkMs: Math.round(t2 - t1), written, removed, links } };
    return await fn(snap);
  } finally {
    if (cached) rmSync(join(slot, 'lock'), { force: true });
    else rmSync(slot, { recursive: true, force: true });
  }
}

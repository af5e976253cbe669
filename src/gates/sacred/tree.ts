/**
 * The three trees the sacred gate reads: the working tree (`bosun gate sacred`, `sacred lock|approve`),
 * the staged snapshot (`bosun gate pre-commit`: what the commit will contain, read from the index — which
 * honours the GIT_INDEX_FILE git sets for `git commit -a` and `git commit <paths>`), and a commit
 * (`--base REV`: HEAD, and the lock as of REV). Blobs are read in one `git cat-file --batch` call.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { git, gitRaw } from '../git-hooks/git.ts';

export interface Tree {
  kind: 'worktree' | 'index' | 'commit';
  /** For messages: "the working tree", "the staged snapshot", "HEAD", "origin/main". */
  label: string;
  /** Every file path (repo-relative, `/`-separated). */
  paths(): string[];
  /** Contents of the given files that exist (symlinks: their target text, as git stores them). */
  read(paths: readonly string[]): Map<string, Buffer>;
}

const splitZ = (b: Buffer): string[] => b.toString('utf8').split('\0').filter(Boolean);

function catFileBatch(root: string, oids: readonly string[]): Buffer[] {
  if (oids.length === 0) return [];
  const out = git(root, ['cat-file', '--batch'], oids.join('\n') + '\n');
  const blobs: Buffer[] = [];
  let at = 0;
  for (const oid of oids) {
    const nl = out.indexOf(0x0a, at);
    const header = out.subarray(at, nl).toString('utf8');
    const m = /^(\S+) (\S+) (\d+)$/.exec(header);
    if (!m) throw new BosunError({ code: 'E_GIT', message: `git cat-file: unexpected answer for ${oid}: ${header}`, exitCode: EXIT.environment });
    const size = Number(m[3]);
    blobs.push(Buffer.from(out.subarray(nl + 1, nl + 1 + size)));
    at = nl + 1 + size + 1;
  }
  return blobs;
}

/** A tree whose files are git blobs: path → oid. */
function blobTree(root: string, kind: 'index' | 'commit', label: string, entries: Map<string, string>): Tree {
  return {
    kind,
    label,
    paths: () => [...entries.keys()],
    read(paths) {
      const wanted = paths.filter((p) => entries.has(p));
      const blobs = catFileBatch(root, wanted.map((p) => entries.get(p)!));
      return new Map(wanted.map((p, i) => [p, blobs[i]!]));
    },
  };
}

export function worktreeTree(root: string): Tree {
  let cached: string[] | null = null;
  return {
    kind: 'worktree',
    label: 'the working tree',
    paths() {
      cached ??= [...new Set(splitZ(git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])))].filter((p) => existsSync(join(root, p)) || isSymlink(join(root, p)));
      return cached;
    },
    read(paths) {
      const out = new Map<string, Buffer>();
      for (const p of paths) {
        const abs = join(root, p);
        try {
          const st = lstatSync(abs);
          if (st.isSymbolicLink()) out.set(p, Buffer.from(readlinkSync(abs)));
          else if (st.isFile()) out.set(p, readFileSync(abs));
        } catch {
          // absent: not in the map
        }
      }
      return out;
    },
  };
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export function indexTree(root: string): Tree {
  const entries = new Map<string, string>();
  for (const rec of splitZ(git(root, ['ls-files', '-z', '--stage']))) {
    const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(rec);
    if (!m || m[1] === '160000' || entries.has(m[4]!)) continue;
    entries.set(m[4]!, m[2]!);
  }
  return blobTree(root, 'index', 'the staged snapshot', entries);
}

/** The commit a revision names; E_BAD_REV (usage) when it names none. */
export function resolveCommit(root: string, rev: string): string {
  const r = gitRaw(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  const sha = r.stdout.toString('utf8').trim();
  if (r.status !== 0 || !sha) {
    throw new BosunError({
      code: 'E_BAD_REV',
      message: `"${rev}" does not name a commit in this repository`,
      hint: 'In CI, fetch the base branch first (e.g. `git fetch origin main` and `--base origin/main`; with actions/checkout set fetch-depth: 0).',
      exitCode: EXIT.usage,
    });
  }
  return sha;
}

export function commitTree(root: string, rev: string, label: string = rev): Tree {
  const sha = resolveCommit(root, rev);
  const entries = new Map<string, string>();
  for (const rec of splitZ(git(root, ['ls-tree', '-r', '-z', '--full-tree', sha]))) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(rec);
    if (!m || m[2] !== 'blob') continue;
    entries.set(m[4]!, m[3]!);
  }
  return blobTree(root, 'commit', label, entries);
}

/** One file of a tree as UTF-8 text, or null. */
export function readText(tree: Tree, path: string): string | null {
  const b = tree.read([path]).get(path);
  return b === undefined ? null : b.toString('utf8');
}

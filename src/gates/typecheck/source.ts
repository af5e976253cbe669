/**
 * What to check: the staged snapshot (the index — honouring the GIT_INDEX_FILE git sets for `git commit -a`
 * and `git commit <paths>`) or a commit, as path → (mode, blob), and the paths changed against HEAD or a base.
 */
import { git, gitRaw } from '../git-hooks/git.ts';
import { resolveCommit } from '../sacred/tree.ts';

export type SnapshotSource = { kind: 'index' } | { kind: 'commit'; rev: string };

export interface Entry {
  mode: string;
  oid: string;
}

const splitZ = (b: Buffer): string[] => b.toString('utf8').split('\0').filter(Boolean);

export function listEntries(repoRoot: string, source: SnapshotSource): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  if (source.kind === 'index') {
    for (const rec of splitZ(git(repoRoot, ['ls-files', '-z', '--stage']))) {
      const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(rec);
      // submodules are not files; an unmerged path keeps its first stage (git refuses such a commit anyway)
      if (!m || m[1] === '160000' || entries.has(m[4]!)) continue;
      entries.set(m[4]!, { mode: m[1]!, oid: m[2]! });
    }
    return entries;
  }
  const sha = resolveCommit(repoRoot, source.rev);
  for (const rec of splitZ(git(repoRoot, ['ls-tree', '-r', '-z', '--full-tree', sha]))) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(rec);
    if (!m || m[2] !== 'blob') continue;
    entries.set(m[4]!, { mode: m[1]!, oid: m[3]! });
  }
  return entries;
}

const hasHead = (repoRoot: string): boolean => gitRaw(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).status === 0;

/** Paths staged for the next commit (added, modified, deleted; renames as delete + add). */
export function stagedChanges(repoRoot: string, entries: Map<string, Entry>): string[] {
  if (!hasHead(repoRoot)) return [...entries.keys()];
  return splitZ(git(repoRoot, ['diff-index', '--cached', '--name-only', '-z', '--no-renames', 'HEAD', '--']));
}

/** Paths changed on the branch: `git diff base...HEAD` (against the merge base, like a pull request). */
export function branchChanges(repoRoot: string, base: string): string[] {
  resolveCommit(repoRoot, base);
  return splitZ(git(repoRoot, ['diff', '--name-only', '-z', '--no-renames', `${base}...HEAD`, '--']));
}

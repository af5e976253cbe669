/**
 * The IO shell of the review rule: which globs protect paths, and which staged changes fall under them.
 *
 * The globs are the union of `protected.human_review` in the staged fleet file and in HEAD's: a commit
 * that narrows the globs does not free itself from them, and one that widens them is already bound.
 * The staged changes come from the index git is committing (GIT_INDEX_FILE is honoured, so `git commit -a`
 * and `git commit <paths>` are read as what they will commit).
 *
 * Concluding a merge, a path whose staged entry is exactly the merged commit's (MERGE_HEAD) is that branch's
 * change, already committed there (through this gate when it came from an agent); only paths that match no
 * merged parent — conflict resolutions, edits during the merge — are the committer's own.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { FLEET_FILE, fleetInvalid, loadFleet, loadFleetParser } from '../../fleet/index.ts';
import type { Ledger } from '../../ledger/index.ts';
import { git, gitRaw } from '../git-hooks/git.ts';
import { parseRawDiff, protectedChanges, type ReviewedItem, type ReviewItem } from './changes.ts';

export interface RepoPaths {
  repoRoot: string;
  commonDir: string;
}

export interface ReviewScope {
  /** The human_review globs in force (union of the staged and HEAD fleet files). */
  globs: string[];
  /** Staged changes under those globs. */
  items: ReviewItem[];
  notices: string[];
}

async function globsOf(text: string, shown: string): Promise<string[]> {
  const { parseFleet } = await loadFleetParser();
  const parsed = parseFleet(text, shown);
  if (!parsed.ok) throw fleetInvalid(shown, parsed.issues);
  return parsed.fleet.protected.human_review;
}

function blobText(repoRoot: string, spec: string): string | null {
  const r = gitRaw(repoRoot, ['cat-file', 'blob', spec]);
  return r.status === 0 ? r.stdout.toString('utf8') : null;
}

export async function humanReviewGlobs(repo: RepoPaths): Promise<{ globs: string[]; notices: string[] }> {
  const notices: string[] = [];
  const staged = blobText(repo.repoRoot, `:${FLEET_FILE}`);
  const head = blobText(repo.repoRoot, `HEAD:${FLEET_FILE}`);
  if (staged === null && head === null) return { globs: (await loadFleet(repo)).fleet.protected.human_review, notices };
  const globs = new Set<string>();
  if (staged !== null) for (const g of await globsOf(staged, `${FLEET_FILE} (staged)`)) globs.add(g);
  if (head !== null) {
    try {
      for (const g of await globsOf(head, `${FLEET_FILE} (HEAD)`)) globs.add(g);
    } catch (err) {
      if (staged === null) throw err;
      notices.push(`${FLEET_FILE} at HEAD is invalid; only the staged fleet's human_review globs apply`);
    }
  }
  return { globs: [...globs], notices };
}

/** `git diff --cached` as raw records; on an unborn branch, against the empty tree. */
export function stagedChanges(repoRoot: string): ReturnType<typeof parseRawDiff> {
  const out = git(repoRoot, ['-c', 'core.quotePath=false', 'diff', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-relative', '--ignore-submodules=none']);
  return parseRawDiff(out.toString('utf8'));
}

/** The commits being merged (this worktree's MERGE_HEAD: one line each), if a merge is in progress. */
function mergeHeads(repoRoot: string): string[] {
  const file = git(repoRoot, ['rev-parse', '--git-path', 'MERGE_HEAD']).toString('utf8').trim();
  let text: string;
  try {
    text = readFileSync(isAbsolute(file) ? file : join(repoRoot, file), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

/** path → "mode blob" in `commit`, for the given paths. */
function entriesAt(repoRoot: string, commit: string, paths: readonly string[]): Map<string, string> {
  const out = git(repoRoot, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths]).toString('utf8');
  const entries = new Map<string, string>();
  for (const rec of out.split('\0')) {
    const m = /^(\d{6}) \w+ ([0-9a-f]+)\t(.*)$/s.exec(rec);
    if (m) entries.set(m[3]!, `${m[1]} ${m[2]}`);
  }
  return entries;
}

/** Drops the items whose staged entry is exactly a merged commit's (see the file comment). */
function withoutMerged(repoRoot: string, items: ReviewItem[], notices: string[]): ReviewItem[] {
  if (items.length === 0) return items;
  const heads = mergeHeads(repoRoot);
  if (heads.length === 0) return items;
  const paths = items.map((i) => i.change.path);
  const trees = heads.map((h) => ({ head: h, entries: entriesAt(repoRoot, h, paths) }));
  return items.filter((i) => {
    const c = i.change;
    const staged = c.status === 'D' ? undefined : `${c.newMode} ${c.newBlob}`;
    const from = trees.find((t) => t.entries.get(c.path) === staged);
    if (from === undefined) return true;
    notices.push(`${c.path}: as in the merged commit ${from.head.slice(0, 10)} (that branch's change, not this commit's own)`);
    return false;
  });
}

export async function reviewScope(repo: RepoPaths): Promise<ReviewScope> {
  const { globs, notices } = await humanReviewGlobs(repo);
  if (globs.length === 0) return { globs, items: [], notices };
  const items = withoutMerged(repo.repoRoot, protectedChanges(stagedChanges(repo.repoRoot), globs), notices);
  return { globs, items, notices };
}

/** Each item with the approval covering its exact content (and, when none, the newest one of its path). */
export function withApprovals(items: readonly ReviewItem[], ledger: Pick<Ledger, 'reviewApprovalFor' | 'listReviewApprovals'>): ReviewedItem[] {
  return items.map((item) => {
    const approval = ledger.reviewApprovalFor(item.change);
    const earlier = approval ? null : (ledger.listReviewApprovals({ path: item.change.path, limit: 1 })[0] ?? null);
    return { ...item, approval, earlier };
  });
}

/** HEAD's commit id, or null on an unborn branch. */
export function headCommit(repoRoot: string): string | null {
  const r = gitRaw(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const id = r.stdout.toString('utf8').trim();
  return r.status === 0 && id !== '' ? id : null;
}

/**
 * The staged changes a review approval is bound to, and which of them touch `protected.human_review`. Pure:
 * the IO shell (scope.ts) runs git and reads the fleet.
 *
 * Renames are not detected (`--no-renames`): a move is a deletion of the old path and an addition of the new
 * one, so a protected path moved anywhere — or a file moved onto a protected path — is caught on its own side.
 * `movedTo`/`movedFrom` pair the two sides (same blob) for the message only.
 */
import { matchAny } from '../../policy/index.ts';
import type { ReviewApprovalRow, ReviewChange } from '../../ledger/index.ts';

export interface ReviewItem {
  change: ReviewChange;
  /** The human_review glob that matched. */
  glob: string;
  movedTo?: string;
  movedFrom?: string;
}

export interface ReviewedItem extends ReviewItem {
  /** The approval covering exactly this content, or null. */
  approval: ReviewApprovalRow | null;
  /** When not covered: the newest approval of this path, which covered other content (null when none). */
  earlier: ReviewApprovalRow | null;
}

const STATUSES = new Set(['A', 'M', 'D', 'T', 'U', 'X']);

/** Parses `git diff --cached --raw -z --no-renames --no-abbrev` output. */
export function parseRawDiff(out: string): ReviewChange[] {
  const parts = out.split('\0');
  const changes: ReviewChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const head = parts[i]!;
    const path = parts[i + 1]!;
    if (head === '' && path === '') break;
    const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(head);
    if (!m || !STATUSES.has(m[5]!)) throw new Error(`unexpected \`git diff --raw\` record: ${JSON.stringify(head)} ${JSON.stringify(path)}`);
    changes.push({ path, status: m[5] as ReviewChange['status'], oldMode: m[1]!, newMode: m[2]!, oldBlob: m[3]!, newBlob: m[4]! });
  }
  return changes;
}

export const isZeroId = (id: string): boolean => /^0+$/.test(id);

/** The changes under a human_review glob, with moves paired for display. */
export function protectedChanges(changes: readonly ReviewChange[], globs: readonly string[]): ReviewItem[] {
  if (globs.length === 0) return [];
  const added = new Map<string, string>();
  const deleted = new Map<string, string>();
  for (const c of changes) {
    if (c.status === 'A' && !added.has(c.newBlob)) added.set(c.newBlob, c.path);
    if (c.status === 'D' && !deleted.has(c.oldBlob)) deleted.set(c.oldBlob, c.path);
  }
  const items: ReviewItem[] = [];
  for (const c of changes) {
    const glob = matchAny(globs, c.path);
    if (glob === undefined) continue;
    const item: ReviewItem = { change: c, glob };
    const to = c.status === 'D' ? added.get(c.oldBlob) : undefined;
    const from = c.status === 'A' ? deleted.get(c.newBlob) : undefined;
    if (to !== undefined) item.movedTo = to;
    if (from !== undefined) item.movedFrom = from;
    items.push(item);
  }
  return items;
}

const short = (id: string): string => id.slice(0, 10);

/** "modified (staged blob 1a2b3c4d5e)", "deleted (was blob …; moved to x)", … */
export function describeChange(item: ReviewItem): string {
  const c = item.change;
  switch (c.status) {
    case 'A':
      return `added${item.movedFrom ? ` (moved from ${item.movedFrom})` : ''} (staged blob ${short(c.newBlob)})`;
    case 'D':
      return `deleted${item.movedTo ? ` (moved to ${item.movedTo})` : ''} (was blob ${short(c.oldBlob)})`;
    case 'T':
      return `type changed ${c.oldMode} → ${c.newMode} (staged blob ${short(c.newBlob)})`;
    case 'U':
      return 'unmerged';
    default:
      return `modified${c.oldMode !== c.newMode ? ` (mode ${c.oldMode} → ${c.newMode})` : ''} (staged blob ${short(c.newBlob)})`;
  }
}

/** A path as a shell word: bare when safe, else single-quoted. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function approveCommand(paths: readonly string[] | null): string {
  const p = paths === null ? '' : ` --paths ${paths.map(shellWord).join(' ')}`;
  return `bosun review approve${p} --reason "<why>"`;
}

/** One finding per staged human_review change no approval covers, each naming the command a person runs. */
export function reviewFindings(items: readonly ReviewedItem[], markers: readonly string[]): string[] {
  const session = markers.map((m) => m.replace(/ \(.*\)$/, '')).join(', ');
  return items
    .filter((i) => i.approval === null)
    .map((i) => {
      const earlier = i.earlier ? `; the approval by ${i.earlier.approver} (#${i.earlier.id}) covered other content` : '';
      return (
        `${i.change.path}: ${describeChange(i)} in an agent session (${session}) without a human's approval of this change ` +
        `(protected.human_review "${i.glob}"${earlier}). A person reviews it and runs in their own terminal: ${approveCommand([i.change.path])}`
      );
    });
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { entriesOf, INDEX_HEADER, parseIndex, parseRetired } from './index-format.ts';
import { parseJournal } from './journal.ts';
import { buildView, type MemoryView } from './view.ts';
import type { JournalRecord, Lesson, ParsedIndex, RetiredEntry } from './types.ts';

/** Where project memory lives: committed files in the worktree, the shared journal and lock in the git common dir. */
export interface MemoryPaths {
  dir: string;
  index: string;
  retired: string;
  topics: string;
  journal: string;
  lock: string;
}

export const MEMORY_DIR = '.bosun/memory';

export function memoryPaths(root: string, commonDir: string): MemoryPaths {
  const dir = join(root, MEMORY_DIR);
  const shared = join(commonDir, 'bosun', 'memory');
  return {
    dir,
    index: join(dir, 'INDEX.md'),
    retired: join(dir, 'retired.md'),
    topics: join(dir, 'topics'),
    journal: join(shared, 'journal.jsonl'),
    lock: join(shared, 'lock'),
  };
}

export function topicPath(paths: MemoryPaths, topic: string): string {
  return join(paths.topics, `${topic}.md`);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Everything one worktree's memory is made of, read from disk. */
export interface LoadedMemory {
  paths: MemoryPaths;
  indexExists: boolean;
  indexText: string;
  index: ParsedIndex;
  retired: RetiredEntry[];
  retiredProblems: Array<{ line: number; text: string }>;
  journal: JournalRecord[];
  journalBad: number;
  view: MemoryView;
}

export function loadMemory(root: string, commonDir: string): LoadedMemory {
  const paths = memoryPaths(root, commonDir);
  const indexText = readText(paths.index);
  // A worktree without an index starts from the header a first add writes, so budgets count it from the start.
  const index = parseIndex(indexText || INDEX_HEADER);
  const { entries: retired, problems: retiredProblems } = parseRetired(readText(paths.retired));
  const { records: journal, bad: journalBad } = parseJournal(readText(paths.journal));
  return {
    paths,
    indexExists: existsSync(paths.index),
    indexText,
    index,
    retired,
    retiredProblems,
    journal,
    journalBad,
    view: buildView(index, retired, journal),
  };
}

/**
 * Every live lesson this worktree sees — its INDEX.md plus lessons added in other worktrees and not yet
 * merged here (`pending`) — with id, topic, text, date and the private flag. The cross-project sync reads
 * lessons through this function only.
 */
export function readProjectLessons(repoRoot: string, commonDir: string): Lesson[] {
  return loadMemory(repoRoot, commonDir).view.lessons;
}

/** Roots of every worktree of the repository (the main one first), found without spawning git. */
export function worktreeRoots(commonDir: string): string[] {
  const roots: string[] = [];
  if (basename(commonDir) === '.git') roots.push(dirname(commonDir));
  let names: string[] = [];
  try {
    names = readdirSync(join(commonDir, 'worktrees'));
  } catch {
    names = [];
  }
  for (const n of names) {
    const gitdir = readText(join(commonDir, 'worktrees', n, 'gitdir')).trim();
    if (gitdir) roots.push(dirname(gitdir));
  }
  return roots;
}

/** Every id ever used in this repository that bosun can see: journal, and every worktree's index and retired file. */
export function usedIds(commonDir: string, journal: readonly JournalRecord[], extraRoots: readonly string[]): Set<string> {
  const ids = new Set<string>(journal.map((r) => r.id));
  for (const root of new Set([...worktreeRoots(commonDir), ...extraRoots])) {
    const p = memoryPaths(root, commonDir);
    for (const e of entriesOf(parseIndex(readText(p.index)))) ids.add(e.id);
    for (const e of parseRetired(readText(p.retired)).entries) ids.add(e.id);
  }
  return ids;
}

export { readText };

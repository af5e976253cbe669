/** Project memory: the data shapes shared by the pure modules and the IO shell. */

/** One lesson as it is read at session start and by the cross-project sync. */
export interface Lesson {
  /** Stable id, `L` + at least three digits; never reused, not even after retirement. */
  id: string;
  topic: string;
  text: string;
  /** `YYYY-MM-DD`; null for entries written before dates were recorded. */
  date: string | null;
  /** Private lessons stay in this project: the cross-project sync must not carry them. */
  private: boolean;
  /** `topics/<topic>.md` when the entry links to detail. */
  link: string | null;
  /** Added in another worktree (or on another branch) and not yet in this worktree's INDEX.md. */
  pending: boolean;
}

/** An entry line of INDEX.md or retired.md, parsed. */
export interface IndexEntry {
  id: string;
  topic: string;
  text: string;
  date: string | null;
  private: boolean;
  link: string | null;
}

/** A retired entry: the entry as it was, plus why it left the index. */
export interface RetiredEntry extends IndexEntry {
  note: string;
}

/** A line of the index file that is not an entry: kept verbatim when the file is rewritten. */
export interface OtherLine {
  kind: 'other';
  text: string;
  /** Why lint reports it; null for headings, blank lines and comments. */
  problem: LineProblem | null;
}

export type IndexLine = { kind: 'entry'; entry: IndexEntry } | OtherLine;

export type LineProblem = 'malformed-entry' | 'unknown-line';

export interface ParsedIndex {
  lines: IndexLine[];
}

/** Budget of the loaded index (fleet `memory.budget`). */
export interface Budget {
  lines: number;
  bytes: number;
}

/** A journal record in `<git common dir>/bosun/memory/journal.jsonl`, shared by every worktree. */
export type JournalRecord =
  | ({ op: 'add'; time: number; worktree: string; detail: string | null } & IndexEntry)
  | { op: 'retire'; time: number; worktree: string; id: string; date: string; reason: string; supersededBy: string | null };

import type { IndexEntry, IndexLine, LineProblem, ParsedIndex, RetiredEntry } from './types.ts';

/**
 * The INDEX.md line format, PURE. One line per lesson, readable and grep-friendly:
 *
 *   - L017 [build] The lesson, one line. (2025-06-01, private) [more](topics/build.md)
 *
 * The `(date[, private])` group and the topic link are optional (older entries have neither). Every other
 * line — headings, prose, hand edits — is kept verbatim; lint reports the ones that are not headings,
 * blank lines or comments. retired.md uses the same entry line followed by ` ← ` and why it left.
 */

export const ID_RE = /^L\d{3,}$/;
export const TOPIC_RE = /^[a-z0-9][a-z0-9._-]*$/;
const ENTRY_RE = /^- (L\d{3,}) \[([A-Za-z0-9][A-Za-z0-9._-]*)\] (.+)$/;
const LINK_RE = /\s*\[[^\]]*\]\((topics\/[^)\s]+\.md)\)$/;
const META_RE = /\s*\(((?:\d{4}-\d{2}-\d{2}|private)(?:, (?:\d{4}-\d{2}-\d{2}|private))*)\)$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const RETIRED_SEP = ' ← ';

/** Parses one entry line; null when the line is not an entry (or is a malformed one). */
export function parseEntryLine(line: string): IndexEntry | null {
  const m = ENTRY_RE.exec(line.trimEnd());
  if (!m) return null;
  let rest = m[3]!;
  let link: string | null = null;
  const l = LINK_RE.exec(rest);
  if (l) {
    link = l[1]!;
    rest = rest.slice(0, l.index);
  }
  let date: string | null = null;
  let priv = false;
  const meta = META_RE.exec(rest);
  if (meta) {
    for (const part of meta[1]!.split(', ')) {
      if (part === 'private') priv = true;
      else date = part;
    }
    rest = rest.slice(0, meta.index);
  }
  const text = rest.trim();
  if (!text) return null;
  return { id: m[1]!, topic: m[2]!.toLowerCase(), text, date, private: priv, link };
}

export function formatEntry(e: IndexEntry): string {
  const meta = [e.date, e.private ? 'private' : null].filter((x): x is string => x !== null);
  let line = `- ${e.id} [${e.topic}] ${e.text}`;
  if (meta.length) line += ` (${meta.join(', ')})`;
  if (e.link) line += ` [more](${e.link})`;
  return line;
}

function classify(line: string): LineProblem | null {
  const t = line.trim();
  if (t === '' || t.startsWith('#') || t.startsWith('<!--')) return null;
  if (/^- L\d/.test(t)) return 'malformed-entry';
  return 'unknown-line';
}

/** Text of INDEX.md → its lines, entries parsed, everything else kept. Never throws. */
export function parseIndex(text: string): ParsedIndex {
  const raw = text.split('\n');
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  const lines: IndexLine[] = raw.map((t) => {
    const entry = parseEntryLine(t);
    return entry ? { kind: 'entry', entry } : { kind: 'other', text: t, problem: classify(t) };
  });
  return { lines };
}

export function serializeIndex(doc: ParsedIndex): string {
  if (!doc.lines.length) return '';
  return doc.lines.map((l) => (l.kind === 'entry' ? formatEntry(l.entry) : l.text)).join('\n') + '\n';
}

export function entriesOf(doc: ParsedIndex): IndexEntry[] {
  return doc.lines.flatMap((l) => (l.kind === 'entry' ? [l.entry] : []));
}

/** Appends after the last entry (or at the end), so the file stays in the order lessons were added. */
export function withEntry(doc: ParsedIndex, e: IndexEntry): ParsedIndex {
  const lines = [...doc.lines];
  let at = -1;
  lines.forEach((l, i) => {
    if (l.kind === 'entry') at = i;
  });
  lines.splice(at === -1 ? lines.length : at + 1, 0, { kind: 'entry', entry: e });
  return { lines };
}

export function withoutEntry(doc: ParsedIndex, id: string): ParsedIndex {
  return { lines: doc.lines.filter((l) => l.kind !== 'entry' || l.entry.id !== id) };
}

export function replaceEntry(doc: ParsedIndex, e: IndexEntry): ParsedIndex {
  return { lines: doc.lines.map((l) => (l.kind === 'entry' && l.entry.id === e.id ? { kind: 'entry', entry: e } : l)) };
}

export const INDEX_HEADER = '# Project memory (one line per lesson; loaded at every session start by bosun)\n\n';
export const RETIRED_HEADER = '# Retired lessons (ids are never reused; `bosun lesson show <id>` finds them)\n\n';

export function parseRetired(text: string): { entries: RetiredEntry[]; problems: Array<{ line: number; text: string }> } {
  const entries: RetiredEntry[] = [];
  const problems: Array<{ line: number; text: string }> = [];
  text.split('\n').forEach((t, i) => {
    const cut = t.lastIndexOf(RETIRED_SEP);
    const e = parseEntryLine(cut === -1 ? t : t.slice(0, cut));
    if (e) entries.push({ ...e, note: cut === -1 ? '' : t.slice(cut + RETIRED_SEP.length).trim() });
    else if (classify(t) !== null) problems.push({ line: i + 1, text: t });
  });
  return { entries, problems };
}

export function formatRetired(e: RetiredEntry): string {
  return formatEntry(e) + (e.note ? RETIRED_SEP + e.note : '');
}

export function isDate(s: string): boolean {
  return DATE_RE.test(s);
}

/** The numeric part of an id, for allocation; NaN for anything else. */
export function idNumber(id: string): number {
  return ID_RE.test(id) ? Number(id.slice(1)) : NaN;
}

export function formatId(n: number): string {
  return 'L' + String(n).padStart(3, '0');
}

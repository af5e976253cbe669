/**
 * tsc's `--pretty false` output → one finding per error, with repo-relative paths. Pure.
 *
 * tsc runs with its working directory in the snapshot, so it prints snapshot-relative paths (which are
 * repo-relative) for the repository's files and `../…` paths for files outside the snapshot (node_modules
 * behind the links). `toRepoPath` maps both back to what the user sees.
 */
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';

export interface Diagnostic {
  /** Repo-relative path (or absolute, outside the repository); null for a global error (bad tsconfig option). */
  file: string | null;
  line: number;
  col: number;
  category: 'error' | 'warning';
  code: string;
  message: string;
}

const LOCATED = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/;
const GLOBAL = /^(error|warning) (TS\d+): (.*)$/;

export interface PathMap {
  /** Where tsc ran: the snapshot root (absolute). */
  snapshot: string;
  /** The real worktree root (absolute): files behind node_modules links resolve here. */
  repoRoot: string;
}

const toPosix = (p: string): string => p.split(sep).join('/');

export function toRepoPath(printed: string, map: PathMap): string {
  const abs = isAbsolute(printed) ? printed : resolve(map.snapshot, printed);
  for (const root of [map.snapshot, map.repoRoot]) {
    const rel = relative(root, abs);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return toPosix(rel);
  }
  return toPosix(abs);
}

/** Parses tsc output; continuation lines (related information, message chains) are folded into the message. */
export function parseTscOutput(output: string, map: PathMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '') continue;
    const m = LOCATED.exec(line);
    if (m) {
      out.push({ file: toRepoPath(m[1]!, map), line: Number(m[2]), col: Number(m[3]), category: m[4] as Diagnostic['category'], code: m[5]!, message: mapPathsIn(m[6]!, map) });
      continue;
    }
    const g = GLOBAL.exec(line.trim());
    if (g) {
      out.push({ file: null, line: 0, col: 0, category: g[1] as Diagnostic['category'], code: g[2]!, message: mapPathsIn(g[3]!, map) });
      continue;
    }
    const last = out.at(-1);
    if (last && /^\s/.test(raw)) last.message += ` ${mapPathsIn(line.trim(), map)}`;
  }
  return out;
}

/** Snapshot paths inside a message (a related location, "File '…' not found") shown as repo paths. */
function mapPathsIn(text: string, map: PathMap): string {
  const snap = toPosix(map.snapshot) + '/';
  return text.split(snap).join('');
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file === null ? '' : `${d.file}:${d.line}:${d.col}: `;
  return `${where}${d.category} ${d.code}: ${d.message}`;
}

/** `posix.join` that keeps '' for the root. */
export const joinRepo = (dir: string, name: string): string => (dir === '' ? name : posix.join(dir, name));

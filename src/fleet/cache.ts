/**
 * The validated-fleet cache: `<common git dir>/bosun/cache/fleet-<sha256 of fleet.yaml>.json`, so the hook
 * (run on every tool call) skips YAML parsing and validation while the file is unchanged. An entry is only
 * used when its format, source hash and checksum all match and its shape is sane; anything else is a miss and
 * the fleet file is validated again. The checksum (FNV-1a, cheap on every tool call) catches corruption and
 * casual hand edits, not a determined forger — no unkeyed checksum could: the real wall is the policy rule
 * that keeps agents out of bosun's state.
 *
 * In front of it, `<common git dir>/bosun/fleet-stat/<fnv of the path>.json` remembers the sha256 of a
 * fleet file by its stat identity (device, inode, size, mtime and ctime in ns), so a tool call whose fleet
 * file is untouched hashes nothing. See `knownHash` for why a recently written file is never remembered.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import type { Fleet } from './types.ts';
import { sha256Hex } from '../shared/sha256.ts';

/** Bump whenever resolution or the `Fleet` shape changes, so entries written by an older bosun are not reused. */
export const CACHE_FORMAT = 5;
/** Entries kept after a write: enough for a few branches with different fleets, without growing forever. */
const KEEP = 8;

export function sha256(data: string | Uint8Array): string {
  return sha256Hex(data);
}

export function cacheFile(commonDir: string, hash: string): string {
  return join(commonDir, 'bosun', 'cache', `fleet-${hash}.json`);
}

/** FNV-1a (32 bit) over UTF-16 code units, as 8 hex digits: a corruption check, not a signature. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function checksum(hash: string, fleetJson: string): string {
  return fnv1a(`${CACHE_FORMAT}\n${hash}\n${fleetJson}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isStrings = (x: unknown): boolean => Array.isArray(x) && x.every((s) => typeof s === 'string');
const AGENT_LISTS = ['read', 'edit', 'run', 'spawn', 'web', 'mcp'] as const;

function looksLikeFleet(x: unknown): x is Fleet {
  if (!isRecord(x) || x.version !== 1 || typeof x.default_agent !== 'string' || !isRecord(x.agents)) return false;
  if (!Object.hasOwn(x.agents, x.default_agent)) return false;
  return Object.values(x.agents).every((a) => isRecord(a) && typeof a.name === 'string' && AGENT_LISTS.every((k) => isStrings(a[k])));
}

/** The cached fleet for this source hash, or null on any doubt. */
export function readCachedFleet(commonDir: string, hash: string): Fleet | null {
  let entry: unknown;
  try {
    entry = JSON.parse(readFileSync(cacheFile(commonDir, hash), 'utf8'));
  } catch {
    return null;
  }
  if (!isRecord(entry) || entry.format !== CACHE_FORMAT || entry.hash !== hash) return null;
  // JSON.stringify(JSON.parse(s)) reproduces what writeCachedFleet serialised, so the checksum is comparable.
  if (entry.check !== checksum(hash, JSON.stringify(entry.fleet))) return null;
  return looksLikeFleet(entry.fleet) ? entry.fleet : null;
}

/** Writes atomically (temp file + rename) so a reader never sees half an entry. Best effort: a cache is never required. */
export function writeCachedFleet(commonDir: string, hash: string, fleet: Fleet): void {
  const target = cacheFile(commonDir, hash);
  const tmp = `${target}.${process.pid}.${Math.random().toString(16).slice(2, 10)}.tmp`;
  const fleetJson = JSON.stringify(fleet);
  const body = `{"format":${CACHE_FORMAT},"hash":"${hash}","check":"${checksum(hash, fleetJson)}","fleet":${fleetJson}}\n`;
  try {
    mkdirSync(join(commonDir, 'bosun', 'cache'), { recursive: true });
    writeFileSync(tmp, body);
    renameSync(tmp, target);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The directory itself is unusable; there is no temp file to clean up.
    }
    return;
  }
  prune(join(commonDir, 'bosun', 'cache'), target);
}

function prune(dir: string, keep: string): void {
  try {
    const entries = readdirSync(dir)
      .filter((name) => name.startsWith('fleet-') && name.endsWith('.json'))
      .map((name) => join(dir, name))
      .filter((path) => path !== keep)
      .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of entries.slice(KEEP - 1)) rmSync(old.path, { force: true });
  } catch {
    // Another process pruning at the same time; the next write tries again.
  }
}

/** A file younger than this may still change within the file system's timestamp granularity (git's "racy" files). */
export const RACY_MS = 2000;

function statFile(commonDir: string, file: string): string {
  return join(commonDir, 'bosun', 'fleet-stat', `${fnv1a(file)}.json`);
}

/** The stat identity of a file: any write changes ctime (set by the kernel, not by utimes), so a new key. */
export function statKey(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** The sha256 remembered for `file` with exactly this stat identity, or null. */
export function knownHash(commonDir: string, file: string, key: string): string | null {
  try {
    const e = JSON.parse(readFileSync(statFile(commonDir, file), 'utf8')) as unknown;
    if (!isRecord(e) || e.file !== file || e.key !== key || typeof e.hash !== 'string' || !/^[0-9a-f]{64}$/.test(e.hash)) return null;
    return e.hash;
  } catch {
    return null;
  }
}

/**
 * Remembers `hash` for the file's stat identity, when the stat taken before reading equals the one after
 * (nothing wrote in between) and the file is older than RACY_MS (a second write within the timestamp
 * granularity could otherwise keep the key). Best effort, atomic.
 */
export function rememberHash(commonDir: string, file: string, before: BigIntStats, after: BigIntStats, hash: string, now: number): void {
  const key = statKey(before);
  if (key !== statKey(after)) return;
  const newest = Number((before.mtimeNs > before.ctimeNs ? before.mtimeNs : before.ctimeNs) / 1_000_000n);
  if (now - newest < RACY_MS) return;
  const target = statFile(commonDir, file);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(join(commonDir, 'bosun', 'fleet-stat'), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ file, key, hash }) + '\n');
    renameSync(tmp, target);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing to clean up
    }
  }
}

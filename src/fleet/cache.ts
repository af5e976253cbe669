/**
 * The validated-fleet cache: `<common git dir>/bosun/cache/fleet-<sha256 of fleet.yaml>.json`, so the hook
 * (run on every tool call) skips YAML parsing and validation while the file is unchanged. An entry is only
 * used when its format, source hash and checksum all match and its shape is sane; anything else is a miss and
 * the fleet file is validated again. The checksum catches corruption and casual hand edits, not a determined
 * forger: the real wall is the policy rule that keeps agents out of bosun's state.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fleet } from './types.ts';
import { sha256Hex } from '../shared/sha256.ts';

/** Bump whenever resolution or the `Fleet` shape changes, so entries written by an older bosun are not reused. */
export const CACHE_FORMAT = 4;
/** Entries kept after a write: enough for a few branches with different fleets, without growing forever. */
const KEEP = 8;

export function sha256(data: string | Uint8Array): string {
  return sha256Hex(data);
}

export function cacheFile(commonDir: string, hash: string): string {
  return join(commonDir, 'bosun', 'cache', `fleet-${hash}.json`);
}

function checksum(hash: string, fleetJson: string): string {
  return sha256(`${CACHE_FORMAT}\n${hash}\n${fleetJson}`);
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

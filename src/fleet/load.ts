/**
 * `loadFleet`: the IO shell around `parseFleet`, with the hash-keyed cache in front of it.
 *
 * Fast path (the hook, on every tool call): read the file, hash it, read the cache entry: no YAML parser and
 * no validator are loaded. They sit behind a dynamic `import()` so the bundler puts them in a lazy chunk.
 * There is deliberately no sync variant: a sync miss would need the parser loaded eagerly, which is exactly
 * the cost the cache exists to avoid. The hook entry is async anyway, and a hit awaits nothing but this call.
 */
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { errorMessage } from '../shared/errors.ts';
import { knownHash, readCachedFleet, rememberHash, sha256, statKey, writeCachedFleet } from './cache.ts';
import { fleetInvalid, fleetMissing, fleetUnreadable } from './errors.ts';
import type { Fleet } from './types.ts';

/** Where the fleet file lives, relative to the worktree root. */
export const FLEET_FILE = '.bosun/fleet.yaml';

export interface LoadFleetOptions {
  /** The worktree root. */
  repoRoot: string;
  /** The common git dir (shared by all worktrees): the cache lives under it. */
  commonDir: string;
  /** The fleet file, absolute or relative to `repoRoot`. Default: `.bosun/fleet.yaml`. */
  file?: string;
  /** The clock (epoch ms), for the racy-file rule of the stat cache. Default: Date.now. */
  now?: () => number;
}

export interface LoadedFleet {
  fleet: Fleet;
  /** sha256 (hex) of the fleet file's bytes. */
  hash: string;
  /** Absolute path of the fleet file. */
  file: string;
}

/** How issues name the file: relative to the repo root when inside it, else absolute. */
export function displayPath(repoRoot: string, file: string): string {
  const rel = relative(repoRoot, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Reads the fleet file's bytes; a missing file is `E_FLEET_MISSING`, any other failure `E_FLEET_UNREADABLE`. */
export function readFleetBytes(file: string, shown: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? err.code : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fleetMissing(shown);
    throw fleetUnreadable(shown, errorMessage(err));
  }
}

/** Decodes UTF-8 strictly: a fleet file with invalid bytes is refused rather than guessed at. */
export function decodeFleetText(bytes: Uint8Array, shown: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fleetUnreadable(shown, 'not valid UTF-8');
  }
}

function statOrNull(file: string): BigIntStats | null {
  try {
    return statSync(file, { bigint: true });
  } catch {
    return null; // reading the file reports the problem
  }
}

export async function loadFleet(opts: LoadFleetOptions): Promise<LoadedFleet> {
  const file = resolve(opts.repoRoot, opts.file ?? FLEET_FILE);
  const shown = displayPath(opts.repoRoot, file);
  // Fastest path (every tool call): the file's stat identity is known, so its bytes need no hashing.
  const before = statOrNull(file);
  const known = before ? knownHash(opts.commonDir, file, statKey(before)) : null;
  if (known) {
    const cached = readCachedFleet(opts.commonDir, known);
    if (cached) return { fleet: cached, hash: known, file };
  }
  const bytes = readFleetBytes(file, shown);
  const hash = sha256(bytes);
  const after = before ? statOrNull(file) : null;
  const remember = (): void => {
    if (before && after && hash !== known) rememberHash(opts.commonDir, file, before, after, hash, (opts.now ?? Date.now)());
  };
  const cached = readCachedFleet(opts.commonDir, hash);
  if (cached) {
    remember();
    return { fleet: cached, hash, file };
  }

  const { parseFleet } = await import('./parse.ts');
  const result = parseFleet(decodeFleetText(bytes, shown), shown);
  if (!result.ok) throw fleetInvalid(shown, result.issues);
  writeCachedFleet(opts.commonDir, hash, result.fleet);
  remember();
  return { fleet: result.fleet, hash, file };
}

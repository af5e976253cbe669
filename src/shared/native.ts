import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const cache = new Map<string, string | null>();

/**
 * The absolute path of a native addon inside an installed package, or null: the first of
 * `candidates` (paths relative to the package) that exists. Handing this path to the package (or
 * requiring it) skips `bindings`/`node-gyp-build`, whose search for the addon costs more than
 * loading it, in every hook process.
 */
export function nativeAddon(pkg: string, ...candidates: string[]): string | null {
  const key = `${pkg}:${candidates.join(',')}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  let found: string | null = null;
  try {
    const dir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
    found = candidates.map((c) => join(dir, c)).find((p) => existsSync(p)) ?? null;
  } catch {
    found = null;
  }
  cache.set(key, found);
  return found;
}

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const cache = new Map<string, string | null>();

/**
 * The absolute path of a native addon inside an installed package (`build/Release/<file>`), or null.
 * Handing this path to the package directly skips `bindings`/`node-gyp-build`, whose search for the
 * addon (stack traces, directory scans) costs more than loading it, on every hook process.
 */
export function nativeAddon(pkg: string, file: string): string | null {
  const key = `${pkg}/${file}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  let found: string | null = null;
  try {
    const dir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
    const p = join(dir, 'build', 'Release', file);
    found = existsSync(p) ? p : null;
  } catch {
    found = null;
  }
  cache.set(key, found);
  return found;
}

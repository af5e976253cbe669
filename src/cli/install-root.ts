import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bosun installation this code runs from (the folder whose package.json is bosun's). */
export function bosunRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'bosun') return dir;
      } catch {
        // keep looking upwards
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the bosun installation (no package.json named bosun above this file)');
    dir = up;
  }
}

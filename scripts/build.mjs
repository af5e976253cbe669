// Bundles the two entry points with esbuild:
//   dist/hook.js — the hook path: only what a hook needs, native modules external, rare paths in lazy chunks;
//   dist/cli.js  — every other verb.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// dist/ is rebuilt in place and stale files are removed afterwards, never deleted up front: hook
// processes of running sessions load dist/hook.js at any moment.
const result = await build({
  metafile: true,
  absWorkingDir: root,
  entryPoints: { hook: 'src/cli/hook-entry.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'tree-sitter', 'tree-sitter-bash'],
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { BOSUN_VERSION: JSON.stringify(JSON.parse(readFileSync(root + 'package.json', 'utf8')).version) },
  logLevel: 'warning',
  banner: { js: "import { createRequire as __bosunRequire } from 'node:module'; const require = __bosunRequire(import.meta.url);" },
});

const keep = new Set(Object.keys(result.metafile.outputs).map((p) => join(root, p)));
function prune(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) prune(p);
    else if (!keep.has(p)) rmSync(p);
  }
}
prune(join(root, 'dist'));


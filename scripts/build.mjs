// Bundles the two entry points with esbuild:
//   dist/hook.js — the hook path: only what a hook needs, native modules external, rare paths in lazy chunks;
//   dist/cli.js  — every other verb.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(root + 'dist', { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { hook: 'src/hooks/entry.ts', cli: 'src/cli/main.ts' },
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

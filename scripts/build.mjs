// Bundles bosun with esbuild:
//   dist/hook.cjs        the hook process entry: runs hook-guard.cjs (PreToolUse) or hook-main.cjs (every
//                        other event) through a V8 code cache each (scripts/hook-loader.cjs)
//   dist/hook-guard.cjs  the PreToolUse guard alone, one minified CommonJS file (CJS loads faster than an
//                        ESM chunk graph): policy, fleet cache, ledger; better-sqlite3's JS is bundled and
//                        its addon loaded by path. Every tool call pays for its size.
//   dist/hook-main.cjs   the same for the other events: evidence, stop verification, memory, close-out
//   dist/fleet-parse.cjs the YAML parser + fleet validator, loaded by the hook only on a fleet-cache miss
//   dist/cli.js (+ chunks/) every other verb, ESM with lazy command chunks
// dist/ is rebuilt in place and stale files removed afterwards, never deleted up front: hook
// processes of running sessions load dist/hook.cjs at any moment.
import { build } from 'esbuild';
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { warmHookCache } from './warm-hook-cache.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = JSON.stringify(JSON.parse(readFileSync(root + 'package.json', 'utf8')).version);
const NATIVE = ['tree-sitter', 'tree-sitter-bash'];
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  define: { BOSUN_VERSION: version },
};
const cjsMeta = {
  define: { ...common.define, 'import.meta.url': '__bosun_import_meta_url' },
  banner: { js: "const __bosun_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

// The fleet parser lives in its own file for the hook: the hook imports it only on a cache miss.
const lazyFleetParser = {
  name: 'lazy-fleet-parser',
  setup(b) {
    b.onResolve({ filter: /^\.\/parse\.ts$/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.endsWith(join('src', 'fleet', 'load.ts')) ? { path: './fleet-parse.cjs', external: true } : undefined,
    );
  },
};

// In the hook bundle, tree-sitter's JS is bundled (compiled from the code cache, no module search) and
// its addon is required by the path src/policy/shell/tree-sitter-load.ts finds; falls back to node-gyp-build.
const bundleTreeSitter = {
  name: 'bundle-tree-sitter',
  setup(b) {
    b.onLoad({ filter: /src[\\/]policy[\\/]shell[\\/]tree-sitter-load\.ts$/ }, async (args) => {
      const src = readFileSync(args.path, 'utf8').replace(
        "return createRequire(import.meta.url)('tree-sitter');",
        "const addon = treeSitterAddon();\n  if (!addon) return createRequire(import.meta.url)('tree-sitter');\n  globalThis.__bosunTreeSitterAddon = addon;\n  return require('tree-sitter');",
      );
      return { contents: src, loader: 'ts' };
    });
    b.onLoad({ filter: /node_modules[\\/]tree-sitter[\\/]index\.js$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const start = text.indexOf('const binding =');
      const end = text.indexOf(';', text.indexOf("require('node-gyp-build')(__dirname)"));
      if (start < 0 || end < 0) throw new Error('build: tree-sitter/index.js changed shape; update bundleTreeSitter');
      const src = text.slice(0, start) + 'const binding = require(globalThis.__bosunTreeSitterAddon)' + text.slice(end);
      return { contents: src, loader: 'js' };
    });
  },
};

const results = await Promise.all([
  build({ ...common, ...cjsMeta, entryPoints: { 'hook-main': 'src/cli/hook-entry.ts', 'hook-guard': 'src/cli/hook-guard-entry.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['tree-sitter-bash'], plugins: [lazyFleetParser, bundleTreeSitter], minify: true, supported: { 'dynamic-import': false } }),
  build({ ...common, ...cjsMeta, entryPoints: { 'fleet-parse': 'src/fleet/parse.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, format: 'cjs', external: NATIVE }),
  build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    external: [...NATIVE, 'better-sqlite3'],
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __bosunRequire } from 'node:module'; const require = __bosunRequire(import.meta.url);" },
  }),
]);

copyFileSync(join(root, 'scripts', 'hook-loader.cjs'), join(root, 'dist', 'hook.cjs'));
for (const b of ['hook-main', 'hook-guard']) rmSync(join(root, 'dist', `${b}.cjs.v8cache`), { force: true });
const keep = new Set([...results.flatMap((r) => Object.keys(r.metafile.outputs)), 'dist/hook.cjs'].map((p) => join(root, p)));
function prune(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) prune(p);
    else if (!keep.has(p)) rmSync(p);
  }
}
prune(join(root, 'dist'));
if (!warmHookCache(root)) console.warn('build: could not warm the hook code cache (hooks still work, the first calls are slower)');

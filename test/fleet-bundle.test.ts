// The hook path's promise: a bundle that loads the fleet through `src/fleet/index.ts` keeps the YAML parser
// and the validator out of its startup, in a chunk only a cache miss imports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every input file reachable from `output` through static imports only. */
function staticInputs(meta: Metafile, output: string, seen = new Set<string>()): Set<string> {
  if (seen.has(output)) return new Set();
  seen.add(output);
  const out = meta.outputs[output];
  assert.ok(out, `no output ${output}`);
  const inputs = new Set(Object.keys(out.inputs));
  for (const imp of out.imports) {
    if (imp.kind !== 'import-statement' || imp.external) continue;
    for (const i of staticInputs(meta, imp.path, seen)) inputs.add(i);
  }
  return inputs;
}

test('loadFleet from the fleet index does not load yaml or the validator at startup', async () => {
  const result = await build({
    stdin: {
      contents: "import { loadFleet } from './src/fleet/index.ts';\nconsole.log(await loadFleet({ repoRoot: '.', commonDir: '.git' }));\n",
      resolveDir: root,
      sourcefile: 'hook-like-entry.ts',
      loader: 'ts',
    },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir: 'dist-test-unused',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const meta = result.metafile;
  const entry = Object.entries(meta.outputs).find(([, o]) => o.entryPoint !== undefined)?.[0];
  assert.ok(entry);
  const eager = [...staticInputs(meta, entry)];
  assert.ok(eager.some((i) => i.endsWith('src/fleet/load.ts')), 'the entry loads load.ts');
  const heavy = eager.filter((i) => i.includes('node_modules/yaml/') || /src\/fleet\/(parse|validate-yaml|yaml-nodes|yaml-data)\.ts$/.test(i));
  assert.deepEqual(heavy, [], 'loaded at startup although only a cache miss needs them');
  const all = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
  assert.ok(all.some((i) => i.includes('node_modules/yaml/')), 'yaml is still bundled, in a lazy chunk');
});

// Runs the test suites with node's test runner (TypeScript through tsx).
// `node scripts/test.mjs [unit|integration|e2e ...]` picks suites; default: all of them.
// Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const wanted = process.argv.slice(2);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const suiteOf = (f) => (f.startsWith('test/e2e/') ? 'e2e' : f.startsWith('test/') ? 'integration' : 'unit');
const files = [...walk(join(root, 'src')), ...walk(join(root, 'test'))]
  .filter((f) => wanted.length === 0 || wanted.includes(suiteOf(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files for ${wanted.join(', ') || 'any suite'}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

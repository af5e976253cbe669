#!/usr/bin/env node
// Launcher. `bosun hook ...` loads only the bundled hook entry (it runs on every tool call);
// every other verb loads the CLI bundle.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const entry = process.argv[2] === 'hook' ? 'hook.cjs' : 'cli.js';
if (!existsSync(dist + entry)) {
  process.stderr.write(`bosun: ${dist}${entry} is missing; run \`npm run build\` in the bosun checkout.\n`);
  // A missing hook bundle must not let a tool call through: exit 2 blocks in Claude Code.
  process.exit(2);
}
await import(dist + entry);

'use strict';
// dist/hook.cjs — the hook process entry (`node dist/hook.cjs <harness> <event>`). Runs
// dist/hook-guard.cjs for PreToolUse (the policy guard alone: every tool call pays for its size) or
// dist/hook-main.cjs for the other events, through a V8 code cache beside each
// (<bundle>.v8cache): compiling the bundle is the largest part of a hook's start-up
// after Node's own, and every tool call pays it. `npm run build` warms the cache by running the
// hook's main paths (scripts/warm-hook-cache.mjs, with BOSUN_HOOK_CACHE_REFRESH=1: each run adds
// the functions it compiled). Otherwise it is written after the first run that lacks a valid one
// (best effort, atomic rename); V8 rejects a stale or foreign cache by itself, and then the bundle
// is simply compiled as usual.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

// A hook lives for ~50 ms: TurboFan never pays for itself there. Without this, a loop that turns hot
// (SHA-256 over a longer fleet file) starts an optimizing compile on a background thread, which costs
// ~10% more instructions and makes the process wait for that thread at exit. Set before the script is
// compiled, so the code cache is made and checked under the same flags.
require('node:v8').setFlagsFromString('--no-opt');

const file = path.join(__dirname, process.argv[3] === 'PreToolUse' ? 'hook-guard.cjs' : 'hook-main.cjs');
const cacheFile = file + '.v8cache';
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected || process.env.BOSUN_HOOK_CACHE_REFRESH === '1') {
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // a read-only installation runs without the cache
    }
  });
}
const mod = { exports: {}, id: file, filename: file, loaded: false };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, __dirname);

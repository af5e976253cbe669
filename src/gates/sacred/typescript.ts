/**
 * TypeScript's compiler API, loaded with `require`: importing the 9 MB CommonJS file through ESM makes node
 * scan it for named exports first (measured: ~1.3 s against ~0.4 s for require). Only modules that are
 * themselves imported lazily (extract.ts, runner/js-config.ts) import this one. It also keeps the package
 * out of the CLI bundle: the require is resolved at run time from node_modules.
 */
import { createRequire } from 'node:module';
import type TS from 'typescript';

const load = createRequire(import.meta.url);

export const ts = load('typescript') as typeof TS;

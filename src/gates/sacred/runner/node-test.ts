/**
 * `node --test [paths]`: does it run a file? With no paths node searches the working directory for its
 * default patterns; a path is a file, a directory searched the same way, or a glob. Name filters and
 * `--test-only` make it unknown. Extensions are read leniently (TypeScript counts, for `--import tsx`). Pure.
 */
import type { Invocation } from './commands.ts';
import { no, RUNS, unknown, type Coverage, type CoverageFn } from './model.ts';
import { globRegExp, hasGlobChars } from './patterns.ts';

const EXT = '?(c|m)[jt]s?(x)';
const DEFAULT_PATTERNS = [`**/*.test.${EXT}`, `**/*-test.${EXT}`, `**/*_test.${EXT}`, `**/test-*.${EXT}`, `**/test.${EXT}`, `**/test/**/*.${EXT}`];
/** node options that take a value as the next word. */
const VALUE_OPTS = new Set(['--import', '-r', '--require', '--loader', '--experimental-loader', '--test-reporter', '--test-reporter-destination', '--test-concurrency', '--test-timeout', '--test-shard', '--env-file', '--conditions', '-C', '--input-type', '--test-name-pattern', '--test-skip-pattern', '--max-old-space-size', '--stack-size']);
const NAME_FILTERS = ['--test-name-pattern', '--test-skip-pattern', '--test-only'];

function defaultMatch(rel: string): boolean {
  if (rel.split('/').includes('node_modules')) return false;
  return DEFAULT_PATTERNS.some((p) => globRegExp(p)?.test(rel));
}

export function nodeTestCoverage(inv: Invocation): CoverageFn {
  const paths: string[] = [];
  let filter: string | null = null;
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i]!;
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (NAME_FILTERS.includes(name)) filter = name;
    if (a.startsWith('-')) {
      if (VALUE_OPTS.has(a)) i++;
      continue;
    }
    paths.push(a.replace(/^\.\//, '').replace(/\/+$/, ''));
  }
  if (filter) return () => unknown(`node --test ${filter} (${inv.via}) filters tests by name`);

  return (file: string): Coverage => {
    if (paths.length === 0) return defaultMatch(file) ? RUNS : no(`node --test (${inv.via}) finds test files by name, and this name does not match its patterns`);
    for (const p of paths) {
      if (hasGlobChars(p) ? globRegExp(p)?.test(file) : file === p) return RUNS;
      const inside = !hasGlobChars(p) && (p === '.' || file.startsWith(p + '/'));
      if (inside && (defaultMatch(file) || defaultMatch(p === '.' ? file : file.slice(p.length + 1)))) return RUNS;
    }
    return no(`node --test (${inv.via}) runs only ${JSON.stringify(paths)}`);
  };
}

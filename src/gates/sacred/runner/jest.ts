/**
 * Jest: does `jest [args]` with this config run a file? Reads `rootDir`, `roots`, `testMatch`/`testRegex`,
 * `testPathIgnorePatterns`, `modulePathIgnorePatterns` (config or command line), positional path patterns,
 * and the options that run only a subset (`--onlyChanged`, `--changedSince`, `--findRelatedTests` …). Jest
 * matches absolute paths, so patterns see `<root>/<file>`. Pure.
 */
import type { Invocation } from './commands.ts';
import { parseRunnerArgs } from './commands.ts';
import { absPath, all, no, RUNS, unknown, type ConfigSource, type Coverage, type CoverageFn } from './model.ts';
import { globRegExp, userRegExp } from './patterns.ts';
import { prop, strings, type StaticValue } from './static-value.ts';

export const JEST_CONFIG_FILES = ['jest.config.js', 'jest.config.ts', 'jest.config.mjs', 'jest.config.cjs', 'jest.config.mts', 'jest.config.cts', 'jest.config.json'];
const DEFAULT_TEST_MATCH = ['**/__tests__/**/*.?([mc])[jt]s?(x)', '**/?(*.)+(spec|test).?([mc])[jt]s?(x)'];
const DEFAULT_IGNORE = ['/node_modules/'];
const ARRAYS = new Set(['--testPathIgnorePatterns', '--testMatch', '--testRegex', '--roots', '--modulePathIgnorePatterns', '--testPathPatterns', '--findRelatedTests']);
const VALUES = new Set(['--config', '--rootDir', '--testPathPattern', '--testNamePattern', '--changedSince', '--selectProjects', '--shard', '--maxWorkers', '--reporters', '--coverageDirectory', '--outputFile', '--testTimeout', '--seed', '--json']);
const ALIASES: Record<string, string> = { '-c': '--config', '-t': '--testNamePattern', '-o': '--onlyChanged', '-w': '--maxWorkers', '-i': '--runInBand' };
const SUBSET = ['--onlyChanged', '--lastCommit', '--changedSince', '--findRelatedTests', '--listTests', '--onlyFailures', '-f'];

type Setting = { kind: 'absent' } | { kind: 'unknown'; text: string } | { kind: 'list'; values: string[] };

function setting(cli: string[] | undefined, cfg: StaticValue | undefined): Setting {
  if (cli) return { kind: 'list', values: cli };
  const s = strings(cfg);
  if (s.kind !== 'list') return s;
  return s.opaque.length ? { kind: 'unknown', text: s.opaque.join(', ') } : { kind: 'list', values: s.values };
}

/** The config jest uses for an invocation: `--config` if given (and known), else the discovered one. */
export function jestCoverage(configs: ConfigSource[], inv: Invocation | null, root: string): CoverageFn {
  const args = parseRunnerArgs(inv?.args ?? [], { values: VALUES, arrays: ARRAYS, aliases: ALIASES });
  const opt = (k: string): string[] | undefined => args.options.get(k);
  const via = inv ? ` (${inv.via})` : '';
  let config: ConfigSource | null = configs[0] ?? null;
  const explicit = opt('--config')?.[0];
  if (explicit !== undefined) {
    const found = configs.find((c) => c.label === explicit.replace(/^\.\//, ''));
    if (!found) return () => unknown(`jest --config ${explicit}${via}: a config bosun does not read`);
    config = found;
  }
  const cv = config?.value;
  const where = config ? config.label : 'jest defaults';
  if (prop(cv, 'projects') !== undefined) return () => unknown(`jest projects in ${where}`);
  const subset = SUBSET.find((f) => args.flags.has(f) || args.options.has(f));
  if (subset) return () => no(`jest ${subset}${via} runs only a subset of the tests`);
  if (args.options.has('--testNamePattern') || prop(cv, 'testNamePattern') !== undefined) return () => unknown(`jest filters tests by name${via}`);

  const rootDirValue = opt('--rootDir')?.[0] ?? prop(cv, 'rootDir');
  if (rootDirValue !== undefined && typeof rootDirValue !== 'string') return () => unknown(`jest rootDir in ${where} is computed`);
  const rootDir = rootDirValue === undefined ? absPath(root, '.') : rootDirValue.startsWith('/') ? rootDirValue : absPath(root, rootDirValue);
  const sub = (p: string): string => p.split('<rootDir>').join(rootDir);

  const roots = setting(opt('--roots'), prop(cv, 'roots'));
  const testRegex = setting(opt('--testRegex'), prop(cv, 'testRegex'));
  const testMatch = setting(opt('--testMatch'), prop(cv, 'testMatch'));
  const ignore = setting(opt('--testPathIgnorePatterns'), prop(cv, 'testPathIgnorePatterns'));
  const moduleIgnore = setting(opt('--modulePathIgnorePatterns'), prop(cv, 'modulePathIgnorePatterns'));
  const pathPatterns = [...args.positionals, ...(opt('--testPathPattern') ?? []), ...(opt('--testPathPatterns') ?? [])];
  const label = (key: string, fromCli: boolean): string => (fromCli ? `jest --${key}${via}` : `jest ${key} (${where})`);

  return (file: string): Coverage => {
    const abs = absPath(root, file);
    const verdicts: Coverage[] = [];
    for (const [name, s] of [['roots', roots], ['testRegex', testRegex], ['testMatch', testMatch], ['testPathIgnorePatterns', ignore], ['modulePathIgnorePatterns', moduleIgnore]] as const) {
      if (s.kind === 'unknown') verdicts.push(unknown(`jest ${name} in ${where} is computed (${s.text})`));
    }
    if (roots.kind === 'list') {
      const dirs = roots.values.map((r) => absPath(sub(r).startsWith('/') ? '' : rootDir, sub(r)));
      if (!dirs.some((d) => abs === d || abs.startsWith(d + '/'))) verdicts.push(no(`${label('roots', !!opt('--roots'))} ${JSON.stringify(roots.values)} do not include it`));
    }
    if (testRegex.kind === 'list' && testRegex.values.length) {
      const res = testRegex.values.map((r) => userRegExp(r));
      if (res.some((r) => r === null)) verdicts.push(unknown(`jest testRegex in ${where} is not a valid regular expression`));
      else if (!res.some((r) => r!.test(abs))) verdicts.push(no(`${label('testRegex', !!opt('--testRegex'))} ${JSON.stringify(testRegex.values)} does not match it`));
    } else {
      const globs = testMatch.kind === 'list' ? testMatch.values : DEFAULT_TEST_MATCH;
      const positive = globs.filter((g) => !g.startsWith('!')).map((g) => globRegExp(sub(g)));
      const negative = globs.filter((g) => g.startsWith('!')).map((g) => globRegExp(sub(g.slice(1))));
      const hit = (r: RegExp | null): boolean => r !== null && (r.test(abs) || r.test(abs.slice(1)));
      if (!positive.some(hit) || negative.some(hit)) {
        verdicts.push(no(testMatch.kind === 'list' ? `${label('testMatch', !!opt('--testMatch'))} ${JSON.stringify(testMatch.values)} does not match it` : 'jest\'s default testMatch does not match it'));
      }
    }
    for (const [name, s, defaults] of [['testPathIgnorePatterns', ignore, DEFAULT_IGNORE], ['modulePathIgnorePatterns', moduleIgnore, []]] as const) {
      const list = s.kind === 'list' ? s.values : s.kind === 'absent' ? defaults : [];
      for (const p of list) {
        const re = userRegExp(sub(p));
        if (re === null) verdicts.push(unknown(`jest ${name} ${JSON.stringify(p)} is not a valid regular expression`));
        else if (re.test(abs)) verdicts.push(no(`${label(name, !!opt(`--${name}`))} ${JSON.stringify(p)} matches it`));
      }
    }
    if (pathPatterns.length) {
      const res = pathPatterns.map((p) => userRegExp(p, 'i'));
      if (res.some((r) => r === null)) verdicts.push(unknown(`jest path pattern${via} is not a valid regular expression`));
      else if (!res.some((r) => r!.test(abs))) verdicts.push(no(`jest${via} runs only paths matching ${JSON.stringify(pathPatterns)}`));
    }
    return verdicts.length ? all(verdicts) : RUNS;
  };
}

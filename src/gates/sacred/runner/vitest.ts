/**
 * Vitest: does `vitest [run] [filters]` with this config run a file? Reads `root`, `test.dir`,
 * `test.include`, `test.exclude` (with `...configDefaults.exclude` understood), `--exclude`, `--dir`,
 * `--root` and positional filters; `--changed`, `related`, projects and name filters make it a subset or
 * unknown. Globs are relative to the root. Pure.
 */
import { parseRunnerArgs, type Invocation } from './commands.ts';
import { all, no, RUNS, unknown, type ConfigSource, type Coverage, type CoverageFn } from './model.ts';
import { globRegExp, isUnder } from './patterns.ts';
import { prop, strings, type StaticValue } from './static-value.ts';

const EXTS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];
/** vitest.config.* wins over vite.config.*, as vitest resolves them. */
export const VITEST_CONFIG_FILES = [...EXTS.map((e) => `vitest.config.${e}`), ...EXTS.map((e) => `vite.config.${e}`)];
export const VITEST_WORKSPACE_FILES = [...EXTS.map((e) => `vitest.workspace.${e}`), 'vitest.workspace.json'];
const DEFAULT_INCLUDE = ['**/*.{test,spec}.?(c|m)[jt]s?(x)'];
const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/dist/**', '**/cypress/**', '**/.{idea,git,cache,output,temp}/**', '**/{karma,rollup,webpack,vite,vitest,jest,ava,babel,nyc,cypress,tsup,build,eslint,prettier}.config.*'];
const DEFAULT_REFS: Record<string, string[]> = {
  'configDefaults.exclude': DEFAULT_EXCLUDE,
  defaultExclude: DEFAULT_EXCLUDE,
  'configDefaults.include': DEFAULT_INCLUDE,
  defaultInclude: DEFAULT_INCLUDE,
};
const VALUES = new Set(['--config', '--root', '--dir', '--exclude', '--project', '--testNamePattern', '--shard', '--reporter', '--environment', '--pool', '--mode', '--changed']);
const ALIASES: Record<string, string> = { '-c': '--config', '-r': '--root', '-t': '--testNamePattern' };
const SUBCOMMANDS = new Set(['run', 'watch', 'dev']);

type Globs = { kind: 'list'; values: string[] } | { kind: 'unknown'; text: string };

function globs(v: StaticValue | undefined, defaults: string[]): Globs {
  const s = strings(v);
  if (s.kind === 'absent') return { kind: 'list', values: defaults };
  if (s.kind === 'unknown') return s;
  const extra: string[] = [];
  for (const o of s.opaque) {
    const d = DEFAULT_REFS[o];
    if (!d) return { kind: 'unknown', text: o };
    extra.push(...d);
  }
  return { kind: 'list', values: [...s.values, ...extra] };
}

function matchesAny(patterns: string[], rel: string): string | undefined {
  return patterns.find((g) => globRegExp(g)?.test(rel));
}

export function vitestCoverage(config: ConfigSource | null, workspace: string | null, inv: Invocation | null): CoverageFn {
  const args = parseRunnerArgs(inv?.args ?? [], { values: VALUES, aliases: ALIASES });
  const via = inv ? ` (${inv.via})` : '';
  const where = config ? config.label : 'vitest defaults';
  const [sub, ...filters] = args.positionals;
  const positional = sub !== undefined && SUBCOMMANDS.has(sub) ? filters : args.positionals;
  if (sub === 'related' || sub === 'bench' || sub === 'list') return () => no(`vitest ${sub}${via} does not run the whole suite`);
  if (args.options.has('--changed') || args.flags.has('--changed')) return () => no(`vitest --changed${via} runs only tests of changed files`);
  if (workspace) return () => unknown(`vitest workspace ${workspace}`);
  const explicit = args.options.get('--config')?.[0];
  if (explicit !== undefined && explicit.replace(/^\.\//, '') !== config?.label) return () => unknown(`vitest --config ${explicit}${via}: a config bosun does not read`);
  if (args.options.has('--project')) return () => unknown(`vitest --project${via}`);
  if (args.options.has('--testNamePattern')) return () => unknown(`vitest filters tests by name${via}`);

  const cv = config?.value;
  const test = prop(cv, 'test');
  for (const key of ['projects', 'workspace']) if (prop(test, key) !== undefined) return () => unknown(`vitest test.${key} in ${where}`);
  const rootV = args.options.get('--root')?.[0] ?? prop(cv, 'root');
  const dirV = args.options.get('--dir')?.[0] ?? prop(test, 'dir');
  if ((rootV !== undefined && typeof rootV !== 'string') || (dirV !== undefined && typeof dirV !== 'string')) return () => unknown(`vitest root/dir in ${where} is computed`);
  const root = (rootV ?? '.').replace(/^\.\//, '').replace(/\/+$/, '');
  const include = globs(prop(test, 'include'), DEFAULT_INCLUDE);
  const exclude = globs(prop(test, 'exclude'), DEFAULT_EXCLUDE);
  const cliExclude = args.options.get('--exclude') ?? [];

  return (file: string): Coverage => {
    if (!isUnder(file, root)) return no(`vitest root ${JSON.stringify(rootV)} (${where}) does not contain it`);
    const rel = root === '' || root === '.' ? file : file.slice(root.length + 1);
    const verdicts: Coverage[] = [];
    if (dirV !== undefined && !isUnder(rel, dirV)) verdicts.push(no(`vitest test.dir ${JSON.stringify(dirV)} (${where}) does not contain it`));
    if (include.kind === 'unknown') verdicts.push(unknown(`vitest test.include in ${where} is computed (${include.text})`));
    else if (!matchesAny(include.values, rel)) verdicts.push(no(`vitest test.include ${JSON.stringify(include.values)} (${where}) does not match it`));
    if (exclude.kind === 'unknown') verdicts.push(unknown(`vitest test.exclude in ${where} is computed (${exclude.text})`));
    else {
      const hit = matchesAny(exclude.values, rel);
      if (hit) verdicts.push(no(`vitest test.exclude ${JSON.stringify(hit)} (${where}) matches it`));
    }
    const cliHit = matchesAny(cliExclude, rel);
    if (cliHit) verdicts.push(no(`vitest --exclude ${JSON.stringify(cliHit)}${via} matches it`));
    if (positional.length && !positional.some((f) => file.includes(f))) verdicts.push(no(`vitest${via} runs only files matching ${JSON.stringify(positional)}`));
    return verdicts.length ? all(verdicts) : RUNS;
  };
}

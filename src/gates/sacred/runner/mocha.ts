/**
 * Mocha: does `mocha [specs]` with this config run a file? Reads `spec` (default `./test`, not recursive),
 * `recursive`, `extension`, `ignore`/`exclude` from .mocharc.* / package.json "mocha" and the command line;
 * `--grep`/`--fgrep` make it unknown. Pure.
 */
import { parseRunnerArgs, type Invocation } from './commands.ts';
import { all, no, RUNS, unknown, type ConfigSource, type Coverage, type CoverageFn } from './model.ts';
import { globRegExp, hasGlobChars } from './patterns.ts';
import { prop, strings } from './static-value.ts';

/** In the order mocha looks for them. */
export const MOCHA_CONFIG_FILES = ['.mocharc.js', '.mocharc.cjs', '.mocharc.yaml', '.mocharc.yml', '.mocharc.jsonc', '.mocharc.json'];
const VALUES = new Set(['--config', '--grep', '--fgrep', '--reporter', '--require', '--timeout', '--ui', '--file', '--package']);
const ARRAYS = new Set(['--ignore', '--exclude', '--extension', '--spec']);
const ALIASES: Record<string, string> = { '-g': '--grep', '-f': '--fgrep', '-R': '--reporter', '-r': '--require', '-t': '--timeout', '-u': '--ui', '--watch-extensions': '--extension' };

export function mochaCoverage(configs: ConfigSource[], inv: Invocation | null): CoverageFn {
  const args = parseRunnerArgs(inv?.args ?? [], { values: VALUES, arrays: ARRAYS, aliases: ALIASES });
  const via = inv ? ` (${inv.via})` : '';
  if (args.options.has('--grep') || args.options.has('--fgrep')) return () => unknown(`mocha filters tests by name${via}`);
  const explicit = args.options.get('--config')?.[0];
  const used = explicit === undefined ? configs : configs.filter((c) => c.label === explicit.replace(/^\.\//, ''));
  if (explicit !== undefined && used.length === 0) return () => unknown(`mocha --config ${explicit}${via}: a config bosun does not read`);

  const specs: string[] = [...args.positionals, ...(args.options.get('--spec') ?? [])];
  const ignores: string[] = [...(args.options.get('--ignore') ?? []), ...(args.options.get('--exclude') ?? [])];
  let extensions = args.options.get('--extension') ?? null;
  let recursive = args.flags.has('--recursive');
  const where = used.map((c) => c.label).join(', ') || 'mocha defaults';
  for (const c of used) {
    for (const [key, target] of [['spec', specs], ['ignore', ignores], ['exclude', ignores]] as const) {
      const s = strings(prop(c.value, key));
      if (s.kind === 'unknown' || (s.kind === 'list' && s.opaque.length)) return () => unknown(`mocha ${key} in ${c.label} is computed`);
      if (s.kind === 'list') target.push(...s.values);
    }
    if (prop(c.value, 'grep') !== undefined || prop(c.value, 'fgrep') !== undefined) return () => unknown(`mocha filters tests by name (${c.label})`);
    const r = prop(c.value, 'recursive');
    if (r === true) recursive = true;
    else if (r !== undefined && r !== false) return () => unknown(`mocha recursive in ${c.label} is computed`);
    const ext = strings(prop(c.value, 'extension'));
    if (ext.kind === 'list' && !extensions) extensions = ext.values;
  }
  const exts = (extensions ?? ['js', 'cjs', 'mjs']).map((e) => e.replace(/^\./, ''));
  const effective = specs.length ? specs : ['./test'];

  const bySpec = (file: string, spec: string): boolean => {
    const s = spec.replace(/^\.\//, '').replace(/\/+$/, '');
    if (hasGlobChars(s)) return globRegExp(s)?.test(file) ?? false;
    if (file === s) return true;
    if (!file.startsWith(s + '/')) return false;
    const rest = file.slice(s.length + 1);
    return (recursive || !rest.includes('/')) && exts.some((e) => rest.endsWith('.' + e));
  };

  return (file: string): Coverage => {
    const verdicts: Coverage[] = [];
    if (!effective.some((s) => bySpec(file, s))) verdicts.push(no(`mocha spec ${JSON.stringify(effective)}${recursive ? ' (recursive)' : ''} (${where}${via}) does not include it`));
    const hit = ignores.find((g) => globRegExp(g.replace(/^\.\//, ''))?.test(file) || file === g.replace(/^\.\//, ''));
    if (hit) verdicts.push(no(`mocha ignore ${JSON.stringify(hit)} (${where}${via}) matches it`));
    return verdicts.length ? all(verdicts) : RUNS;
  };
}

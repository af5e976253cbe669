/**
 * pytest: does it collect a file? Reads the first configuration pytest itself would use (pytest.ini,
 * pyproject.toml [tool.pytest.ini_options], tox.ini [pytest], setup.cfg [tool:pytest]): `testpaths`,
 * `python_files`, `norecursedirs`, and `addopts` (`--ignore`, `--ignore-glob`, `--deselect`; `-k`/`-m`
 * make it unknown) — plus the same options on the command line. Pure.
 */
import { splitCommands, type Invocation } from './commands.ts';
import { all, no, RUNS, unknown, type Coverage, type CoverageFn } from './model.ts';
import { fnmatchRegExp, globRegExp, hasGlobChars, isUnder } from './patterns.ts';

export const PYTEST_CONFIG_FILES = ['pytest.ini', 'pyproject.toml', 'tox.ini', 'setup.cfg'];
const SECTIONS: Record<string, string> = { 'pytest.ini': 'pytest', 'pyproject.toml': 'tool.pytest.ini_options', 'tox.ini': 'pytest', 'setup.cfg': 'tool:pytest' };
const DEFAULT_FILES = ['test_*.py', '*_test.py'];
const DEFAULT_NORECURSE = ['*.egg', '.*', '_darcs', 'build', 'CVS', 'dist', 'node_modules', 'venv', '{arch}'];

/** The pytest section of a config file as raw key → value text, or null when the file has none. */
export function pytestSection(file: string, text: string): Record<string, string> | null {
  const section = SECTIONS[file];
  if (!section) return null;
  const out: Record<string, string> = {};
  let inside = false;
  let found = false;
  let key: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+[#;].*$/, '');
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      inside = header[1]!.trim() === section;
      found ||= inside;
      key = null;
      continue;
    }
    if (!inside || /^\s*([#;].*)?$/.test(raw)) continue;
    const kv = /^([A-Za-z_][\w-]*)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && !/^\s/.test(raw)) {
      key = kv[1]!;
      out[key] = kv[2]!.trim();
    } else if (key) out[key] += '\n' + line.trim();
  }
  return found ? out : null;
}

/** A value as a list: INI whitespace/newline lists, or a TOML string or array of strings. */
function list(v: string | undefined, toml: boolean): string[] | null {
  if (v === undefined) return null;
  const t = v.trim();
  if (toml) {
    if (/^["']/.test(t)) return splitWords(t.slice(1, -1));
    if (!t.startsWith('[')) return null;
    const items = t.slice(1, t.lastIndexOf(']')).split(',').map((s) => s.trim()).filter(Boolean);
    return items.every((s) => /^(["']).*\1$/s.test(s)) ? items.map((s) => s.slice(1, -1)) : null;
  }
  return splitWords(t);
}

const splitWords = (s: string): string[] => splitCommands(s.replace(/\n/g, ' ')).flat();

interface Filters {
  ignore: string[];
  ignoreGlob: string[];
  deselect: string[];
  nameFilter: string | null;
  paths: string[];
}

function readOpts(words: string[]): Filters {
  const f: Filters = { ignore: [], ignoreGlob: [], deselect: [], nameFilter: null, paths: [] };
  const valued = new Set(['--ignore', '--ignore-glob', '--deselect', '-k', '-m', '-p', '-c', '--rootdir', '-o', '--override-ini', '--confcutdir', '--junitxml', '--basetemp', '-n', '--maxfail', '--durations', '--tb', '--cov', '--cov-report']);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    const name = eq === -1 ? w : w.slice(0, eq);
    const value = eq === -1 ? (valued.has(name) ? words[++i] : undefined) : w.slice(eq + 1);
    if (name === '--ignore' && value !== undefined) f.ignore.push(value.replace(/^\.\//, '').replace(/\/+$/, ''));
    else if (name === '--ignore-glob' && value !== undefined) f.ignoreGlob.push(value.replace(/^\.\//, ''));
    else if (name === '--deselect' && value !== undefined) f.deselect.push(value.replace(/^\.\//, ''));
    else if (name === '-k' || name === '-m') f.nameFilter = name;
    else if (name === '--co' || name === '--collect-only' || name === '--lf' || name === '--last-failed' || name === '--sw' || name === '--stepwise') f.nameFilter = name;
    else if (!w.startsWith('-')) f.paths.push(w.replace(/^\.\//, '').replace(/\/+$/, ''));
  }
  return f;
}

/** `config`: the first pytest config found (file name and its section), if any. */
export function pytestCoverage(config: { file: string; section: Record<string, string> } | null, inv: Invocation | null): CoverageFn {
  const toml = config?.file === 'pyproject.toml';
  const where = config ? `${config.file}` : 'pytest defaults';
  const via = inv ? ` (${inv.via})` : '';
  const sec = config?.section ?? {};
  const addopts = list(sec['addopts'], toml);
  const testpaths = list(sec['testpaths'], toml);
  const pyFiles = list(sec['python_files'], toml);
  const norecurse = list(sec['norecursedirs'], toml);
  for (const [k, v] of [['addopts', addopts], ['testpaths', testpaths], ['python_files', pyFiles], ['norecursedirs', norecurse]] as const) {
    if (sec[k] !== undefined && v === null) return () => unknown(`pytest ${k} in ${where} is not a plain list`);
  }
  const fromConfig = readOpts(addopts ?? []);
  const fromCli = readOpts(inv?.args ?? []);
  const nameFilter = fromCli.nameFilter ?? fromConfig.nameFilter;
  if (nameFilter) return () => unknown(`pytest ${nameFilter} (${nameFilter === fromCli.nameFilter ? `command line${via}` : `${where} addopts`}) filters tests`);
  const roots = fromCli.paths.length ? fromCli.paths : fromConfig.paths.length ? fromConfig.paths : testpaths ?? ['.'];
  const files = pyFiles ?? DEFAULT_FILES;
  const skipDirs = norecurse ?? DEFAULT_NORECURSE;
  const ignore = [...fromConfig.ignore, ...fromCli.ignore];
  const ignoreGlob = [...fromConfig.ignoreGlob, ...fromCli.ignoreGlob];
  const deselect = [...fromConfig.deselect, ...fromCli.deselect];

  return (file: string): Coverage => {
    if (!file.endsWith('.py')) return no('pytest collects only Python files');
    const verdicts: Coverage[] = [];
    const root = roots.find((r) => (hasGlobChars(r) ? globRegExp(r)?.test(file) || globRegExp(r + '/**')?.test(file) : isUnder(file, r)));
    if (root === undefined) verdicts.push(no(`pytest ${fromCli.paths.length ? `paths${via}` : `testpaths (${where})`} ${JSON.stringify(roots)} do not include it`));
    const isRoot = root !== undefined && !hasGlobChars(root) && root === file;
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (!isRoot && !files.some((p) => fnmatchRegExp(p)?.test(base))) verdicts.push(no(`pytest python_files ${JSON.stringify(files)} (${where}) does not match it`));
    const start = root && !hasGlobChars(root) && root !== '.' ? root.split('/').length : 0;
    const dirs = file.split('/').slice(start, -1);
    const skipped = dirs.find((d) => skipDirs.some((p) => fnmatchRegExp(p)?.test(d)));
    if (skipped) verdicts.push(no(`pytest norecursedirs ${JSON.stringify(skipDirs)} (${where}) skips its directory "${skipped}"`));
    const ig = ignore.find((p) => isUnder(file, p));
    if (ig) verdicts.push(no(`pytest --ignore=${ig} matches it`));
    const ig2 = ignoreGlob.find((p) => fnmatchRegExp(p)?.test(file));
    if (ig2) verdicts.push(no(`pytest --ignore-glob=${ig2} matches it`));
    const de = deselect.find((d) => d === file || d.startsWith(file + '::'));
    if (de) verdicts.push(no(`pytest --deselect ${de} removes tests of it`));
    return verdicts.length ? all(verdicts) : RUNS;
  };
}

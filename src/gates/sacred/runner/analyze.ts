/**
 * The test runners' configuration, seen from the sacred tests. Two steps, both pure:
 *
 * - `fingerprintRunner` (cheap, on every gate run): the command lines that run tests (package.json
 *   `scripts.test` and every script it reaches, fleet checks that start a runner) and a hash of every runner
 *   configuration source. When both equal the lock's, nothing else is evaluated.
 * - `evaluateRunner` (when something changed, and when locking): which sacred files no detected runner
 *   would run, and which sources bosun cannot read statically (their changes are reported conservatively).
 *
 * Runners are those the test command lines start; when none is recognised, those with a config file.
 * Only configuration at the repository root is read.
 */
import { sha256Hex } from '../../../shared/sha256.ts';
import { followScripts, type Invocation, type RunnerName } from './commands.ts';
import { JEST_CONFIG_FILES, jestCoverage } from './jest.ts';
import { MOCHA_CONFIG_FILES, mochaCoverage } from './mocha.ts';
import { any, type ConfigSource, type Coverage, type CoverageFn } from './model.ts';
import { nodeTestCoverage } from './node-test.ts';
import { PYTEST_CONFIG_FILES, pytestCoverage, pytestSection } from './pytest.ts';
import { setupRefs } from './setup-files.ts';
import { fromJson, isStaticObject, opaque, type StaticValue } from './static-value.ts';
import { VITEST_CONFIG_FILES, VITEST_WORKSPACE_FILES, vitestCoverage } from './vitest.ts';

/** Root-level files the runner analysis reads (package.json included). */
export const RUNNER_FILES = ['package.json', ...JEST_CONFIG_FILES, ...VITEST_CONFIG_FILES, ...VITEST_WORKSPACE_FILES, ...MOCHA_CONFIG_FILES, ...PYTEST_CONFIG_FILES];

export interface RunnerInputs {
  /** Absolute repository root (jest matches absolute paths). */
  root: string;
  /** Contents of the RUNNER_FILES that exist, by name. */
  files: Record<string, string>;
  /** The fleet's named checks (command lines). */
  checks: Record<string, string>;
}

export interface ConfigReaders {
  readJs(source: string, fileName: string): StaticValue;
  readYaml(text: string): unknown;
}

interface PackageJson {
  scripts: Record<string, string>;
  jest?: unknown;
  mocha?: unknown;
  valid: boolean;
}

function readPackage(text: string | undefined): PackageJson {
  if (text === undefined) return { scripts: {}, valid: true };
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    const scripts: Record<string, string> = {};
    if (typeof data['scripts'] === 'object' && data['scripts'] !== null) {
      for (const [k, v] of Object.entries(data['scripts'] as Record<string, unknown>)) if (typeof v === 'string') scripts[k] = v;
    }
    return { scripts, jest: data['jest'], mocha: data['mocha'], valid: true };
  } catch {
    return { scripts: {}, valid: false };
  }
}

const PYTEST_LABEL: Record<string, string> = {
  'pyproject.toml': 'pyproject.toml [tool.pytest.ini_options]',
  'tox.ini': 'tox.ini [pytest]',
  'setup.cfg': 'setup.cfg [tool:pytest]',
};

interface Discovery {
  pkg: PackageJson;
  scripts: Record<string, string>;
  invocations: Invocation[];
  configs: Record<string, string>;
}

function discover(inputs: RunnerInputs): Discovery {
  const pkg = readPackage(inputs.files['package.json']);
  const roots: Array<[string, string]> = [];
  for (const name of ['pretest', 'test', 'posttest']) {
    const body = pkg.scripts[name];
    if (body !== undefined) roots.push([`package.json scripts.${name}`, body]);
  }
  const closure = followScripts(roots, pkg.scripts);
  const scripts = { ...closure.scripts };
  const invocations = [...closure.invocations];
  for (const [name, cmd] of Object.entries(inputs.checks)) {
    const c = followScripts([[`fleet checks.${name}`, cmd]], pkg.scripts);
    if (c.invocations.length === 0) continue;
    Object.assign(scripts, c.scripts);
    invocations.push(...c.invocations);
  }
  const configs: Record<string, string> = {};
  if (!pkg.valid) configs['package.json'] = sha256Hex(inputs.files['package.json'] ?? '');
  if (pkg.jest !== undefined) configs['package.json#jest'] = sha256Hex(JSON.stringify(pkg.jest));
  if (pkg.mocha !== undefined) configs['package.json#mocha'] = sha256Hex(JSON.stringify(pkg.mocha));
  for (const f of RUNNER_FILES) {
    const text = inputs.files[f];
    if (text === undefined || f === 'package.json') continue;
    if (f in PYTEST_LABEL) {
      const sec = pytestSection(f, text);
      if (sec) configs[PYTEST_LABEL[f]!] = sha256Hex(JSON.stringify(sec));
    } else configs[f] = sha256Hex(text);
  }
  return { pkg, scripts, invocations, configs };
}

export function fingerprintRunner(inputs: RunnerInputs): { scripts: Record<string, string>; configs: Record<string, string> } {
  const d = discover(inputs);
  return { scripts: d.scripts, configs: d.configs };
}

interface RunnerEval {
  fn: CoverageFn;
  /** Config labels whose unreadable parts make a verdict unknown. */
  sources: string[];
}

function readConfig(name: string, text: string, readers: ConfigReaders): StaticValue {
  try {
    if (name.endsWith('.json') || name.endsWith('.jsonc')) return fromJson(JSON.parse(stripJsonComments(text)));
    if (name.endsWith('.yaml') || name.endsWith('.yml')) return fromJson(readers.readYaml(text));
    return readers.readJs(text, name);
  } catch (err) {
    return opaque(`unreadable ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function stripJsonComments(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str: string | undefined) => str ?? '');
}

function runnerEvals(inputs: RunnerInputs, d: Discovery, readers: ConfigReaders): RunnerEval[] {
  const present = (names: string[]): string[] => names.filter((n) => inputs.files[n] !== undefined);
  const source = (label: string, value: StaticValue): ConfigSource => ({ label, value });
  const byRunner = (r: RunnerName): Array<Invocation | null> => {
    const invs = d.invocations.filter((i) => i.runner === r);
    return invs.length ? invs : d.invocations.length ? [] : [null];
  };
  const out: RunnerEval[] = [];

  const jestFiles = present(JEST_CONFIG_FILES);
  const jestConfigs = [...jestFiles.map((f) => source(f, readConfig(f, inputs.files[f]!, readers))), ...(d.pkg.jest !== undefined ? [source('package.json#jest', fromJson(d.pkg.jest))] : [])];
  const jestInvs = byRunner('jest').filter((i) => i !== null || jestConfigs.length > 0);
  if (jestInvs.length) out.push({ fn: (f) => any(jestInvs.map((i) => jestCoverage(jestConfigs, i, inputs.root)(f))), sources: jestConfigs.map((c) => c.label) });

  const vitestFile = present(VITEST_CONFIG_FILES)[0];
  const workspace = present(VITEST_WORKSPACE_FILES)[0] ?? null;
  const vitestConfig = vitestFile ? source(vitestFile, readConfig(vitestFile, inputs.files[vitestFile]!, readers)) : null;
  const vitestHasTest = vitestConfig !== null && (vitestFile!.startsWith('vitest.') || (isStaticObject(vitestConfig.value) && 'test' in vitestConfig.value.$object));
  const vitestInvs = byRunner('vitest').filter((i) => i !== null || vitestHasTest);
  if (vitestInvs.length) out.push({ fn: (f) => any(vitestInvs.map((i) => vitestCoverage(vitestConfig, workspace, i)(f))), sources: [...(vitestFile ? [vitestFile] : []), ...(workspace ? [workspace] : [])] });

  const mochaFile = present(MOCHA_CONFIG_FILES)[0];
  const mochaConfigs = [...(mochaFile ? [source(mochaFile, readConfig(mochaFile, inputs.files[mochaFile]!, readers))] : []), ...(d.pkg.mocha !== undefined ? [source('package.json#mocha', fromJson(d.pkg.mocha))] : [])];
  const mochaInvs = byRunner('mocha').filter((i) => i !== null || mochaConfigs.length > 0);
  if (mochaInvs.length) out.push({ fn: (f) => any(mochaInvs.map((i) => mochaCoverage(mochaConfigs, i)(f))), sources: mochaConfigs.map((c) => c.label) });

  const nodeInvs = d.invocations.filter((i) => i.runner === 'node');
  if (nodeInvs.length) out.push({ fn: (f) => any(nodeInvs.map((i) => nodeTestCoverage(i)(f))), sources: [] });

  const pyFile = PYTEST_CONFIG_FILES.find((f) => inputs.files[f] !== undefined && pytestSection(f, inputs.files[f]!) !== null);
  const pyConfig = pyFile ? { file: pyFile, section: pytestSection(pyFile, inputs.files[pyFile]!)! } : null;
  const pyInvs = byRunner('pytest').filter((i) => i !== null || pyConfig !== null);
  if (pyInvs.length) out.push({ fn: (f) => any(pyInvs.map((i) => pytestCoverage(pyConfig, i)(f))), sources: pyFile ? [PYTEST_LABEL[pyFile] ?? pyFile] : [] });

  return out;
}

export interface RunnerEvaluation {
  uncovered: Record<string, string>;
  opaque: string[];
  /** Setup code the runners load, as the configs name it (repo-relative, extension possibly missing). */
  setupRefs: string[];
}

/** The combined verdict of every detected runner for one file (null when no runner is detected). For tests and diagnostics. */
export function runnerVerdict(inputs: RunnerInputs, file: string, readers: ConfigReaders): Coverage | null {
  const evals = runnerEvals(inputs, discover(inputs), readers);
  return evals.length ? any(evals.map((e) => e.fn(file))) : null;
}

export function evaluateRunner(inputs: RunnerInputs, sacredFiles: readonly string[], readers: ConfigReaders): RunnerEvaluation {
  const d = discover(inputs);
  const evals = runnerEvals(inputs, d, readers);
  const opaqueSet = new Set<string>(d.pkg.valid ? [] : ['package.json']);
  for (const w of VITEST_WORKSPACE_FILES) if (inputs.files[w] !== undefined) opaqueSet.add(w);
  const uncovered: Record<string, string> = {};
  const refs = setupOf(inputs, d, readers);
  if (evals.length === 0) return { uncovered, opaque: [...opaqueSet].sort(), setupRefs: refs };
  for (const file of sacredFiles) {
    const verdicts: Coverage[] = evals.map((e) => {
      const v = e.fn(file);
      if (v.run === null) for (const s of e.sources) opaqueSet.add(s);
      return v;
    });
    if (verdicts.some((v) => v.run === true)) continue;
    const nos = verdicts.filter((v): v is Extract<Coverage, { run: false }> => v.run === false);
    if (nos.length === verdicts.length) uncovered[file] = nos.map((v) => v.reason).join('; ');
  }
  return { uncovered, opaque: [...opaqueSet].sort(), setupRefs: refs };
}

function setupOf(inputs: RunnerInputs, d: Discovery, readers: ConfigReaders): string[] {
  const read = (f: string): StaticValue => readConfig(f, inputs.files[f]!, readers);
  const jest = [...JEST_CONFIG_FILES.filter((f) => inputs.files[f] !== undefined).map(read), ...(d.pkg.jest !== undefined ? [fromJson(d.pkg.jest)] : [])];
  const vitestFile = VITEST_CONFIG_FILES.find((f) => inputs.files[f] !== undefined);
  const mochaFile = MOCHA_CONFIG_FILES.find((f) => inputs.files[f] !== undefined);
  const mocha = [...(mochaFile ? [read(mochaFile)] : []), ...(d.pkg.mocha !== undefined ? [fromJson(d.pkg.mocha)] : [])];
  return setupRefs({ jest, vitest: vitestFile ? read(vitestFile) : null, mocha, invocations: d.invocations });
}


/**
 * `runTypecheck`: the type-check of a snapshot (the staged one for pre-commit, HEAD for CI) over the projects
 * its changes affect. Decides cheaply first (no TypeScript change, no tsconfig: pass with a notice, nothing
 * materialised), then materialises the snapshot, reads the project graph, selects the compiler and runs it.
 */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { describeCompiler, selectCompiler, type Compiler } from './compiler.ts';
import type { TypecheckSettings } from './config.ts';
import { formatDiagnostic, type Diagnostic } from './diagnostics.ts';
import { discoverGraph } from './discover.ts';
import { allProjects, isConfigFile, isTypecheckRelevant, selectProjects, type SelectedProject } from './graph.ts';
import { modulesRoot, withSnapshot, type Snapshot } from './snapshot.ts';
import { branchChanges, listEntries, stagedChanges, type SnapshotSource } from './source.ts';
import { runTsc, type TscRun } from './tsc.ts';

export type ChangeSet = { kind: 'staged' } | { kind: 'range'; base: string } | { kind: 'all' };

export interface TypecheckOptions {
  repoRoot: string;
  commonDir: string;
  source: SnapshotSource;
  changes: ChangeSet;
  settings: TypecheckSettings;
  /** Overrides the compiler selection (tests). */
  compiler?: Compiler;
  timeoutMs?: number;
}

export interface TypecheckResult {
  gate: 'typecheck';
  ok: boolean;
  /** One line per error: `path:line:col: error TSxxxx: message`, repo-relative. */
  findings: string[];
  notices: string[];
  compiler: { kind: Compiler['kind']; version: string; from: string } | null;
  projects: SelectedProject[];
  diagnostics: Diagnostic[];
  runs: TscRun[];
  timings: Snapshot['timings'] & { totalMs: number; tscMs: number } | null;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

function pass(notices: string[]): TypecheckResult {
  return { gate: 'typecheck', ok: true, findings: [], notices, compiler: null, projects: [], diagnostics: [], runs: [], timings: null };
}

const dedupe = (ds: Diagnostic[]): Diagnostic[] => {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
};

export async function runTypecheck(opts: TypecheckOptions): Promise<TypecheckResult> {
  const t0 = performance.now();
  if (!opts.settings.enabled) return pass(['the type-check is off (gates.typecheck.enabled: false)']);
  const entries = listEntries(opts.repoRoot, opts.source);
  const what = opts.source.kind === 'index' ? 'the staged snapshot' : opts.source.rev;
  if (![...entries.keys()].some(isConfigFile)) return pass([`no tsconfig.json in ${what}: nothing to type-check`]);
  const changed = opts.changes.kind === 'staged' ? stagedChanges(opts.repoRoot, entries) : opts.changes.kind === 'range' ? branchChanges(opts.repoRoot, opts.changes.base) : [];
  if (opts.changes.kind !== 'all' && !changed.some(isTypecheckRelevant)) {
    return pass([opts.changes.kind === 'staged' ? 'no TypeScript, JavaScript, tsconfig or package.json change staged: nothing to type-check' : `no TypeScript, JavaScript, tsconfig or package.json change in ${opts.changes.base}...HEAD`]);
  }
  const modules = modulesRoot(opts.repoRoot, opts.commonDir);
  const compiler = opts.compiler ?? selectCompiler(modules);
  if (!compiler) {
    throw new BosunError({ code: 'E_NO_TYPESCRIPT', message: 'no TypeScript compiler found: not in the repository (node_modules/typescript, tsgo) nor in bosun\'s install', hint: 'Install TypeScript in the repository (`npm i -D typescript`) or reinstall bosun.', exitCode: EXIT.environment });
  }
  return withSnapshot({ repoRoot: opts.repoRoot, commonDir: opts.commonDir, source: opts.source }, async (snap) => {
    const graph = await discoverGraph(snap.root, [...entries.keys()], opts.settings.projects);
    const selection = opts.changes.kind === 'all' ? allProjects(graph) : selectProjects({ ...graph, changed });
    const notices: string[] = [];
    if (selection.uncovered.length) notices.push(`not in any TypeScript project (no tsconfig.json above them), not type-checked: ${selection.uncovered.join(', ')}`);
    const base = { compiler: { kind: compiler.kind, version: compiler.version, from: compiler.from }, projects: selection.projects };
    if (selection.projects.length === 0) return { ...pass([...notices, 'no TypeScript project is affected']), ...base };
    const runs = await runTsc({ compiler, tree: snap.root, infoDir: `${snap.slot}/info`, repoRoot: opts.repoRoot, projects: selection.projects, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    const diagnostics = dedupe(runs.flatMap((r) => r.diagnostics));
    const errors = diagnostics.filter((d) => d.category === 'error');
    const failures = runs.filter((r) => r.failure !== null).map((r) => `tsc failed (${r.argv.slice(-1)[0]}): ${r.failure}`);
    notices.push(`${describeCompiler(compiler)} checked ${selection.projects.length} project${selection.projects.length === 1 ? '' : 's'}: ${selection.projects.map((p) => p.config).join(', ')}`);
    if (modules !== opts.repoRoot) notices.push(`this worktree has no node_modules: using ${modules}/node_modules`);
    if (!snap.cached) notices.push('another type-check held the cache: this run used a private snapshot');
    const tscMs = runs.reduce((n, r) => n + r.ms, 0);
    return {
      gate: 'typecheck',
      ok: errors.length === 0 && failures.length === 0,
      findings: [...errors.map(formatDiagnostic), ...failures],
      notices,
      ...base,
      diagnostics,
      runs,
      timings: { ...snap.timings, tscMs, totalMs: Math.round(performance.now() - t0) },
    };
  });
}

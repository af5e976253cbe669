/**
 * Which TypeScript projects a change affects. Pure: the tsconfig files, the workspace packages and the
 * changed paths come in, the projects to check come out.
 *
 * A changed file affects its nearest project (the deepest project tsconfig above it). An affected project
 * affects every project that references it (tsconfig `references`), every project of its workspace package,
 * and every project of each workspace package that depends on that package (dependencies, devDependencies,
 * peerDependencies, optionalDependencies) — transitively: a re-exported type carries a break any distance.
 * A changed file also affects every project whose `include`/`files` or `compilerOptions.paths` reach it, and
 * a project reading another project's files that way depends on that project (an Nx-style alias monorepo).
 * A changed tsconfig also affects every project that extends it. This is what checking only the staged
 * files misses: a changed export breaks an unchanged importer in another package.
 */
import { posix } from 'node:path';

export interface TsConfigInfo {
  /** Repo-relative path of the tsconfig file. */
  path: string;
  /** Repo-relative paths of the configs it extends that live in the repository. */
  extends: string[];
  /** Repo-relative paths of the tsconfig files it references. */
  references: string[];
  composite: boolean;
  /**
   * Repo-relative dirs or files whose TypeScript this config's program reads besides its nearest-project
   * files: the static prefixes of its effective `include`/`files` (a root tsconfig including
   * `packages/*\/src`, an app including `../lib/src`) and the targets of its `compilerOptions.paths`
   * aliases (`"@libs/base": ["libs/base/src/index.ts"]`). Optional: absent means none.
   */
  reaches?: string[];
}

export interface PackageInfo {
  /** Repo-relative directory ('' for the root). */
  dir: string;
  name: string;
  /** Names of the packages it depends on (any kind of dependency). */
  deps: string[];
}

export interface GraphInput {
  /** Every tsconfig file read (projects and the bases they extend). */
  configs: readonly TsConfigInfo[];
  /** The tsconfig paths that are projects: candidates for "nearest project" and what gets checked. */
  projects: readonly string[];
  /** Workspace packages (empty without workspaces). */
  packages: readonly PackageInfo[];
  /** Changed paths, repo-relative, deleted ones included. */
  changed: readonly string[];
}

export interface SelectedProject {
  /** Repo-relative tsconfig path. */
  config: string;
  /** Checked with `tsc -b` (it has references or is composite), else `tsc -p --noEmit`. */
  build: boolean;
  /** Why it is checked, for --json and notices: "src/a.ts changed", "references packages/core/tsconfig.json". */
  why: string;
}

export interface Selection {
  projects: SelectedProject[];
  /** Changed TypeScript/JavaScript files that no project covers. */
  uncovered: string[];
}

const CODE_FILE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const CONFIG_FILE = /^(?:tsconfig.*|jsconfig)\.json$/;

/** Does a change to this path matter to the type-check? */
export function isTypecheckRelevant(path: string): boolean {
  const base = posix.basename(path);
  return CODE_FILE.test(base) || CONFIG_FILE.test(base) || base === 'package.json';
}

export function isConfigFile(path: string): boolean {
  return CONFIG_FILE.test(posix.basename(path));
}

const dirOf = (p: string): string => {
  const d = posix.dirname(p);
  return d === '.' ? '' : d;
};
const isUnder = (path: string, dir: string): boolean => dir === '' || path === dir || path.startsWith(dir + '/');

/** The deepest of `dirs` (`''` = root) that holds `path`, or undefined. */
export function deepest<T>(items: readonly T[], dir: (t: T) => string, path: string): T | undefined {
  let best: T | undefined;
  let bestLen = -1;
  for (const t of items) {
    const d = dir(t);
    if (isUnder(path, d) && d.length > bestLen) {
      best = t;
      bestLen = d.length;
    }
  }
  return best;
}

type Node = `project:${string}` | `package:${string}`;

export function selectProjects(input: GraphInput): Selection {
  const configs = new Map(input.configs.map((c) => [c.path, c]));
  const projects = [...new Set(input.projects)];
  const projectSet = new Set(projects);
  const packages = input.packages;
  const packageOfProject = new Map<string, PackageInfo | undefined>(projects.map((p) => [p, deepest(packages, (k) => k.dir, dirOf(p))]));

  // edges: what else a node's change affects
  const edges = new Map<Node, Set<Node>>();
  const edge = (from: Node, to: Node): void => {
    let s = edges.get(from);
    if (!s) edges.set(from, (s = new Set()));
    s.add(to);
  };
  for (const p of projects) {
    for (const ref of configs.get(p)?.references ?? []) if (projectSet.has(ref)) edge(`project:${ref}`, `project:${p}`);
    const pkg = packageOfProject.get(p);
    if (pkg) {
      edge(`project:${p}`, `package:${pkg.dir}`);
      edge(`package:${pkg.dir}`, `project:${p}`);
    }
  }
  // a project reading another project's files (include, files or a paths alias) depends on that project
  for (const p of projects) {
    for (const r of configs.get(p)?.reaches ?? []) {
      const owner = deepest(projects, dirOf, r.endsWith('/') ? r : `${r}/`);
      if (owner && owner !== p) edge(`project:${owner}`, `project:${p}`);
    }
  }
  const byName = new Map(packages.map((k) => [k.name, k]));
  for (const k of packages) {
    for (const d of k.deps) {
      const dep = byName.get(d);
      if (dep && dep !== k) edge(`package:${dep.dir}`, `package:${k.dir}`);
    }
  }
  // configs extending a changed base: reverse `extends`, transitively
  const extendedBy = new Map<string, string[]>();
  for (const c of input.configs) for (const e of c.extends) extendedBy.set(e, [...(extendedBy.get(e) ?? []), c.path]);

  const why = new Map<Node, string>();
  const queue: Node[] = [];
  const seed = (n: Node, reason: string): void => {
    if (why.has(n)) return;
    why.set(n, reason);
    queue.push(n);
  };
  const nameOf = (n: Node): string => packages.find((k) => `package:${k.dir}` === n)?.name ?? n;
  const reason = (from: Node, to: Node): string => {
    const fromWhy = why.get(from) ?? '';
    if (from.startsWith('project:')) return to.startsWith('project:') ? `references ${from.slice('project:'.length)}` : fromWhy;
    if (to.startsWith('package:')) return `depends on ${nameOf(from)}`;
    return `in package ${nameOf(from)}, which ${fromWhy.startsWith('depends on') ? fromWhy : 'changed'}`;
  };
  const uncovered: string[] = [];
  for (const f of input.changed) {
    if (!isTypecheckRelevant(f)) continue;
    const base = posix.basename(f);
    if (CONFIG_FILE.test(base)) {
      // a deleted project is no node of the graph: whoever referenced it is affected directly
      for (const p of projects) if (configs.get(p)?.references.includes(f)) seed(`project:${p}`, `references ${f}, which changed`);
      const seen = new Set<string>([f]);
      const stack = [f];
      while (stack.length) {
        const c = stack.pop()!;
        if (projectSet.has(c)) seed(`project:${c}`, c === f ? `${f} changed` : `extends ${f}, which changed`);
        for (const child of extendedBy.get(c) ?? []) {
          if (seen.has(child)) continue;
          seen.add(child);
          stack.push(child);
        }
      }
    }
    if (base === 'package.json') {
      const pkg = packages.find((k) => k.dir === dirOf(f));
      if (pkg) seed(`package:${pkg.dir}`, `${f} changed`);
    }
    const near = deepest(projects, dirOf, f);
    if (near) seed(`project:${near}`, `${f} changed`);
    let reached = false;
    for (const p of projects) {
      if (p === near || !(configs.get(p)?.reaches ?? []).some((r) => isUnder(f, r))) continue;
      seed(`project:${p}`, `${f} changed (read through its include, files or paths)`);
      reached = true;
    }
    if (!near && !reached && CODE_FILE.test(base)) uncovered.push(f);
  }
  while (queue.length) {
    const n = queue.shift()!;
    for (const m of edges.get(n) ?? []) seed(m, reason(n, m));
  }
  const selected: SelectedProject[] = [];
  for (const p of projects) {
    const reason = why.get(`project:${p}`);
    if (reason === undefined) continue;
    const c = configs.get(p);
    selected.push({ config: p, build: !!c && (c.references.length > 0 || c.composite), why: reason });
  }
  return { projects: selected, uncovered };
}

/** Every project, for a full check (`bosun gate ci` without --base). */
export function allProjects(input: Omit<GraphInput, 'changed'>): Selection {
  const configs = new Map(input.configs.map((c) => [c.path, c]));
  const projects = [...new Set(input.projects)].map((p) => {
    const c = configs.get(p);
    return { config: p, build: !!c && (c.references.length > 0 || c.composite), why: 'full check' };
  });
  return { projects, uncovered: [] };
}

/** Dirs of workspace packages: dirs holding a package.json matched by the workspace patterns (`!pat` excludes). */
export function workspaceDirs(patterns: readonly string[], packageJsonDirs: readonly string[], match: (pattern: string, path: string) => boolean): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map(normPattern);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => normPattern(p.slice(1)));
  // globMatch also matches below a matching dir: `packages/*` must not make packages/a/fixtures a package.
  const exact = (pat: string, dir: string): boolean => {
    if (!match(pat, dir)) return false;
    if (pat.includes('**')) return true;
    for (let up = dirOf(dir); up !== ''; up = dirOf(up)) if (match(pat, up)) return false;
    return true;
  };
  return packageJsonDirs.filter((d) => d !== '' && include.some((p) => exact(p, d)) && !exclude.some((p) => exact(p, d)));
}

const normPattern = (p: string): string => p.replace(/^\.\//, '').replace(/\/+$/, '');

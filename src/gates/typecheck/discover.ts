/**
 * Reads what the project graph needs from a materialised snapshot: every tsconfig (its `extends`,
 * `references`, `composite`), and the workspace packages (npm/yarn `workspaces`, pnpm-workspace.yaml) with
 * their dependencies. A tsconfig bosun cannot parse still counts as a project: tsc reports what is wrong with it.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { globMatch } from '../../policy/index.ts';
import { isConfigFile, workspaceDirs, type GraphInput, type PackageInfo, type TsConfigInfo } from './graph.ts';
import { parseJsonc } from './jsonc.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(tree: string, path: string): unknown {
  try {
    return parseJsonc(readFileSync(join(tree, path), 'utf8'));
  } catch {
    return null;
  }
}

const norm = (p: string): string => {
  const n = posix.normalize(p);
  return n === '.' ? '' : n.replace(/\/$/, '');
};

/** A relative tsconfig path as TypeScript resolves it: a file, or with `.json` added, or a dir's tsconfig.json. */
function resolveConfigRef(fromDir: string, ref: string, has: (p: string) => boolean, dirDefault: boolean): string | null {
  if (!ref.startsWith('.') && !ref.startsWith('/')) return null; // a package (@tsconfig/node20): outside the repo's graph
  const p = norm(posix.join(fromDir, ref));
  if (p.startsWith('..')) return null;
  if (has(p)) return p;
  if (has(`${p}.json`)) return `${p}.json`;
  const inDir = p === '' ? 'tsconfig.json' : `${p}/tsconfig.json`;
  return dirDefault || has(inDir) ? inDir : null;
}

function readConfigs(tree: string, paths: readonly string[]): TsConfigInfo[] {
  const has = (p: string): boolean => paths.includes(p);
  const raw = new Map<string, { extends: string[]; references: string[]; composite: boolean | undefined }>();
  for (const path of paths) {
    const j = readJson(tree, path);
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const ext = isObj(j) ? j['extends'] : undefined;
    const extList = (typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext : []).filter((e): e is string => typeof e === 'string');
    const refs = isObj(j) && Array.isArray(j['references']) ? j['references'] : [];
    const co = isObj(j) && isObj(j['compilerOptions']) ? j['compilerOptions']['composite'] : undefined;
    raw.set(path, {
      extends: extList.map((e) => resolveConfigRef(dir, e, has, false)).filter((e): e is string => e !== null),
      references: refs.map((r) => (isObj(r) && typeof r['path'] === 'string' ? resolveConfigRef(dir, r['path'], has, true) : null)).filter((r): r is string => r !== null),
      composite: typeof co === 'boolean' ? co : undefined,
    });
  }
  // composite is inherited through `extends` (the config itself first, then its bases, the last one winning)
  const composite = (p: string, seen: Set<string>): boolean | undefined => {
    const c = raw.get(p);
    if (!c || seen.has(p)) return undefined;
    seen.add(p);
    if (c.composite !== undefined) return c.composite;
    for (const e of [...c.extends].reverse()) {
      const v = composite(e, seen);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  return [...raw].map(([path, c]) => ({ path, extends: c.extends, references: c.references, composite: composite(path, new Set()) ?? false }));
}

async function workspacePatterns(tree: string, paths: readonly string[]): Promise<string[]> {
  const patterns: string[] = [];
  const root = readJson(tree, 'package.json');
  const ws = isObj(root) ? root['workspaces'] : undefined;
  const list = Array.isArray(ws) ? ws : isObj(ws) && Array.isArray(ws['packages']) ? ws['packages'] : [];
  patterns.push(...list.filter((p): p is string => typeof p === 'string'));
  if (paths.includes('pnpm-workspace.yaml')) {
    const { parse } = await import('yaml');
    try {
      const y: unknown = parse(readFileSync(join(tree, 'pnpm-workspace.yaml'), 'utf8'));
      if (isObj(y) && Array.isArray(y['packages'])) patterns.push(...y['packages'].filter((p): p is string => typeof p === 'string'));
    } catch {
      // an unreadable workspace file: no packages (pnpm itself will complain)
    }
  }
  return patterns;
}

const DEP_KEYS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

function readPackages(tree: string, dirs: readonly string[]): PackageInfo[] {
  const out: PackageInfo[] = [];
  for (const dir of dirs) {
    const j = readJson(tree, dir === '' ? 'package.json' : `${dir}/package.json`);
    if (!isObj(j) || typeof j['name'] !== 'string') continue;
    const deps = DEP_KEYS.flatMap((k) => (isObj(j[k]) ? Object.keys(j[k]) : []));
    out.push({ dir, name: j['name'], deps: [...new Set(deps)] });
  }
  return out;
}

/** Project tsconfigs: every `tsconfig.json`, or those matching `gates.typecheck.projects`. */
function projectPaths(configPaths: readonly string[], patterns: readonly string[] | null): string[] {
  if (patterns === null) return configPaths.filter((p) => posix.basename(p) === 'tsconfig.json');
  return configPaths.filter((p) => patterns.some((g) => g === p || globMatch(g, p)));
}

export async function discoverGraph(tree: string, paths: readonly string[], projectPatterns: readonly string[] | null): Promise<Omit<GraphInput, 'changed'>> {
  const nodeModules = (p: string): boolean => p.split('/').includes('node_modules');
  const configPaths = paths.filter((p) => isConfigFile(p) && !nodeModules(p));
  const configs = readConfigs(tree, configPaths);
  const pkgDirs = paths.filter((p) => posix.basename(p) === 'package.json' && !nodeModules(p)).map((p) => (p === 'package.json' ? '' : posix.dirname(p)));
  const patterns = await workspacePatterns(tree, paths);
  const packages = patterns.length ? readPackages(tree, workspaceDirs(patterns, pkgDirs, globMatch)) : [];
  return { configs, projects: projectPaths(configPaths, projectPatterns), packages };
}

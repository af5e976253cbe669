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

/** The part of a tsconfig glob before its first wildcard, as a dir (or file) path. */
function staticPrefix(pattern: string): string {
  const cut = pattern.search(/[*?[{]/);
  if (cut === -1) return pattern;
  const head = pattern.slice(0, cut);
  return head.endsWith('/') ? head.slice(0, -1) : posix.dirname(head) === '.' ? '' : posix.dirname(head);
}

/** A path written in `fromDir` as a repo path; null when it leaves the repository or enters node_modules. */
function repoPath(fromDir: string, p: string): string | null {
  if (p.startsWith('/')) return null;
  const r = norm(posix.join(fromDir, p));
  return r === '..' || r.startsWith('../') || r.split('/').includes('node_modules') ? null : r;
}

interface RawConfig {
  dir: string;
  extends: string[];
  references: string[];
  composite: boolean | undefined;
  include: string[] | undefined;
  files: string[] | undefined;
  exclude: string[] | undefined;
  paths: string[][] | undefined;
  baseUrl: string | undefined;
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((e): e is string => typeof e === 'string') : undefined);

function readConfigs(tree: string, paths: readonly string[]): TsConfigInfo[] {
  const has = (p: string): boolean => paths.includes(p);
  const raw = new Map<string, RawConfig>();
  for (const path of paths) {
    const j = readJson(tree, path);
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const ext = isObj(j) ? j['extends'] : undefined;
    const extList = (typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext : []).filter((e): e is string => typeof e === 'string');
    const refs = isObj(j) && Array.isArray(j['references']) ? j['references'] : [];
    const co = isObj(j) && isObj(j['compilerOptions']) ? j['compilerOptions'] : undefined;
    const pathMap = co && isObj(co['paths']) ? co['paths'] : undefined;
    raw.set(path, {
      dir,
      extends: extList.map((e) => resolveConfigRef(dir, e, has, false)).filter((e): e is string => e !== null),
      references: refs.map((r) => (isObj(r) && typeof r['path'] === 'string' ? resolveConfigRef(dir, r['path'], has, true) : null)).filter((r): r is string => r !== null),
      composite: typeof co?.['composite'] === 'boolean' ? co['composite'] : undefined,
      include: isObj(j) ? strings(j['include']) : undefined,
      files: isObj(j) ? strings(j['files']) : undefined,
      exclude: isObj(j) ? strings(j['exclude']) : undefined,
      paths: pathMap ? Object.values(pathMap).map((t) => strings(t) ?? []) : undefined,
      baseUrl: typeof co?.['baseUrl'] === 'string' ? co['baseUrl'] : undefined,
    });
  }
  // A setting is the config's own, else inherited through `extends` (the last base winning), and paths in it
  // are relative to the config that wrote it: `inherited` returns the value with that config's dir.
  const inherited = <T>(p: string, get: (c: RawConfig) => T | undefined, seen = new Set<string>()): { value: T; dir: string } | undefined => {
    const c = raw.get(p);
    if (!c || seen.has(p)) return undefined;
    seen.add(p);
    const own = get(c);
    if (own !== undefined) return { value: own, dir: c.dir };
    for (const e of [...c.extends].reverse()) {
      const v = inherited(e, get, seen);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const reaches = (p: string): string[] => {
    const c = raw.get(p)!;
    const out = new Set<string>();
    const include = inherited(p, (x) => x.include);
    const files = inherited(p, (x) => x.files);
    const exclude = inherited(p, (x) => x.exclude);
    // tsc's default: everything below the config when it names neither include nor files
    const includes = include ? include.value.map((g) => repoPath(include.dir, staticPrefix(g))) : files ? [] : [c.dir];
    const excluded = (exclude?.value ?? [])
      .map((g) => repoPath(exclude!.dir, g.replace(/\/\*\*(?:\/\*)?$/, '')))
      .filter((e): e is string => e !== null && !/[*?[{]/.test(e));
    for (const r of includes) if (r !== null && !excluded.some((e) => r === e || r.startsWith(`${e}/`))) out.add(r);
    for (const f of files?.value ?? []) {
      const r = repoPath(files!.dir, f);
      if (r !== null) out.add(r);
    }
    const aliases = inherited(p, (x) => x.paths);
    if (aliases) {
      const base = inherited(p, (x) => x.baseUrl);
      const from = base ? norm(posix.join(base.dir, base.value)) : aliases.dir;
      for (const target of aliases.value.flat()) {
        const prefix = staticPrefix(target);
        const r = repoPath(from, /\.[cm]?[jt]sx?$|\.json$/.test(prefix) ? posix.dirname(prefix) : prefix);
        if (r !== null) out.add(r);
      }
    }
    return [...out];
  };
  return [...raw].map(([path, c]) => ({
    path,
    extends: c.extends,
    references: c.references,
    composite: inherited(path, (x) => x.composite)?.value ?? false,
    reaches: reaches(path),
  }));
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

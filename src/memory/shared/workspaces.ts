/**
 * The workspace registry, `$BOSUN_HOME/workspaces.json`: the git repositories whose lessons `bosun lessons
 * sync` aggregates. Pure planners (parse, add, remove) and a thin IO shell (read, update under a lock).
 */
import { join } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { findRepoDirs, type RepoDirs } from '../../shared/git-dirs.ts';
import { readTextOrNull, withLock, writeFileAtomic } from '../../shared/fs-atomic.ts';

export interface Workspace {
  name: string;
  /** Absolute path of the repository's worktree root. */
  path: string;
  /** false: its lessons stay home (never aggregated, never broadcast). The fleet's `memory.share` can also say false. */
  share: boolean;
  /** ISO time it was registered. */
  added: string;
}

export interface Registry {
  version: 1;
  workspaces: Workspace[];
}

export const REGISTRY_FILE = 'workspaces.json';
export const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function registryPath(home: string): string {
  return join(home, REGISTRY_FILE);
}

function invalid(file: string, message: string): BosunError {
  return new BosunError({ code: 'E_WORKSPACES_INVALID', message: `${file}: ${message}`, hint: `fix ${file} by hand, or remove it and re-add the workspaces`, exitCode: EXIT.config });
}

/** PURE: parses the registry text; every problem is named with its index. */
export function parseRegistry(text: string, file: string): Registry {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw invalid(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(file, 'expected an object with "workspaces"');
  const obj = raw as Record<string, unknown>;
  if (obj['version'] !== 1) throw invalid(file, `version: expected 1, got ${JSON.stringify(obj['version'])}`);
  if (!Array.isArray(obj['workspaces'])) throw invalid(file, 'workspaces: expected a list');
  const problems: string[] = [];
  const workspaces: Workspace[] = [];
  obj['workspaces'].forEach((w: unknown, i: number) => {
    const at = `workspaces[${i}]`;
    if (w === null || typeof w !== 'object') return void problems.push(`${at}: expected an object`);
    const o = w as Record<string, unknown>;
    if (typeof o['name'] !== 'string' || !WORKSPACE_NAME.test(o['name'])) problems.push(`${at}.name: expected a name of letters, digits, ".", "_" or "-"`);
    if (typeof o['path'] !== 'string' || !o['path'].startsWith('/')) problems.push(`${at}.path: expected an absolute path`);
    if (typeof o['share'] !== 'boolean') problems.push(`${at}.share: expected true or false`);
    if (problems.length) return;
    workspaces.push({ name: o['name'] as string, path: o['path'] as string, share: o['share'] as boolean, added: typeof o['added'] === 'string' ? o['added'] : '' });
  });
  if (problems.length) throw invalid(file, problems.join('; '));
  return { version: 1, workspaces };
}

export function renderRegistry(reg: Registry): string {
  return JSON.stringify(reg, null, 2) + '\n';
}

/** PURE: the registry with `ws` added; refuses a taken name or an already registered path. */
export function withWorkspace(reg: Registry, ws: Workspace): Registry {
  const samePath = reg.workspaces.find((w) => w.path === ws.path);
  if (samePath) {
    throw new BosunError({ code: 'E_WORKSPACE_EXISTS', message: `${ws.path} is already registered as "${samePath.name}"`, hint: `bosun workspaces remove ${samePath.name} first to change it`, exitCode: EXIT.failure });
  }
  if (reg.workspaces.some((w) => w.name === ws.name)) {
    throw new BosunError({ code: 'E_WORKSPACE_EXISTS', message: `a workspace named "${ws.name}" is already registered`, hint: 'choose another name with --name', exitCode: EXIT.failure });
  }
  return { ...reg, workspaces: [...reg.workspaces, ws].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** PURE: removes the workspace named `key` (or registered at path `key`); returns it and the rest. */
export function withoutWorkspace(reg: Registry, key: string): { registry: Registry; removed: Workspace } {
  const removed = reg.workspaces.find((w) => w.name === key) ?? reg.workspaces.find((w) => w.path === key);
  if (!removed) {
    const known = reg.workspaces.map((w) => w.name);
    throw new BosunError({ code: 'E_WORKSPACE_NOT_FOUND', message: `no workspace "${key}" is registered`, hint: known.length ? `registered: ${known.join(', ')}` : 'none is registered: bosun workspaces add [PATH]', exitCode: EXIT.usage });
  }
  return { registry: { ...reg, workspaces: reg.workspaces.filter((w) => w !== removed) }, removed };
}

/**
 * The git directories of a registered workspace, or null when its worktree root is no longer one. Only the
 * registered root itself counts: a deleted workspace inside another repository (a monorepo, a dotfiles
 * home) must not resolve to that enclosing repository, or the sync would read and write the wrong project.
 */
export function workspaceRepo(ws: Pick<Workspace, 'path'>): RepoDirs | null {
  const dirs = findRepoDirs(ws.path);
  return dirs && dirs.root === ws.path ? dirs : null;
}

export function readRegistry(home: string): Registry {
  const file = registryPath(home);
  const text = readTextOrNull(file);
  return text === null ? { version: 1, workspaces: [] } : parseRegistry(text, file);
}

/** Reads, changes and writes the registry under its lock: two `workspaces add` at once both land. */
export function updateRegistry<T>(home: string, change: (reg: Registry) => { registry: Registry; result: T }): T {
  const file = registryPath(home);
  return withLock(`${file}.lock`, { what: 'the workspace registry', waitMs: 10_000 }, () => {
    const { registry, result } = change(readRegistry(home));
    writeFileAtomic(file, renderRegistry(registry));
    return result;
  });
}

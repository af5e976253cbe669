/** The repository's identity on its forge, read from `remote.origin.url` when the config and env say nothing. */
import { spawnSync } from 'node:child_process';

export interface RemotePath {
  readonly host: string;
  /** owner/name (GitHub) or group/subgroup/project (GitLab), without `.git`. */
  readonly path: string;
}

/** Parses https://host/a/b(.git), ssh://git@host[:port]/a/b(.git) and scp-like git@host:a/b(.git). Pure. */
export function parseRemoteUrl(url: string): RemotePath | null {
  const u = url.trim();
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(u);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) return tidy(scp[1]!, scp[2]!);
  try {
    const parsed = new URL(u);
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return null;
    return tidy(parsed.hostname, parsed.pathname);
  } catch {
    return null;
  }
}

function tidy(host: string, path: string): RemotePath | null {
  const p = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return p.includes('/') ? { host: host.toLowerCase(), path: p } : null;
}

export function originUrl(root: string): string | null {
  const r = spawnSync('git', ['config', '--get', 'remote.origin.url'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** The web host that goes with an API root: api.github.com → github.com, ghe.example/api/v3 → ghe.example. */
export function webHost(apiBase: string): string {
  const host = new URL(apiBase).hostname.toLowerCase();
  return host.startsWith('api.') ? host.slice(4) : host;
}

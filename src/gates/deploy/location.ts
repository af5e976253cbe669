/**
 * Where a backup goes, and where it may not: never inside the repository (agents write there, and
 * `git clean` empties it), never the database file itself nor beside it in its directory (one `rm -rf`
 * or one lost volume takes both: the April 2026 incident in LANDSCAPE.md). Pure: paths come in already
 * resolved by the caller (`realDir`).
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export interface BackupDirInput {
  /** `backup.to` as written, or null for the default. */
  to: string | null;
  bosunHome: string;
  home: string;
  repoName: string;
  env: string;
}

/** `$BOSUN_HOME/backups/<repo>/<env>` unless `backup.to` says otherwise (`~/` and `$BOSUN_HOME/` expanded). */
export function backupDir(input: BackupDirInput): string {
  if (input.to === null) return join(input.bosunHome, 'backups', input.repoName, input.env);
  if (input.to.startsWith('~/')) return resolve(input.home, input.to.slice(2));
  if (input.to.startsWith('$BOSUN_HOME/')) return resolve(input.bosunHome, input.to.slice('$BOSUN_HOME/'.length));
  return resolve(input.to);
}

/** The repository's name for the default backup dir: the main worktree's directory, shared by its worktrees. */
export function repoName(root: string, commonDir: string): string {
  return basename(commonDir) === '.git' ? basename(dirname(commonDir)) : basename(root);
}

/** `20260102T030405Z-abc1234.pgdump`: sorts by time, names the commit it was taken before. */
export function backupFileName(time: number, sha: string | null, ext: string): string {
  const stamp = new Date(time).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${sha ? sha.slice(0, 12) : 'nohead'}.${ext}`;
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export interface LocationInput {
  /** The backup directory, symlinks resolved. */
  dir: string;
  repoRoot: string;
  commonDir: string;
  /** A SQLite database file (symlinks resolved), or null for a server database. */
  dbFile: string | null;
}

/** Why the backup may not go to `dir`, or null when it may. */
export function locationProblem(input: LocationInput): string | null {
  if (inside(input.dir, input.repoRoot)) return `${input.dir} is inside the repository (${input.repoRoot}): agents can write there and \`git clean\` would remove it`;
  if (inside(input.dir, input.commonDir)) return `${input.dir} is inside the git directory (${input.commonDir})`;
  if (input.dbFile !== null) {
    if (inside(input.dbFile, input.dir)) return `${input.dir} holds the database file itself (${input.dbFile})`;
    if (inside(input.dir, dirname(input.dbFile))) return `${input.dir} is in the database's own directory (${dirname(input.dbFile)}): one deletion there takes the database and its backups`;
  }
  return null;
}

/**
 * `realpath` of the path, or of its deepest existing ancestor with the rest appended (the dir may not exist
 * yet). A dangling symlink on the way is followed to where it points — `mkdir -p` would create the dir
 * there — so a link into the repository cannot hide that the backup would land inside it.
 */
export function realDir(p: string): string {
  const rest: string[] = [];
  let cur = resolve(p);
  for (let hops = 0; ; ) {
    try {
      return join(realpathSync(cur), ...[...rest].reverse());
    } catch {
      let link: string | null = null;
      try {
        if (lstatSync(cur).isSymbolicLink() && hops < 40) link = readlinkSync(cur);
      } catch {
        // nothing there
      }
      if (link !== null) {
        hops++;
        cur = resolve(dirname(cur), link);
        continue;
      }
      const parent = dirname(cur);
      if (parent === cur) return resolve(p);
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

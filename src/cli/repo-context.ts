import { tmpdir, homedir } from 'node:os';
import { resolve } from 'node:path';
import { BosunError } from '../shared/errors.ts';
import { EXIT } from '../shared/exit-codes.ts';
import { findRepoDirs, type RepoDirs } from '../shared/git-dirs.ts';
import type { PolicyContext } from '../policy/index.ts';

export function requireRepo(cwd: string = process.cwd()): RepoDirs {
  const dirs = findRepoDirs(cwd);
  if (!dirs) {
    throw new BosunError({ code: 'E_NO_REPO', message: `${cwd} is not inside a git repository`, hint: 'run bosun inside the repository whose agents it guards (`git init` first if needed).', exitCode: EXIT.environment });
  }
  return dirs;
}

export function policyContext(dirs: RepoDirs, cwd: string): PolicyContext {
  return {
    repoRoot: dirs.root,
    cwd: resolve(cwd),
    gitDir: dirs.gitDir,
    commonDir: dirs.commonDir,
    tempDirs: [...new Set([tmpdir(), '/tmp', '/var/tmp'])],
    home: process.env['HOME'] ?? homedir(),
  };
}

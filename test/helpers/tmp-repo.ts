// A throwaway git repository with its own HOME, global git config and TMPDIR, so nothing a test
// runs (git, Claude Code, hooks) reads or writes the developer's files.
//
//   await using repo = await createTmpRepo({ files: { 'src/a.ts': 'x' } });
//   spawn('git', ['status'], { cwd: repo.root, env: repo.env });
//
// Layout under one mkdtemp dir (`repo.dir`): repo/ (the worktree), home/, tmp/, gitconfig.
// Set BOSUN_KEEP_TMP=1 to keep it for debugging (its path is printed).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inheritedEnv } from './child-env.ts';

export interface TmpRepoOptions {
  /** Files (path relative to the repo root → content) added to the initial commit. */
  files?: Record<string, string>;
  /** Prefix of the temp dir name. */
  prefix?: string;
}

export interface TmpRepo extends AsyncDisposable {
  /** The temp dir holding everything below. */
  dir: string;
  /** The worktree (real `git init`, one commit on `main`). */
  root: string;
  home: string;
  gitConfig: string;
  /** A complete environment for child processes: inherited env minus leaks, plus the isolation vars. */
  env: Record<string, string>;
  /** Writes a file under the repo root (creating directories); returns its absolute path. */
  write(relPath: string, content: string): string;
  git(...args: string[]): string;
  dispose(): Promise<void>;
}

export async function createTmpRepo(options: TmpRepoOptions = {}): Promise<TmpRepo> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), options.prefix ?? 'bosun-e2e-')));
  const root = join(dir, 'repo');
  const home = join(dir, 'home');
  const tmp = join(dir, 'tmp');
  const gitConfig = join(dir, 'gitconfig');
  for (const d of [root, home, tmp]) mkdirSync(d);
  writeFileSync(gitConfig, '[user]\n\tname = Bosun Test\n\temail = bosun-test@example.invalid\n[init]\n\tdefaultBranch = main\n');

  const env: Record<string, string> = {
    ...inheritedEnv(),
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    TMPDIR: tmp,
    GIT_CONFIG_GLOBAL: gitConfig,
    GIT_CONFIG_NOSYSTEM: '1',
  };

  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (relPath: string, content: string): string => {
    const p = join(root, relPath);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  };

  const dispose = async (): Promise<void> => {
    if (process.env.BOSUN_KEEP_TMP === '1') {
      process.stderr.write(`tmp-repo kept: ${dir}\n`);
      return;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    git('init', '-q');
    write('README.md', '# scratch repo\n');
    for (const [p, content] of Object.entries(options.files ?? {})) write(p, content);
    git('add', '-A');
    git('commit', '-q', '-m', 'initial commit');
  } catch (err) {
    await dispose();
    throw err;
  }

  return { dir, root, home, gitConfig, env, write, git, dispose, [Symbol.asyncDispose]: dispose };
}

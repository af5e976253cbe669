// A temp git repository with a fleet file that deploys, bosun run from source inside it, and scratch
// databases on the local PostgreSQL and MariaDB (one per test, dropped after).
//
//   await using repo = await createDeployRepo({ env: 'ci: …\nbackup: …', deploy: 'sqlite3 … "delete …"' });
//   await recordCi(repo, 'test', 'success');
//   const r = await deployCli(repo, ['deploy', 'staging']);
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_MARKERS } from '../../src/shared/agent-env.ts';
import { createTmpRepo, type TmpRepo } from './tmp-repo.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DeployRepo extends TmpRepo {
  /** Created by the deploy script when it runs (outside the repo, so the tree stays clean). */
  marker: string;
  /** Where backups go by default: $HOME/.bosun/backups/repo/<env>. */
  backupDir(env?: string): string;
  backups(env?: string): string[];
}

export interface DeployRepoOptions {
  /** The body of `deploy.staging` (YAML, unindented). */
  env: string;
  /** Shell lines of scripts/deploy.sh (after it touches the marker). */
  deploy?: string;
  smoke?: string;
  extraFiles?: Record<string, string>;
}

const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

export async function createDeployRepo(opts: DeployRepoOptions): Promise<DeployRepo> {
  const probe = await createTmpRepo({ prefix: 'bosun-deploy-' });
  // Whatever session runs the tests, the deploys run as a person's would: no agent markers, backups under this HOME.
  for (const m of AGENT_MARKERS) delete probe.env[m.name];
  probe.env['BOSUN_HOME'] = join(probe.home, '.bosun');
  const marker = join(probe.dir, 'deploy-ran');
  const fleet = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
deploy:
  staging:
${indent(opts.env.trim(), 4)}
`;
  probe.write('.bosun/fleet.yaml', fleet);
  probe.write('scripts/deploy.sh', `#!/bin/sh\nset -e\necho "deploying $BOSUN_DEPLOY_ENV at $BOSUN_DEPLOY_SHA"\ntouch '${marker}'\n${opts.deploy ?? ''}\n`);
  probe.write('scripts/smoke.sh', `#!/bin/sh\nset -e\n${opts.smoke ?? 'echo smoke ok'}\n`);
  for (const [p, c] of Object.entries(opts.extraFiles ?? {})) probe.write(p, c);
  execFileSync('chmod', ['+x', join(probe.root, 'scripts/deploy.sh'), join(probe.root, 'scripts/smoke.sh')]);
  probe.git('add', '-A');
  probe.git('commit', '-q', '-m', 'deploy config');
  const backupDir = (env = 'staging'): string => join(probe.home, '.bosun', 'backups', 'repo', env);
  const backups = (env = 'staging'): string[] => (existsSync(backupDir(env)) ? readdirSync(backupDir(env)).sort() : []);
  return Object.assign(probe, { marker, backupDir, backups });
}

/** The CLI from source, with the repo's isolated environment (no agent markers) plus `env`. */
export function deployCli(repo: TmpRepo, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: repo.root, env: { ...repo.env, ...env }, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function show(r: CliResult): string {
  return `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** `bosun ci record <check> <state>` for HEAD: the local CI provider's results. */
export async function recordCi(repo: TmpRepo, check: string, state: 'success' | 'failure'): Promise<void> {
  const r = await deployCli(repo, ['ci', 'record', check, state]);
  if (r.code !== 0) throw new Error(`ci record failed\n${show(r)}`);
}

/** The restore command printed after a failed deploy. */
export function printedRestoreCommand(stdout: string): string {
  const m = /To restore the backup taken before this deploy, run:\n {2}(.+)\n/.exec(stdout);
  if (!m) throw new Error(`no restore command in:\n${stdout}`);
  return m[1]!;
}

export function sh(command: string, env: Record<string, string>): string {
  return execFileSync('sh', ['-c', command], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const unique = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;

export interface ScratchDb extends AsyncDisposable {
  name: string;
  url: string;
  /** Runs SQL in the scratch database; returns stdout trimmed. */
  sql(statement: string): string;
  count(table: string): number;
}

export function pgScratch(): ScratchDb {
  const name = unique('bosun_deploy_pg');
  const admin = (statement: string): string => execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-c', statement], { encoding: 'utf8' });
  admin(`CREATE DATABASE "${name}"`);
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  const sql = (statement: string): string => execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', statement], { encoding: 'utf8' }).trim();
  return {
    name,
    url,
    sql,
    count: (table) => Number(sql(`SELECT count(*) FROM "${table}"`)),
    [Symbol.asyncDispose]: async () => void admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export function mariaScratch(): ScratchDb {
  const name = unique('bosun_deploy_my');
  const run = (db: string | null, statement: string): string => execFileSync('mariadb', ['--protocol=TCP', '-h', '127.0.0.1', '-P', '3306', '-u', 'root', '--batch', '--skip-column-names', '-e', statement, ...(db ? [db] : [])], { encoding: 'utf8' }).trim();
  run(null, `CREATE DATABASE \`${name}\``);
  return {
    name,
    url: `mysql://root@127.0.0.1:3306/${name}`,
    sql: (statement) => run(name, statement),
    count: (table) => Number(run(name, `SELECT count(*) FROM \`${table}\``)),
    [Symbol.asyncDispose]: async () => void run(null, `DROP DATABASE IF EXISTS \`${name}\``),
  };
}

/** Scratch databases the full restore check left behind (it must drop them). */
export function leftoverScratch(kind: 'postgres' | 'mysql'): string[] {
  const out =
    kind === 'postgres'
      ? execFileSync('psql', ['-X', '-A', '-t', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-c', "SELECT datname FROM pg_database WHERE datname LIKE 'bosun_restore_check_%'"], { encoding: 'utf8' })
      : execFileSync('mariadb', ['--protocol=TCP', '-h', '127.0.0.1', '-u', 'root', '--batch', '--skip-column-names', '-e', "SHOW DATABASES LIKE 'bosun\\_restore\\_check\\_%'"], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

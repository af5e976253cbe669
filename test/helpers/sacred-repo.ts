// A temp git repository with sacred tests, and bosun run from source (tsx) inside it — no build needed.
//
//   await using repo = await createSacredRepo();            // fleet + package.json + test/billing/*.test.js, committed
//   sacredCli(repo, ['sacred', 'lock']);                      // the initial lock (as a person: no agent markers)
//   repo.write('test/billing/invoice.test.js', '…');
//   const r = sacredCli(repo, ['gate', 'sacred']);           // { code, stdout, stderr }
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_MARKERS, commitLock, planLock } from '../../src/gates/index.ts';
import { createTmpRepo, type TmpRepo } from './tmp-repo.ts';

export const MAIN_TS = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const TSX_LOADER = fileURLToPath(import.meta.resolve('tsx'));
/** What a git hook runs to reach this checkout's CLI from source. */
export const GATE_COMMAND = `node --import "${TSX_LOADER}" "${MAIN_TS}" gate pre-commit`;

export const SACRED_FLEET = `version: 1
default_agent: lead
checks:
  test: npm test
agents:
  lead:
    role: Tech lead.
    edit: ["src/**", "test/**"]
protected:
  sacred: ["test/billing/**"]
`;

export const INVOICE_TEST = `const assert = require('node:assert/strict');
const { total, round } = require('../../src/billing.js');

describe('invoice', () => {
  it('adds the lines', () => {
    assert.equal(total([1, 2]), 3);
    assert.equal(total([]), 0);
  });
  it('rounds half up', () => {
    expect(round(1.005)).toBe(1.01);
  });
  test('keeps the currency', () => {
    expect(total([1], 'EUR')).toEqual(1);
  });
});
`;

export const TAX_TEST = `import { test } from 'node:test';
test('vat is 20%', (t) => {
  t.assert.equal(0.2 * 100, 20);
});
`;

export const PACKAGE_JSON = JSON.stringify({ name: 'acme', private: true, scripts: { test: 'jest' }, jest: { testPathIgnorePatterns: ['/node_modules/'] } }, null, 2) + '\n';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The repo's environment without any agent marker: bosun must see a person. */
export function humanEnv(repo: TmpRepo, extra: Record<string, string> = {}): Record<string, string> {
  const env = { ...repo.env };
  for (const m of AGENT_MARKERS) delete env[m.name];
  return { ...env, ...extra };
}

export function sacredCli(repo: TmpRepo, args: string[], opts: { env?: Record<string, string>; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, ['--import', TSX_LOADER, MAIN_TS, ...args], {
    cwd: repo.root,
    env: opts.env ?? humanEnv(repo),
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** util-linux `script` (a pseudo-terminal for `sacred approve`); BSD/macOS `script` takes other flags. */
export const PTY_SKIP: string | false = /util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '') ? false : 'needs util-linux `script` for a pseudo-terminal';

/** Runs the CLI inside a pseudo-terminal (util-linux `script`), typing `input`. */
export function sacredCliInPty(repo: TmpRepo, args: string[], input: string, env?: Record<string, string>): RunResult {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, '--import', TSX_LOADER, MAIN_TS, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: repo.root, env: env ?? humanEnv(repo), encoding: 'utf8', input, timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function describeRun(args: string[], r: RunResult): string {
  return `bosun ${args.join(' ')} → exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

export interface SacredRepoOptions {
  files?: Record<string, string>;
  /** Lock right after the initial commit (in-process, as `bosun sacred lock` does), and commit the lock. Default true. */
  lock?: boolean;
}

export const TEST_APPROVER = 'Bosun Test <bosun-test@example.invalid>';

/** The initial lock, written in-process (the CLI path of `sacred lock` has its own tests). */
export async function lockInProcess(repo: TmpRepo): Promise<void> {
  const paths = { repoRoot: repo.root, commonDir: join(repo.root, '.git') };
  const plan = await planLock(paths);
  commitLock({ ...paths, plan, approval: { by: TEST_APPROVER, reason: 'initial lock', at: '2026-01-01T00:00:00.000Z' }, event: 'sacred-lock', time: Date.now() });
}

export async function createSacredRepo(opts: SacredRepoOptions = {}): Promise<TmpRepo> {
  const repo = await createTmpRepo({
    prefix: 'bosun-sacred-',
    files: {
      '.bosun/fleet.yaml': SACRED_FLEET,
      'package.json': PACKAGE_JSON,
      'src/billing.js': 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\nexports.round = (x) => Math.round(x * 100) / 100;\n',
      'test/billing/invoice.test.js': INVOICE_TEST,
      'test/billing/tax.test.mjs': TAX_TEST,
      'test/other.test.js': "test('unrelated', () => { expect(1).toBe(1); });\n",
      ...opts.files,
    },
  });
  if (opts.lock !== false) {
    try {
      await lockInProcess(repo);
    } catch (err) {
      await repo.dispose();
      throw err;
    }
    repo.git('add', '.bosun/sacred.lock');
    repo.git('commit', '-q', '-m', 'lock sacred tests');
  }
  return repo;
}

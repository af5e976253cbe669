// `bosun log` end to end: a real git repo in a temp dir, a ledger seeded through the API, the real CLI spawned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLedger } from '../src/ledger/index.ts';
import { findRepoDirs } from '../src/shared/git-dirs.ts';
import { decision, tmpCommonDir } from './helpers/ledger-tmp.ts';

const mainTs = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Sandbox {
  root: string;
  repo: string;
  env: NodeJS.ProcessEnv;
}

function sandbox(dir: string): Sandbox {
  const root = realpathSync(dir);
  const home = join(root, 'home');
  mkdirSync(home);
  const gitconfig = join(home, '.gitconfig');
  writeFileSync(gitconfig, '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n');
  // Built from scratch so the developer's COLUMNS, NO_COLOR or git config cannot leak in.
  const env = { PATH: process.env['PATH'] ?? '', HOME: home, GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC' };
  const repo = join(root, 'repo');
  mkdirSync(repo);
  git(repo, env, 'init', '-q');
  git(repo, env, 'commit', '-q', '--allow-empty', '-m', 'init');
  return { root, repo, env };
}

function git(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

function bosun(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Run {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, mainTs, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface LogJson {
  ledger: string | null;
  decisions: { id: number; time: string; sessionId: string | null; agent: string; decision: string; rule: string; reason: string }[];
  summary: { total: number; allow: number; deny: number; ask: number; byRule: Record<string, number> };
}

function json(r: Run): LogJson {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as LogJson;
}

const LONG_REASON =
  'src/billing/invoice.test.ts is a sacred test: no agent may change it. Fix the code under test instead, or ask a human to re-lock the sacred tests with `bosun sacred approve`.';

function seed(repo: string): void {
  const dirs = findRepoDirs(repo);
  assert.ok(dirs);
  const ledger = openLedger({ commonDir: dirs.commonDir });
  const base = Date.UTC(2025, 0, 2, 3, 4, 5);
  ledger.recordHookCall({
    session: { id: 'aaaa1111-session', time: base, harness: 'claude-code', cwd: repo, agent: 'lead' },
    decision: decision({ time: base, sessionId: 'aaaa1111-session', agent: 'lead', tool: 'Edit', target: 'src/a.ts' }),
  });
  ledger.recordDecision(
    decision({ time: base + 1000, sessionId: 'aaaa1111-session', agent: 'lead', tool: 'Write', target: 'test/billing/invoice.test.ts', decision: 'deny', rule: 'sacred', reason: LONG_REASON }),
  );
  ledger.recordDecision(
    decision({ time: base + 2000, sessionId: 'bbbb2222-session', agent: 'security-auditor', tool: 'Bash', target: 'npm audit --json', decision: 'allow', rule: 'run-scope', reason: 'npm audit * is in the run allow-list' }),
  );
  ledger.recordDecision(
    decision({ time: base + 3000, sessionId: 'bbbb2222-session', agent: 'security-auditor', tool: 'Bash', target: 'eval "$X"', decision: 'ask', rule: 'unknown-effects', reason: 'cannot tell what eval writes' }),
  );
  ledger.close();
}

test('outside a git repository: exit 4 with a hint', () => {
  using tmp = tmpCommonDir('bosun-log-');
  const sb = sandbox(tmp.dir);
  const r = bosun(sb.root, sb.env, 'log');
  assert.equal(r.code, 4);
  assert.match(r.stderr, /not inside a git repository/);
  assert.match(r.stderr, /hint:/);
  assert.equal(r.stdout, '');
});

test('no ledger yet: an empty result, a note on stderr, exit 0, nothing created', () => {
  using tmp = tmpCommonDir('bosun-log-');
  const sb = sandbox(tmp.dir);
  const out = json(bosun(sb.repo, sb.env, 'log', '--json'));
  assert.deepEqual(out, { ledger: null, decisions: [], summary: { total: 0, allow: 0, deny: 0, ask: 0, byRule: {} } });
  const human = bosun(sb.repo, sb.env, 'log');
  assert.equal(human.code, 0);
  assert.match(human.stderr, /no ledger yet/);
  assert.match(human.stdout, /^0 decisions: 0 allowed, 0 denied, 0 asked\n$/);
  assert.equal(existsSync(join(sb.repo, '.git', 'bosun')), false);
});

test('--json lists decisions oldest first with ISO times and a summary; filters narrow both', () => {
  using tmp = tmpCommonDir('bosun-log-');
  const sb = sandbox(tmp.dir);
  seed(sb.repo);
  const all = json(bosun(sb.repo, sb.env, 'log', '--json'));
  assert.equal(all.ledger, join(sb.repo, '.git', 'bosun', 'ledger.db'));
  assert.deepEqual(all.decisions.map((d) => d.decision), ['allow', 'deny', 'allow', 'ask']);
  assert.equal(all.decisions[0]?.time, '2025-01-02T03:04:05.000Z');
  assert.equal(all.decisions[1]?.reason, LONG_REASON, 'full reason in JSON');
  assert.deepEqual(all.summary, { total: 4, allow: 2, deny: 1, ask: 1, byRule: { 'edit-scope': 1, sacred: 1, 'run-scope': 1, 'unknown-effects': 1 } });

  const bySession = json(bosun(sb.repo, sb.env, 'log', '--json', '--session', 'bbbb'));
  assert.deepEqual(bySession.decisions.map((d) => d.sessionId), ['bbbb2222-session', 'bbbb2222-session']);
  assert.equal(bySession.summary.total, 2);

  const byAgent = json(bosun(sb.repo, sb.env, 'log', '--json', '--agent', 'lead'));
  assert.deepEqual(byAgent.decisions.map((d) => d.rule), ['edit-scope', 'sacred']);
  assert.deepEqual(byAgent.summary, { total: 2, allow: 1, deny: 1, ask: 0, byRule: { 'edit-scope': 1, sacred: 1 } });

  const limited = json(bosun(sb.repo, sb.env, 'log', '--json', '--limit', '2'));
  assert.deepEqual(limited.decisions.map((d) => d.rule), ['run-scope', 'unknown-effects'], 'the most recent two');
  assert.equal(limited.summary.total, 4, 'the summary counts beyond the limit');

  const none = json(bosun(sb.repo, sb.env, 'log', '--json', '--agent', 'lead', '--session', 'bbbb'));
  assert.deepEqual(none.decisions, []);
});

test('human form: aligned columns, DENY stands out, reasons cut to $COLUMNS, summary last', () => {
  using tmp = tmpCommonDir('bosun-log-');
  const sb = sandbox(tmp.dir);
  seed(sb.repo);
  const r = bosun(sb.repo, { ...sb.env, COLUMNS: '120' }, 'log');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^TIME\s+SESSION\s+AGENT\s+TOOL\s+TARGET\s+DECISION\s+RULE\s+REASON$/);
  const rows = lines.slice(1, 5);
  const col = (lines[0] ?? '').indexOf('DECISION');
  assert.deepEqual(rows.map((l) => l.slice(col).split(/\s+/)[0]), ['allow', 'DENY', 'allow', 'ask']);
  assert.ok(rows[0]?.startsWith('01-02 03:04:05  aaaa1111  lead '), rows[0]);
  for (const l of rows) assert.ok(l.length <= 120, `fits 120 columns: ${l}`);
  assert.match(rows[1] ?? '', /DENY\s+sacred\s+src\/billing\/invoice\.tes…$/, 'reason cut at the edge');
  assert.match(rows[1] ?? '', /test\/bil…test\.ts/, 'the target gave way first, keeping both ends');

  const wide = bosun(sb.repo, { ...sb.env, COLUMNS: '200' }, 'log').stdout.split('\n');
  assert.ok(wide[2]?.includes('  test/billing/invoice.test.ts  DENY'), wide[2]);
  assert.ok(wide[2]?.endsWith('…') && wide[2].length === 200, 'cut exactly at 200 columns');
  assert.deepEqual(lines.slice(5), ['', '4 decisions: 2 allowed, 1 denied, 1 asked', 'by rule: edit-scope 1, run-scope 1, sacred 1, unknown-effects 1']);

  const uncut = bosun(sb.repo, sb.env, 'log', '--agent', 'lead');
  assert.ok(uncut.stdout.includes(LONG_REASON), 'piped without COLUMNS: nothing cut');
  assert.match(uncut.stdout, /\n2 decisions: 1 allowed, 1 denied, 0 asked\n/);

  const limited = bosun(sb.repo, sb.env, 'log', '--limit', '1');
  assert.match(limited.stdout, /4 decisions: 2 allowed, 1 denied, 1 asked \(showing the last 1; --limit for more\)/);
});

test('a linked worktree reads the same ledger', () => {
  using tmp = tmpCommonDir('bosun-log-');
  const sb = sandbox(tmp.dir);
  seed(sb.repo);
  const wt = join(sb.root, 'wt');
  git(sb.repo, sb.env, 'worktree', 'add', '-q', wt);
  const out = json(bosun(wt, sb.env, 'log', '--json'));
  assert.equal(out.summary.total, 4);
  assert.equal(out.ledger, join(sb.repo, '.git', 'bosun', 'ledger.db'));
});

test('a corrupt ledger: exit 4, the file named, a way out, the bytes untouched', () => {
  using tmp = tmpCommonDir('bosun-log-');
  const sb = sandbox(tmp.dir);
  const path = join(sb.repo, '.git', 'bosun', 'ledger.db');
  mkdirSync(join(sb.repo, '.git', 'bosun'));
  writeFileSync(path, 'garbage, not a database '.repeat(100));
  const r = bosun(sb.repo, sb.env, 'log', '--json');
  assert.equal(r.code, 4);
  assert.equal(r.stdout, '');
  assert.ok(r.stderr.includes(`bosun: ledger ${path}: opening failed: file is not a database`), r.stderr);
  assert.match(r.stderr, /hint: .*PRAGMA integrity_check.*move it aside/);
  assert.equal(readFileSync(path, 'utf8'), 'garbage, not a database '.repeat(100));
});

test('bad flags are usage errors (exit 2)', () => {
  using tmp = tmpCommonDir('bosun-log-');
  const sb = sandbox(tmp.dir);
  for (const args of [['--limit', '0'], ['--limit', 'ten'], ['--limit', '1.5'], ['--colour'], ['extra']]) {
    const r = bosun(sb.repo, sb.env, 'log', ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^bosun: log: /);
  }
  const help = bosun(sb.repo, sb.env, 'log', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: bosun log/);
});

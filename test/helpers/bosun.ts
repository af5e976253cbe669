// Drives the built bosun CLI (bin/bosun.js → dist/) inside a TmpRepo, with the repo's isolated
// environment, and reads its ledger back through `bosun log --json`.
//
//   await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET } });
//   bosunInit(repo);                       // hooks + .claude/agents/*.md
//   ... runClaude(...) ...
//   const { decisions } = bosunLog(repo);
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TmpRepo } from './tmp-repo.ts';

export const BOSUN_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BOSUN_BIN = join(BOSUN_ROOT, 'bin', 'bosun.js');
export const HOOK_JS = join(BOSUN_ROOT, 'dist', 'hook.cjs');

export interface BosunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/bosun.js <args>` with cwd = the repo (or `cwd`) and the repo's isolated env. */
export function bosun(repo: TmpRepo, args: string[], opts: { cwd?: string; input?: string } = {}): BosunResult {
  const r = spawnSync(process.execPath, [BOSUN_BIN, ...args], {
    cwd: opts.cwd ?? repo.root,
    env: repo.env,
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function describe(args: string[], r: BosunResult): string {
  return `bosun ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** Fails fast with a clear message when dist/ is missing (another build may be in progress). */
export function requireBuilt(): void {
  if (!existsSync(HOOK_JS) || !existsSync(join(BOSUN_ROOT, 'dist', 'cli.js'))) {
    throw new Error(`bosun is not built (${HOOK_JS} missing): run \`npm run build\` in ${BOSUN_ROOT}`);
  }
}

/** `bosun init --yes`: merges the hooks into .claude/settings.json and writes the agent files. */
export function bosunInit(repo: TmpRepo): BosunResult {
  requireBuilt();
  const args = ['init', '--yes'];
  const r = bosun(repo, args);
  if (r.code !== 0) throw new Error(describe(args, r));
  return r;
}

export interface LedgerDecision {
  id: number;
  /** ISO time (the JSON output converts epoch ms). */
  time: string;
  sessionId: string | null;
  agent: string;
  harness: string;
  tool: string;
  target: string | null;
  decision: 'allow' | 'deny' | 'ask';
  rule: string;
  reason: string;
}

export interface LedgerLog {
  ledger: string | null;
  decisions: LedgerDecision[];
  summary: { total: number; allow: number; deny: number; ask: number; [k: string]: unknown };
}

/** `bosun log --json` (every decision, oldest first). */
export function bosunLog(repo: TmpRepo, extra: string[] = []): LedgerLog {
  const args = ['log', '--json', '--limit', '10000', ...extra];
  const r = bosun(repo, args);
  if (r.code !== 0) throw new Error(describe(args, r));
  try {
    return JSON.parse(r.stdout) as LedgerLog;
  } catch {
    throw new Error(`bosun log --json printed no JSON\n${describe(args, r)}`);
  }
}

/** The ledger's decisions, one line each, for assertion messages. */
export function formatDecisions(decisions: readonly LedgerDecision[]): string {
  return decisions.map((d) => `${d.agent} ${d.tool} ${d.target ?? '-'} → ${d.decision} (${d.rule})`).join('\n');
}

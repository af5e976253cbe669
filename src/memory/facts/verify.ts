/** Re-checks the evidence of facts: the cited file still says it, the command still exits 0. IO. */
import { isAbsolute, join, resolve } from 'node:path';
import { readTextOrNull } from '../../shared/fs-atomic.ts';
import { isoDate } from './status.ts';
import type { Fact } from './types.ts';
import { readVault, updateFact, factNotFound, type VaultOptions } from './vault.ts';

export type VerifyOutcome = 'verified' | 'failed' | 'unchecked';

export interface FactCheck {
  id: string;
  outcome: VerifyOutcome;
  /** Why it failed or could not be checked; what was checked when verified. */
  detail: string;
}

export interface VerifyOptions extends VaultOptions {
  now: number;
  /** Only these facts; all when empty. */
  ids?: string[];
  /** Per command. */
  timeoutMs?: number;
  env: Record<string, string | undefined>;
  /** The user's home, for `~/` in evidence-file. */
  userHome?: string;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

export function evidencePath(file: string, vaultDir: string, userHome: string | undefined): string {
  if (file === '~' || file.startsWith('~/')) return userHome ? join(userHome, file.slice(1)) : file;
  return isAbsolute(file) ? file : resolve(vaultDir, file);
}

function tail(text: string, max = 200): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > max ? `…${t.slice(-max)}` : t;
}

function checkFile(fact: Fact, vaultDir: string, userHome: string | undefined): string | null {
  const file = fact.evidence.file!;
  const path = evidencePath(file, vaultDir, userHome);
  const text = readTextOrNull(path);
  if (text === null) return `evidence file ${path} is missing`;
  const cited = fact.evidence.text;
  if (cited !== undefined && !text.includes(cited)) return `evidence file ${path} no longer contains "${cited}"`;
  return null;
}

function checkCommand(command: string, opts: { cwd: string; timeoutMs: number; env: Record<string, string | undefined> }): string | null {
  // Loaded on use: this module is re-exported by memory/index.ts, which the hook bundle includes (lesson L007).
  const r = process.getBuiltinModule('node:child_process').spawnSync('sh', ['-c', command], { cwd: opts.cwd, env: opts.env, encoding: 'utf8', timeout: opts.timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], killSignal: 'SIGKILL' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `evidence command \`${command}\` timed out after ${Math.round(opts.timeoutMs / 1000)} s`;
  if (r.error) return `evidence command \`${command}\` could not run: ${r.error.message}`;
  if (r.signal) return `evidence command \`${command}\` was killed by ${r.signal}`;
  if (r.status !== 0) {
    const err = tail(r.stderr || r.stdout || '');
    return `evidence command \`${command}\` exited ${r.status}${err ? `: ${err}` : ''}`;
  }
  return null;
}

/** Checks one fact's evidence without writing anything. */
export function checkFact(fact: Fact, opts: { vaultDir: string; timeoutMs: number; env: Record<string, string | undefined>; userHome?: string }): FactCheck {
  const { evidence } = fact;
  if (evidence.file === undefined && evidence.command === undefined) {
    return { id: fact.id, outcome: 'unchecked', detail: `evidence cannot be checked mechanically (${evidence.note ?? 'no pointer'}): check it by hand, then \`bosun facts verify ${fact.id} --confirm\`` };
  }
  const checked: string[] = [];
  if (evidence.file !== undefined) {
    const failure = checkFile(fact, opts.vaultDir, opts.userHome);
    if (failure) return { id: fact.id, outcome: 'failed', detail: failure };
    checked.push(evidence.text !== undefined ? `${evidence.file} contains the cited text` : `${evidence.file} exists`);
  }
  if (evidence.command !== undefined) {
    const failure = checkCommand(evidence.command, { cwd: opts.vaultDir, timeoutMs: opts.timeoutMs, env: opts.env });
    if (failure) return { id: fact.id, outcome: 'failed', detail: failure };
    checked.push(`\`${evidence.command}\` exits 0`);
  }
  return { id: fact.id, outcome: 'verified', detail: checked.join('; ') };
}

/**
 * Verifies facts and writes the result: a verified fact gets today's date and loses its stale mark; any
 * other is marked stale with the reason (its verified date stays, so the record of the last good check
 * survives).
 */
export function verifyFacts(opts: VerifyOptions): FactCheck[] {
  const vault = readVault(opts);
  const wanted = opts.ids && opts.ids.length ? opts.ids : null;
  if (wanted) {
    const known = vault.facts.map((f) => f.id);
    for (const id of wanted) if (!known.includes(id)) throw factNotFound(id, vault.dir, known);
  }
  const facts = wanted ? vault.facts.filter((f) => wanted.includes(f.id)) : vault.facts;
  const today = isoDate(opts.now);
  const out: FactCheck[] = [];
  for (const fact of facts) {
    const check = checkFact(fact, { vaultDir: vault.dir, timeoutMs: opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, env: opts.env, ...(opts.userHome ? { userHome: opts.userHome } : {}) });
    updateFact(opts, fact.id, (current) =>
      check.outcome === 'verified' ? { ...current, verified: today, staleReason: null } : { ...current, staleReason: check.detail },
    );
    out.push(check);
  }
  return out;
}

/** A person vouches for a fact whose evidence cannot be checked (or was checked by hand): verified today. */
export function confirmFact(opts: VaultOptions & { now: number }, id: string): Fact {
  const today = isoDate(opts.now);
  return updateFact(opts, id, (current) => ({ ...current, verified: today, staleReason: null }));
}

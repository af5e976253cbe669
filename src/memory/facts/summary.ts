/** The compact vault summary that session start injects. */
import { errorMessage } from '../../shared/errors.ts';
import { factStatus } from './status.ts';
import { readVault } from './vault.ts';

export interface FactsSessionSummaryOptions {
  /** `$BOSUN_HOME` (default `~/.bosun`), resolved by the caller. */
  home: string;
  /** Epoch milliseconds. */
  now: number;
  /** Most facts listed (stale ones first); the rest are counted. Default 30. */
  maxFacts?: number;
}

export interface FactsSessionSummary {
  /** Compact markdown for session start; '' when the vault is empty or missing. */
  text: string;
  /** Facts past expiry, marked stale by verify, or in files that do not parse. */
  stale: number;
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Compact summary of the facts vault for session start. Never throws; runs no evidence command. */
export function factsSessionSummary(opts: FactsSessionSummaryOptions): FactsSessionSummary {
  let vault;
  try {
    vault = readVault({ home: opts.home });
  } catch (err) {
    return { text: `## Facts vault\n(unreadable: ${oneLine(errorMessage(err), 200)})\n`, stale: 0 };
  }
  const rows = vault.facts.map((f) => ({ fact: f, status: factStatus(f, opts.now) }));
  const badFiles = new Set(vault.problems.map((p) => p.file)).size;
  const stale = rows.filter((r) => r.status.state !== 'fresh').length + badFiles;
  if (rows.length === 0 && badFiles === 0) return { text: '', stale: 0 };
  rows.sort((a, b) => Number(a.status.state === 'fresh') - Number(b.status.state === 'fresh') || a.fact.id.localeCompare(b.fact.id));
  const max = opts.maxFacts ?? 30;
  const lines = [`## Facts vault (${rows.length} fact${rows.length === 1 ? '' : 's'}${stale ? `, ${stale} stale: run \`bosun facts stale\`` : ''})`];
  for (const { fact, status } of rows.slice(0, max)) {
    const flag = status.state === 'fresh' ? '' : ` — ${status.state.toUpperCase()}: ${oneLine(status.reason ?? '', 120)}`;
    lines.push(`- ${fact.id}: ${oneLine(fact.title, 140)} (owner ${oneLine(fact.owner, 40)}, verified ${fact.verified})${flag}`);
  }
  if (rows.length > max) lines.push(`- … ${rows.length - max} more: \`bosun facts list\``);
  if (badFiles) lines.push(`- ${badFiles} fact file${badFiles === 1 ? '' : 's'} cannot be read: \`bosun facts list\` names them`);
  lines.push('Trust fresh facts over guesses; do not act on stale ones without re-checking them.');
  return { text: lines.join('\n') + '\n', stale };
}

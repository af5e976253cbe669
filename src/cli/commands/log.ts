// `bosun log`: recent decisions from the ledger, newest last, then counts by decision.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { findRepoDirs } from '../../shared/git-dirs.ts';
import { DEFAULT_LIMIT, ledgerPath, openLedger } from '../../ledger/index.ts';
import type { DecisionQuery, DecisionRow, DecisionSummary } from '../../ledger/index.ts';
import { sessionEvidence, type SessionEvidence } from '../session-view.ts';

const HELP = `Usage: bosun log [--session S] [--agent A] [--limit N] [--json]

Shows the most recent decisions bosun's hooks made in this repository (all worktrees), oldest first,
then how many were allowed, denied and asked.

Options:
  --session S  only this session (a prefix of the id is enough)
  --agent A    only this agent
  --limit N    how many decisions to show (default ${DEFAULT_LIMIT})
  --json       one JSON object {ledger, decisions, summary}; reasons are never truncated
               (with --session also runs and verdicts: the session's evidence and claims)
  -h, --help   this text`;

const TARGET_MAX = 40;
const TARGET_MIN = 12;
/** Below this, a cut reason says nothing; the target column gives way first. */
const REASON_MIN = 24;
const SESSION_PREFIX = 8;

interface LogOptions {
  query: DecisionQuery;
  json: boolean;
}

function parse(args: string[]): LogOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        session: { type: 'string' },
        agent: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw usageError(`log: ${err instanceof Error ? err.message : String(err)}`, 'Run `bosun log --help` for usage.');
  }
  if (values.help) return null;
  const query: DecisionQuery = {};
  if (values.session !== undefined) query.session = values.session;
  if (values.agent !== undefined) query.agent = values.agent;
  if (values.limit !== undefined) {
    const limit = Number(values.limit);
    if (!/^\d+$/.test(values.limit) || !Number.isSafeInteger(limit) || limit < 1) {
      throw usageError(`log: --limit must be a positive whole number, got "${values.limit}"`, 'For example: bosun log --limit 200');
    }
    query.limit = limit;
  }
  return { query, json: values.json };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time to the second, without the year to save width (`--json` has full ISO times). */
function localTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

function truncateEnd(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return max <= 1 ? '…'.slice(0, max) : chars.slice(0, max - 1).join('') + '…';
}

/** Keeps both ends: a path's file name and a command's verb both survive. */
function truncateMiddle(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  const head = Math.ceil((max - 1) / 2);
  return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - (max - 1 - head)).join('');
}

const width = (s: string): number => [...s].length;

/** Where to cut reasons: the terminal's width, or $COLUMNS when piped; no cut when neither is known. */
function terminalWidth(): number | null {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const env = Number(process.env['COLUMNS']);
  return Number.isInteger(env) && env > 0 ? env : null;
}

function useColor(): boolean {
  return process.stdout.isTTY === true && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb';
}

const VERDICT_LABEL = { allow: 'allow', deny: 'DENY', ask: 'ask' } as const;
const VERDICT_COLOR = { allow: '', deny: '\x1b[1;31m', ask: '\x1b[33m' } as const;

const HEADER = ['TIME', 'SESSION', 'AGENT', 'TOOL', 'TARGET', 'DECISION', 'RULE'];
const TARGET_COL = HEADER.indexOf('TARGET');

function columnWidths(cells: string[][]): number[] {
  return HEADER.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i] ?? ''))));
}

function renderTable(rows: DecisionRow[], columns: number | null, color: boolean): string[] {
  const cells = rows.map((r) => [
    localTime(r.time),
    r.sessionId === null ? '-' : r.sessionId.slice(0, SESSION_PREFIX),
    r.agent,
    r.tool,
    r.target ?? '-',
    VERDICT_LABEL[r.decision],
    r.rule,
  ]);
  // The target column shrinks (keeping both ends) so the reason keeps some room on narrow terminals.
  const natural = columnWidths(cells);
  const others = natural.reduce((a, w, i) => (i === TARGET_COL ? a : a + w + 2), 2);
  const targetMax = columns === null ? TARGET_MAX : Math.max(TARGET_MIN, Math.min(TARGET_MAX, columns - others - REASON_MIN));
  for (const c of cells) c[TARGET_COL] = truncateMiddle(c[TARGET_COL] ?? '', targetMax);
  const widths = columnWidths(cells);
  const line = (c: string[]): string => c.map((v, i) => v + ' '.repeat((widths[i] ?? 0) - width(v))).join('  ');
  const prefixWidth = widths.reduce((a, w) => a + w + 2, 0);
  const reasonRoom = columns === null ? null : Math.max(REASON_MIN, columns - prefixWidth);
  const out = [line(HEADER) + '  REASON'];
  rows.forEach((r, i) => {
    const reason = r.reason.replace(/\s+/g, ' ');
    const text = line(cells[i] ?? []) + '  ' + (reasonRoom === null ? reason : truncateEnd(reason, reasonRoom));
    const tint = color ? VERDICT_COLOR[r.decision] : '';
    out.push(tint ? `${tint}${text}\x1b[0m` : text);
  });
  return out;
}

function renderSummary(s: DecisionSummary, shown: number): string[] {
  const counts = `${s.total} decision${s.total === 1 ? '' : 's'}: ${s.allow} allowed, ${s.deny} denied, ${s.ask} asked`;
  const more = s.total > shown ? ` (showing the last ${shown}; --limit for more)` : '';
  const rules = Object.entries(s.byRule)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return [counts + more, ...(rules ? [`by rule: ${rules}`] : [])];
}

const EMPTY_SUMMARY: DecisionSummary = { total: 0, allow: 0, deny: 0, ask: 0, byRule: {} };

function print(opts: LogOptions, ledger: string | null, decisions: DecisionRow[], summary: DecisionSummary, evidence?: SessionEvidence): void {
  if (opts.json) {
    const rows = decisions.map((d) => ({ ...d, time: new Date(d.time).toISOString() }));
    process.stdout.write(JSON.stringify({ ledger, decisions: rows, summary, ...(evidence ?? {}) }, null, 2) + '\n');
    return;
  }
  const lines = decisions.length ? [...renderTable(decisions, terminalWidth(), useColor()), ''] : [];
  const ev = evidence
    ? [
        '',
        'evidence (commands with exit codes):',
        ...evidence.runs.map((r) => `  ${r.time.slice(11, 19)} ${r.agent.padEnd(14)} ${r.source === 'bosun' ? '[bosun] ' : ''}${r.command.slice(0, 60)}  exit ${r.exitCode ?? '?'}${r.check ? ` (check ${r.check}${r.failed !== null ? `: ${r.passed} passed, ${r.failed} failed` : ''})` : ''}`),
        'verdicts:',
        ...evidence.verdicts.map((v) => `  ${v.time.slice(11, 19)} ${v.event} ${v.agent}: ${v.verdict.toUpperCase()}${v.claims.length ? ` — claims: ${v.claims.join(', ')}` : ''}`),
      ]
    : [];
  process.stdout.write([...lines, ...renderSummary(summary, decisions.length), ...ev].join('\n') + '\n');
}

export async function run(args: string[]): Promise<number> {
  const opts = parse(args);
  if (!opts) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const repo = findRepoDirs(process.cwd());
  if (!repo) {
    throw new BosunError({
      code: 'E_NOT_A_REPO',
      message: `log: ${process.cwd()} is not inside a git repository`,
      hint: 'The ledger lives in the repository\'s git dir; run `bosun log` from inside the repository (or one of its worktrees).',
      exitCode: EXIT.environment,
    });
  }
  const path = ledgerPath(repo.commonDir);
  if (!existsSync(path)) {
    process.stderr.write(`bosun: no ledger yet (${path}); the first hook call in this repository creates it.\n`);
    print(opts, null, [], EMPTY_SUMMARY);
    return EXIT.ok;
  }
  // Opened writable so a ledger from an older bosun is migrated in place; nothing else is written.
  const ledger = openLedger({ commonDir: repo.commonDir });
  try {
    const { limit: _limit, ...filter } = opts.query;
    const evidence = opts.query.session !== undefined ? sessionEvidence(ledger, opts.query.session) : undefined;
    print(opts, path, ledger.queryDecisions(opts.query), ledger.summary(filter), evidence);
  } finally {
    ledger.close();
  }
  return EXIT.ok;
}

// `bosun facts add|list|show|verify|stale`: the facts vault (docs/facts.md).
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import {
  addFact,
  checkFact,
  confirmFact,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_TTL_DAYS,
  factsDir,
  factStatus,
  FACT_ID,
  isoDate,
  parseTtl,
  readFact,
  readVault,
  renderFact,
  resolveBosunHome,
  slugify,
  verifyFacts,
  type Fact,
  type FactEvidence,
} from '../../memory/index.ts';
import { agentMarkers } from '../../shared/agent-env.ts';
import { BosunError, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';

const HELP = `Usage: bosun facts <add|list|show|verify|stale> [options]

The facts vault: canonical cross-project truths (server inventory, who owns what, architecture
decisions), one markdown file per fact in $BOSUN_HOME/facts/ (default ~/.bosun/facts), or in the
directory named by "factsDir" in $BOSUN_HOME/config.json, or by --dir. Each fact has an owner, an
evidence pointer, the date it was last verified and a time to live. Session start shows a summary.

Commands:
  add "<title>" --owner O (--file F [--cites TEXT] | --command CMD | --note TEXT) [--id ID] [--ttl 90d] [--body TEXT]
           check the evidence now and file the fact (refused when the evidence does not hold).
           --file: a file that must exist (relative paths: to the vault dir; ~/ is your home) and,
           with --cites, still contain TEXT. --command: must exit 0 (run by sh in the vault dir).
           --note: evidence that cannot be checked mechanically (a URL, a person).
  list     every fact with its state (fresh, expired, stale).
  show ID  one fact: its file and state.
  verify [ID...] [--timeout SECONDS] [--confirm]
           re-check evidence: success sets verified to today; a failure, or evidence that cannot be
           checked, marks the fact stale with the reason. --confirm (with IDs; not inside an agent
           session): you checked it by hand, mark it verified today without running anything.
  stale    facts past expiry, marked stale, or in files that do not parse (exit 1 when any).

Options:
  --dir DIR    the vault directory (default: config.json factsDir, else $BOSUN_HOME/facts)
  --json       machine-readable output
  -h, --help   this text

Exit codes: 0 ok; 1 evidence failed (add, verify) or stale facts exist (stale); 2 bad usage or unknown
fact; 3 an invalid fact file or config.json.`;

const OPTIONS = {
  owner: { type: 'string' },
  id: { type: 'string' },
  file: { type: 'string' },
  cites: { type: 'string' },
  command: { type: 'string' },
  note: { type: 'string' },
  ttl: { type: 'string' },
  body: { type: 'string' },
  timeout: { type: 'string' },
  confirm: { type: 'boolean', default: false },
  dir: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseFlags<typeof OPTIONS>>['values'];

const VERBS = ['add', 'list', 'show', 'verify', 'stale'] as const;
type Verb = (typeof VERBS)[number];

const FLAGS_OF: Record<Verb, string[]> = {
  add: ['owner', 'id', 'file', 'cites', 'command', 'note', 'ttl', 'body', 'timeout'],
  list: [],
  show: [],
  verify: ['timeout', 'confirm'],
  stale: [],
};

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function json(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function checkFlags(verb: Verb, values: Values): void {
  const allowed = new Set([...FLAGS_OF[verb], 'dir', 'json', 'help']);
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === false) continue;
    if (!allowed.has(k)) throw usageError(`facts ${verb}: --${k} does not apply`, 'Run `bosun facts --help` for usage.');
  }
}

function timeoutMs(values: Values): number {
  if (values.timeout === undefined) return DEFAULT_COMMAND_TIMEOUT_MS;
  const n = Number(values.timeout);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`facts: --timeout "${values.timeout}" is not a number of seconds`);
  return Math.round(n * 1000);
}

function describe(f: Fact, now: number): Record<string, unknown> {
  const s = factStatus(f, now);
  return { ...f, state: s.state, expires: s.expires, reason: s.reason };
}

function add(vault: { home: string; dir: string }, title: string | undefined, values: Values, wantJson: boolean): number {
  if (!title?.trim()) throw usageError('facts add: the title is required', 'bosun facts add "db1 is the primary database" --owner ops --file ~/infra/hosts --cites db1');
  if (!values.owner?.trim()) throw usageError('facts add: --owner is required (who answers for this fact?)');
  if (values.cites !== undefined && values.file === undefined) throw usageError('facts add: --cites needs --file (the file that must contain the text)');
  const evidence: FactEvidence = {};
  if (values.file !== undefined) evidence.file = values.file;
  if (values.cites !== undefined) evidence.text = values.cites;
  if (values.command !== undefined) evidence.command = values.command;
  if (values.note !== undefined) evidence.note = values.note;
  if (!evidence.file && !evidence.command && !evidence.note) throw usageError('facts add: evidence is required: --file F [--cites TEXT], --command CMD or --note TEXT');
  const id = values.id ?? slugify(title);
  if (!FACT_ID.test(id)) throw usageError(`facts add: "${id}" is not a valid id (lowercase letters, digits, dashes)`, 'pass --id');
  const ttlDays = values.ttl === undefined ? DEFAULT_TTL_DAYS : parseTtl(values.ttl);
  if (ttlDays === null) throw usageError(`facts add: --ttl "${values.ttl}" is not a number of days (90, 90d or 12w)`);
  const now = Date.now();
  // The title and the owner are one line each (list, show and session start print them on one line).
  const fact: Fact = { id, title: oneLine(title), owner: oneLine(values.owner), evidence, verified: isoDate(now), ttlDays, staleReason: null, body: values.body?.trim() ?? '' };
  const check = checkFact(fact, { vaultDir: vault.dir, timeoutMs: timeoutMs(values), env: process.env, userHome: homedir() });
  if (check.outcome === 'failed') {
    // The vault may be read from anywhere, so relative paths are the vault's: a path the user typed relative
    // to the current directory is the usual mistake — say so, with the path that would work.
    const here = evidence.file && !isAbsolute(evidence.file) && !evidence.file.startsWith('~/') ? resolve(evidence.file) : null;
    const hint = here && existsSync(here)
      ? `relative --file paths are relative to the vault (${vault.dir}), not to the current directory: pass --file ${here}`
      : 'point the evidence at something that holds today';
    throw new BosunError({ code: 'E_FACT_EVIDENCE', message: `facts add: ${check.detail}; nothing was filed`, hint, exitCode: EXIT.failure });
  }
  const file = addFact(vault, fact);
  if (wantJson) json({ file, fact: describe(fact, now), check });
  else out(`filed ${id} (${file})${check.outcome === 'verified' ? `: ${check.detail}` : ': evidence is a note, not checked'}`);
  return EXIT.ok;
}

function list(vault: { home: string; dir: string }, wantJson: boolean, onlyStale: boolean): number {
  const now = Date.now();
  const v = readVault(vault);
  const rows = v.facts.map((f) => ({ fact: f, status: factStatus(f, now) })).filter((r) => !onlyStale || r.status.state !== 'fresh');
  const bad = rows.length + v.problems.length > 0;
  if (wantJson) {
    json({ dir: v.dir, facts: rows.map((r) => describe(r.fact, now)), problems: v.problems });
    return onlyStale && bad ? EXIT.failure : EXIT.ok;
  }
  if (rows.length === 0 && v.problems.length === 0) {
    out(onlyStale ? `no stale facts in ${v.dir}` : `no facts in ${v.dir} yet: bosun facts add "<title>" --owner O --file F --cites TEXT`);
    return EXIT.ok;
  }
  for (const { fact, status } of rows) {
    out(`${status.state.padEnd(7)} ${fact.id}  ${fact.title}  (owner ${fact.owner}, verified ${fact.verified}, expires ${status.expires})${status.reason && status.state !== 'fresh' ? `\n        ${status.reason}` : ''}`);
  }
  for (const p of v.problems) out(`invalid ${p.file}: ${p.message}`);
  if (onlyStale) out('re-check with `bosun facts verify`; fix the evidence of the others, or delete their files to retire them.');
  return onlyStale && bad ? EXIT.failure : EXIT.ok;
}

function show(vault: { home: string; dir: string }, id: string | undefined, wantJson: boolean): number {
  if (!id) throw usageError('facts show: which fact? (bosun facts list names them)');
  const fact = readFact(vault, id);
  const now = Date.now();
  if (wantJson) {
    json(describe(fact, now));
    return EXIT.ok;
  }
  const s = factStatus(fact, now);
  out(`${renderFact(fact)}\nstate: ${s.state}; expires ${s.expires}${s.reason ? `; ${s.reason}` : ''}`);
  return EXIT.ok;
}

function verify(vault: { home: string; dir: string }, ids: string[], values: Values, wantJson: boolean): number {
  const now = Date.now();
  if (values.confirm) {
    if (ids.length === 0) throw usageError('facts verify --confirm: name the facts you checked by hand');
    const markers = agentMarkers(process.env);
    if (markers.length) {
      throw new BosunError({ code: 'E_AGENT_SESSION', message: `facts verify --confirm refuses to run inside an agent session (${markers.join(', ')} set)`, hint: 'a person vouches for a fact: run it yourself, outside the agent; agents run `bosun facts verify` without --confirm', exitCode: EXIT.failure });
    }
    const facts = ids.map((id) => confirmFact({ ...vault, now }, id));
    if (wantJson) json({ confirmed: facts.map((f) => describe(f, now)) });
    else for (const f of facts) out(`confirmed ${f.id}: verified ${f.verified}`);
    return EXIT.ok;
  }
  const checks = verifyFacts({ ...vault, now, ids, timeoutMs: timeoutMs(values), env: process.env, userHome: homedir() });
  const failed = checks.filter((c) => c.outcome !== 'verified').length;
  if (wantJson) json({ checks, failed });
  else {
    if (checks.length === 0) out(`no facts in ${vault.dir}`);
    for (const c of checks) out(`${c.outcome === 'verified' ? 'ok    ' : 'STALE '} ${c.id}: ${c.detail}`);
    if (failed) out(`${failed} fact${failed === 1 ? '' : 's'} marked stale.`);
  }
  return failed ? EXIT.failure : EXIT.ok;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('facts', args, OPTIONS);
  if (values.help) {
    out(HELP);
    return EXIT.ok;
  }
  const [verb, ...rest] = positionals;
  if (!verb || !(VERBS as readonly string[]).includes(verb)) {
    throw usageError(verb ? `facts: unknown command "${verb}" (add, list, show, verify or stale)` : 'facts: add, list, show, verify or stale?', 'Run `bosun facts --help` for usage.');
  }
  const v = verb as Verb;
  checkFlags(v, values);
  const home = resolveBosunHome(process.env, homedir());
  const vault = { home, dir: factsDir({ home, ...(values.dir ? { dir: resolve(values.dir) } : {}) }) };
  if (v !== 'add' && v !== 'verify' && v !== 'show' && rest.length) throw usageError(`facts ${v}: unexpected argument "${rest[0]}"`);
  if ((v === 'add' || v === 'show') && rest.length > 1) throw usageError(`facts ${v}: unexpected argument "${rest[1]}" (quote the title)`);
  switch (v) {
    case 'add':
      return add(vault, rest[0], values, values.json);
    case 'list':
      return list(vault, values.json, false);
    case 'stale':
      return list(vault, values.json, true);
    case 'show':
      return show(vault, rest[0], values.json);
    case 'verify':
      return verify(vault, rest, values, values.json);
  }
}

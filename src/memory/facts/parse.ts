/**
 * PURE: the fact file format. A front matter of `key: value` lines between `---` fences, then the body.
 * Values are plain text to the end of the line, or a JSON string in double quotes when they need leading
 * spaces, a `#`, quotes or newlines. No YAML parser: the format stays small enough to edit by hand.
 */
import { DEFAULT_TTL_DAYS, FACT_ID, type Fact, type FactEvidence } from './types.ts';

export interface FactIssue {
  file: string;
  message: string;
}

export type ParseFactResult = { ok: true; fact: Fact } | { ok: false; issues: FactIssue[] };

const KEYS = ['id', 'title', 'owner', 'verified', 'ttl', 'evidence-file', 'evidence-text', 'evidence-command', 'evidence-note', 'stale-reason'] as const;
type Key = (typeof KEYS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `90`, `90d`, `12w`: days. Null when not a positive whole number of days or weeks. */
export function parseTtl(text: string): number | null {
  const m = /^(\d{1,5})\s*([dw]?)$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1);
  return n > 0 ? n : null;
}

export function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function unquote(raw: string): string | null {
  const v = raw.trim();
  if (!v.startsWith('"')) return v;
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function suggestKey(key: string): string {
  const near = KEYS.find((k) => k.startsWith(key.slice(0, 4)) || key.includes(k));
  return near ? ` (did you mean "${near}"?)` : ` (known keys: ${KEYS.join(', ')})`;
}

/** Parses a fact file. `file` names it in issues; its base name must be `<id>.md`. Collects every issue. */
export function parseFact(text: string, file: string): ParseFactResult {
  const issues: FactIssue[] = [];
  const issue = (message: string): void => void issues.push({ file, message });
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { ok: false, issues: [{ file, message: 'expected a front matter starting with a `---` line' }] };
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return { ok: false, issues: [{ file, message: 'front matter has no closing `---` line' }] };
  const values = new Map<Key, string>();
  for (let i = 1; i < end; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^([A-Za-z][\w-]*)\s*:(.*)$/.exec(line);
    if (!m) {
      issue(`line ${i + 1}: expected \`key: value\`, got "${line.trim()}"`);
      continue;
    }
    const key = m[1]!.toLowerCase();
    if (!(KEYS as readonly string[]).includes(key)) {
      issue(`line ${i + 1}: unknown key "${key}"${suggestKey(key)}`);
      continue;
    }
    if (values.has(key as Key)) issue(`line ${i + 1}: "${key}" given twice`);
    const value = unquote(m[2] ?? '');
    if (value === null) {
      issue(`line ${i + 1}: ${key}: a quoted value must be a JSON string`);
      continue;
    }
    values.set(key as Key, value);
  }
  const get = (k: Key): string | undefined => {
    const v = values.get(k);
    return v === undefined || v === '' ? undefined : v;
  };

  const id = get('id');
  if (!id) issue('id: missing');
  else if (!FACT_ID.test(id)) issue(`id: "${id}" is not a slug (lowercase letters, digits and dashes)`);
  const base = file.split(/[\\/]/).pop() ?? file;
  if (id && base.endsWith('.md') && base !== `${id}.md`) issue(`id: "${id}" does not match the file name ${base} (rename one of them)`);
  const title = get('title');
  if (!title) issue('title: missing');
  const owner = get('owner');
  if (!owner) issue('owner: missing (who answers for this fact?)');
  const verified = get('verified');
  if (!verified) issue('verified: missing (YYYY-MM-DD)');
  else if (!isValidDate(verified)) issue(`verified: "${verified}" is not a date (YYYY-MM-DD)`);
  const ttlText = get('ttl');
  const ttlDays = ttlText === undefined ? DEFAULT_TTL_DAYS : parseTtl(ttlText);
  if (ttlDays === null) issue(`ttl: "${ttlText}" is not a number of days (90, 90d or 12w)`);

  const evidence: FactEvidence = {};
  const ef = get('evidence-file');
  const et = get('evidence-text');
  const ec = get('evidence-command');
  const en = get('evidence-note');
  if (ef) evidence.file = ef;
  if (et) evidence.text = et;
  if (ec) evidence.command = ec;
  if (en) evidence.note = en;
  if (et && !ef) issue('evidence-text: needs evidence-file (the file that must contain it)');
  if (!ef && !ec && !en) issue('evidence: missing; give evidence-file (+ evidence-text), evidence-command or evidence-note');

  if (issues.length) return { ok: false, issues };
  const body = lines.slice(end + 1).join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
  return {
    ok: true,
    fact: { id: id!, title: title!, owner: owner!, evidence, verified: verified!, ttlDays: ttlDays!, staleReason: get('stale-reason') ?? null, body },
  };
}

function value(v: string): string {
  // Plain when it reads back the same; JSON-quoted otherwise.
  return v === v.trim() && !/[\r\n"]/.test(v) && !v.startsWith('#') ? v : JSON.stringify(v);
}

/** Renders a fact back to its file text; `parseFact(renderFact(f))` gives `f` again. */
export function renderFact(fact: Fact): string {
  const out = ['---', `id: ${fact.id}`, `title: ${value(fact.title)}`, `owner: ${value(fact.owner)}`];
  if (fact.evidence.file !== undefined) out.push(`evidence-file: ${value(fact.evidence.file)}`);
  if (fact.evidence.text !== undefined) out.push(`evidence-text: ${value(fact.evidence.text)}`);
  if (fact.evidence.command !== undefined) out.push(`evidence-command: ${value(fact.evidence.command)}`);
  if (fact.evidence.note !== undefined) out.push(`evidence-note: ${value(fact.evidence.note)}`);
  out.push(`verified: ${fact.verified}`, `ttl: ${fact.ttlDays}d`);
  if (fact.staleReason !== null) out.push(`stale-reason: ${value(fact.staleReason)}`);
  out.push('---', '');
  return out.join('\n') + (fact.body ? `${fact.body}\n` : '');
}

/** A slug for a title: `The DB host` -> `the-db-host`. '' when nothing is left. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

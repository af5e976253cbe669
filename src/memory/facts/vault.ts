/** The vault on disk: `<dir>/<id>.md`, one fact per file. IO shell around parse.ts. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { readTextOrNull, writeFileAtomic, withLock } from '../../shared/fs-atomic.ts';
import { readBosunConfig } from '../shared/home.ts';
import { parseFact, renderFact, type FactIssue } from './parse.ts';
import { FACT_ID, type Fact } from './types.ts';

export interface VaultOptions {
  /** `$BOSUN_HOME`. */
  home: string;
  /** Overrides `config.json` `factsDir` and the default `<home>/facts`. */
  dir?: string;
}

/** The vault directory: the `dir` option, else `config.json` `factsDir`, else `<home>/facts`. */
export function factsDir(opts: VaultOptions): string {
  if (opts.dir) return opts.dir;
  return readBosunConfig(opts.home).factsDir ?? join(opts.home, 'facts');
}

export interface VaultContents {
  dir: string;
  facts: Fact[];
  /** Files that are not valid facts: they count as stale until fixed. */
  problems: FactIssue[];
}

/** Every `*.md` of the vault (README.md excepted), sorted by id. A missing directory is an empty vault. */
export function readVault(opts: VaultOptions): VaultContents {
  const dir = factsDir(opts);
  if (!existsSync(dir)) return { dir, facts: [], problems: [] };
  const facts: Fact[] = [];
  const problems: FactIssue[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md') || name.toLowerCase() === 'readme.md' || name.startsWith('.')) continue;
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const text = readTextOrNull(file);
    if (text === null) continue;
    const r = parseFact(text, file);
    if (r.ok) facts.push(r.fact);
    else problems.push(...r.issues);
  }
  return { dir, facts, problems };
}

export function factNotFound(id: string, dir: string, known: string[]): BosunError {
  return new BosunError({
    code: 'E_FACT_NOT_FOUND',
    message: `no fact "${id}" in ${dir}`,
    hint: known.length ? `known facts: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ' …' : ''}` : 'the vault is empty: bosun facts add "<title>" --owner O --file F --cites TEXT',
    exitCode: EXIT.usage,
  });
}

/** Reads one fact by id; an invalid file is E_FACT_INVALID (exit 3) naming every issue. */
export function readFact(opts: VaultOptions, id: string): Fact {
  const dir = factsDir(opts);
  if (!FACT_ID.test(id)) throw factNotFound(id, dir, []);
  const file = join(dir, `${id}.md`);
  const text = readTextOrNull(file);
  if (text === null) throw factNotFound(id, dir, readVault(opts).facts.map((f) => f.id));
  const r = parseFact(text, file);
  if (!r.ok) throw invalidFact(r.issues);
  return r.fact;
}

export function invalidFact(issues: FactIssue[]): BosunError {
  return new BosunError({
    code: 'E_FACT_INVALID',
    message: issues.map((i) => `${i.file}: ${i.message}`).join('\n'),
    hint: 'edit the file (format: docs/facts.md)',
    exitCode: EXIT.config,
  });
}

function lockFile(dir: string): string {
  return join(dir, '.facts.lock');
}

/** Writes a new fact; refuses when `<id>.md` exists. */
export function addFact(opts: VaultOptions, fact: Fact): string {
  const dir = factsDir(opts);
  const file = join(dir, `${fact.id}.md`);
  return withLock(lockFile(dir), { what: 'the facts vault', waitMs: 5000 }, () => {
    if (existsSync(file)) {
      throw new BosunError({ code: 'E_FACT_EXISTS', message: `fact "${fact.id}" already exists (${file})`, hint: 'choose another --id, or edit the file', exitCode: EXIT.failure });
    }
    writeFileAtomic(file, renderFact(fact));
    return file;
  });
}

/**
 * Applies `update` to the fact as it is on disk now (under the vault lock), so a hand edit made while a
 * slow command ran is not lost: only what `update` returns is written.
 */
export function updateFact(opts: VaultOptions, id: string, update: (current: Fact) => Fact): Fact {
  const dir = factsDir(opts);
  return withLock(lockFile(dir), { what: 'the facts vault', waitMs: 5000 }, () => {
    const next = update(readFact(opts, id));
    writeFileAtomic(join(dir, `${id}.md`), renderFact(next));
    return next;
  });
}

// `bosun lessons sync|search|review`: lessons across workspaces (docs/lessons.md); review is the close-out inbox.
import { homedir } from 'node:os';
import { lastSync, resolveBosunHome, searchLessons, lessonsPaths, syncLessons, type SearchHit, type SyncReport } from '../../memory/index.ts';
import { usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import type { CommandModule } from '../command.ts';
import { parseFlags } from '../args.ts';

const HELP = `Usage: bosun lessons <sync|search|status|review> [options]

Lessons across workspaces. The workspaces are registered with \`bosun workspaces add\`; everything lives
in $BOSUN_HOME/lessons/ (default ~/.bosun/lessons).

Commands:
  sync [--quiet]
           read every workspace's live lessons (private ones and workspaces that do not share stay
           home), write INDEX.md (one line per lesson; the same lesson from several workspaces is one
           line naming them all) and the full-text index lessons.db, then write to each workspace
           .bosun/memory/shared-lessons.md: the lessons of the OTHER workspaces that match it
           (generated, read-only, git-ignored). One sync at a time; a second one waits.
  search "<words>" [--limit N]
           ranked full-text search (bm25, stemmed) with where each lesson comes from. Every word must
           match; when no lesson has them all, lessons with any of them are shown. A trailing * is a
           prefix (deplo*). Other punctuation is taken literally.
  status   when the last sync ran and what it found.
  review   accept, edit or reject close-out candidates (see \`bosun lessons review --help\`).

Options:
  --json       machine-readable output
  -h, --help   this text

Exit codes: 0 ok (search: also when nothing matched); 1 a sync is already running and did not finish
in time, or a workspace had a problem (sync still writes the rest); 2 bad usage; 3 invalid
workspaces.json; 4 no index yet (search).`;

const OPTIONS = {
  limit: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function home(): string {
  return resolveBosunHome(process.env, homedir());
}

function describeSync(r: SyncReport): string {
  const lines = [`synced ${r.lessons} lesson${r.lessons === 1 ? '' : 's'} from ${r.workspaces.filter((w) => w.shared).length} sharing workspace(s) of ${r.workspaces.length} in ${r.durationMs} ms`, `  index: ${r.index}`];
  for (const w of r.workspaces) {
    const bits = [`${w.lessons} lessons`, w.shared ? 'shared' : `kept home (${w.keptHome ?? 'not shared'})`, w.received === null ? null : `received ${w.received}`].filter(Boolean);
    lines.push(`  ${w.name}: ${bits.join(', ')}${w.problem ? `\n    problem: ${w.problem}` : ''}`);
  }
  return lines.join('\n');
}

async function sync(json: boolean, quiet: boolean): Promise<number> {
  const report = await syncLessons({ home: home(), now: Date.now() });
  const problems = report.workspaces.filter((w) => w.problem);
  if (json) out(JSON.stringify(report, null, 2));
  else if (!quiet || problems.length) out(describeSync(report));
  return problems.length ? EXIT.failure : EXIT.ok;
}

function renderHit(h: SearchHit, i: number): string {
  const from = h.sources.map((s) => `${s.workspace}:${s.id}${s.date ? ` ${s.date}` : ''}`).join('; ');
  return `${String(i + 1).padStart(2)}. [${h.topic}] ${h.text}\n    ${from}`;
}

function search(query: string | undefined, limitArg: string | undefined, json: boolean): number {
  if (query === undefined || query.trim() === '') throw usageError('lessons search: what to search for? bosun lessons search "npm install slow"');
  const limit = limitArg === undefined ? 10 : Number(limitArg);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw usageError(`lessons search: --limit "${limitArg}" is not a whole number from 1 to 1000`);
  const r = searchLessons(lessonsPaths(home()).db, query, limit);
  if (json) {
    out(JSON.stringify({ query, mode: r.mode, hits: r.hits, more: r.more }, null, 2));
    return EXIT.ok;
  }
  if (!r.hits.length) {
    out(`no lesson matches "${query}"`);
    return EXIT.ok;
  }
  if (r.mode === 'any') out('(no lesson has every word; these have some)');
  out(r.hits.map(renderHit).join('\n'));
  if (r.more) out(`(more lessons match: the first ${limit} are shown; --limit ${Math.min(limit * 5, 1000)} shows more, or add words)`);
  return EXIT.ok;
}

function status(json: boolean): number {
  const last = lastSync(home());
  if (json) out(JSON.stringify({ lastSync: last }, null, 2));
  else out(last ? describeSync(last).replace(/^synced/, `last sync ${last.at}:`) : 'no sync yet: bosun lessons sync');
  return EXIT.ok;
}

/** `lessons review` belongs to the close-out inbox (lessons-review.ts), loaded only when asked for. */
async function review(args: string[]): Promise<number> {
  const mod: CommandModule = await import('./lessons-review.ts');
  return mod.run(args);
}

export async function run(args: string[]): Promise<number> {
  if (args[0] === 'review') return review(args.slice(1));
  const { values, positionals } = parseFlags('lessons', args, OPTIONS);
  if (values.help) {
    out(HELP);
    return EXIT.ok;
  }
  const [verb, ...rest] = positionals;
  if (verb !== 'search' && values.limit !== undefined) throw usageError('lessons: --limit applies to search only');
  if (verb !== 'sync' && values.quiet) throw usageError('lessons: --quiet applies to sync only');
  if (verb !== 'search' && rest.length) throw usageError(`lessons ${verb}: unexpected argument "${rest[0]}"`);
  switch (verb) {
    case 'sync':
      return sync(values.json, values.quiet);
    case 'search':
      return search(rest.join(' '), values.limit, values.json);
    case 'status':
      return status(values.json);
    default:
      throw usageError(verb ? `lessons: unknown command "${verb}" (sync, search, status or review)` : 'lessons: sync, search, status or review?', 'Run `bosun lessons --help` for usage.');
  }
}

// `bosun closeout`: mine a session transcript for candidate lessons and file them into the inbox.
import { loadFleet } from '../../fleet/index.ts';
import { closeoutPending, closeoutPendingSessions, closeoutSession, inboxDir, type SessionCloseout } from '../../memory/index.ts';
import { errorMessage, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun closeout [--session S | --transcript FILE | --pending] [--json]

Mines a session's transcript (Claude Code JSONL, with its subagents' transcripts) and the ledger's
deny decisions for candidate lessons: denied actions, commands that failed and were then made to
work (or passed on a retry with nothing changed), repeated failures, the user's corrections ("no",
"don't", "stop", "wrong", "instead" — in the person's own words, not in code or tool output),
reverted edits, and "Lesson: …" lines the agent wrote. Candidates go, with provenance (session,
time, transcript line, evidence), into the inbox in the git common dir, de-duplicated across
sessions; review them with \`bosun lessons review\`.

The next SessionStart runs \`bosun closeout --pending\` in the background for sessions that are over
and not closed out yet (\`memory.closeout: off\` in the fleet file turns that and the Stop checklist off).

Options:
  --session S        a session id (or a unique prefix); default: the most recent session with a transcript
  --transcript FILE  mine this transcript instead of the one the ledger recorded
  --pending          every session that ended (or has been idle 15 min) and is not closed out yet
  --quiet            one summary line (the background run's log)
  --json             machine-readable output
  -h, --help         this text

Exit codes: 0 ok (also when nothing was found); 2 bad usage or unknown session; 4 not a git repository
or the ledger cannot be read.`;

function parse(args: string[]) {
  const { values, positionals } = parseFlags('closeout', args, {
    session: { type: 'string' },
    transcript: { type: 'string' },
    pending: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (positionals.length) throw usageError(`closeout: unexpected argument "${positionals[0]}"`, 'Run `bosun closeout --help` for usage.');
  if (values.pending && (values.session !== undefined || values.transcript !== undefined)) throw usageError('closeout: --pending mines every due session; it takes no --session or --transcript');
  return values;
}

function describe(r: SessionCloseout): string {
  const subs = r.transcripts.length - 1;
  const head = `session ${r.sessionId}: `;
  if (r.error) return `${head}not mined: ${r.error}\n`;
  const what = `mined ${r.transcripts[0] ?? 'the transcript'}${subs > 0 ? ` and ${subs} subagent transcript${subs === 1 ? '' : 's'}` : ''}`;
  const counts = `${r.candidates.length} candidate${r.candidates.length === 1 ? '' : 's'} (${r.filed.added.length} new, ${r.filed.seen.length} already pending, ${r.filed.reviewed.length} already reviewed)`;
  const lines = r.candidates.filter((c) => !r.filed.reviewed.includes(c.id)).map((c) => `  ${c.id}  ${c.kind.padEnd(17)} ${c.text}`);
  return `${head}${what}: ${counts}\n${lines.map((l) => l + '\n').join('')}`;
}

async function closeoutOff(repo: { root: string; commonDir: string }): Promise<boolean> {
  try {
    const { fleet } = await loadFleet({ repoRoot: repo.root, commonDir: repo.commonDir });
    return fleet.memory.closeout === 'off';
  } catch (err) {
    process.stderr.write(`bosun closeout: the fleet file could not be loaded (${errorMessage(err)}); closing out anyway\n`);
    return false;
  }
}

export async function run(args: string[]): Promise<number> {
  const f = parse(args);
  if (f.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const repo = requireRepo();
  const now = Date.now();
  let results: SessionCloseout[];
  if (f.pending) {
    if (await closeoutOff(repo)) {
      if (f.json) process.stdout.write(JSON.stringify({ sessions: [], pending: closeoutPending({ commonDir: repo.commonDir, now }).candidates, off: true }, null, 2) + '\n');
      else process.stdout.write(`${f.quiet ? `${new Date(now).toISOString()} ` : ''}memory.closeout is off in the fleet file: nothing closed out.\n`);
      return EXIT.ok;
    }
    results = closeoutPendingSessions({ commonDir: repo.commonDir, now });
  } else {
    results = [closeoutSession({ commonDir: repo.commonDir, now, session: f.session ?? null, transcript: f.transcript ?? null })];
  }
  const pending = closeoutPending({ commonDir: repo.commonDir, now }).candidates;
  if (f.json) {
    process.stdout.write(JSON.stringify({ inbox: inboxDir(repo.commonDir), pending, sessions: results.map((r) => ({ ...r, filed: r.filed })) }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (f.quiet) {
    // The background run's log (<common dir>/bosun/memory/closeout.log): one line per run, errors in full.
    for (const r of results) if (r.error) process.stderr.write(`${new Date(now).toISOString()} ${describe(r)}`);
    const added = results.reduce((n, r) => n + r.filed.added.length, 0);
    process.stdout.write(`${new Date(now).toISOString()} closeout${f.pending ? ' --pending' : ''}: ${results.length} session(s) mined [${results.map((r) => r.sessionId).join(' ')}], ${added} new candidate(s), ${pending} pending\n`);
    return EXIT.ok;
  }
  if (results.length === 0) process.stdout.write('no session is due for a close-out.\n');
  for (const r of results) process.stdout.write(describe(r));
  if (pending > 0) process.stdout.write(`${pending} candidate${pending === 1 ? '' : 's'} waiting: bosun lessons review\n`);
  return EXIT.ok;
}

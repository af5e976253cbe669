import { openLedger, ledgerPath, type Ledger, type SessionRow } from '../../ledger/index.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { existsSync } from 'node:fs';
import { requireRepo } from '../repo-context.ts';
import { sessionEvidence } from '../session-view.ts';

const HELP = `Usage: bosun status [--session S] [--limit N] [--json]

Per session (most recent first): the agent, tool calls allowed and denied, the checks that ran
(by the agent or by bosun) with their results, the claims of the final message, and the verdict:
VERIFIED (claims proven by fresh passing runs), BLOCKED (a stop was refused), UNVERIFIED (bosun gave
up after its block cap: the claims were never proven), UNCHECKED (no check proves the claims),
no claims.`;

interface SessionStatus {
  session: string;
  agent: string | null;
  startedAt: string;
  lastSeenAt: string;
  decisions: { allow: number; deny: number; ask: number };
  runs: Array<{ check: string | null; command: string; source: string; exitCode: number | null; passed: number | null; failed: number | null; time: string; agent: string }>;
  verdicts: Array<{ time: string; event: string; agent: string; verdict: string; claims: string[]; reason: string }>;
  verdict: string;
}

function statusOf(ledger: Ledger, s: SessionRow): SessionStatus {
  const sum = ledger.summary({ session: s.id });
  const { runs: allRuns, verdicts } = sessionEvidence(ledger, s.id);
  const runs = allRuns.filter((r) => r.check !== null);
  // The session's verdict is the worst of each agent instance's latest one: an UNVERIFIED subagent
  // is not hidden by a main agent that claimed nothing.
  const latest = new Map<string, string>();
  for (const v of ledger.sessionVerdicts(s.id)) latest.set(`${v.event === 'Stop' ? 'main' : (v.agentId ?? v.agent)}`, v.verdict);
  const order = ['unverified', 'blocked', 'unchecked', 'verified', 'no-claims'];
  const worst = [...latest.values()].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
  return {
    session: s.id,
    agent: s.agent,
    startedAt: new Date(s.startedAt).toISOString(),
    lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    decisions: { allow: sum.allow, deny: sum.deny, ask: sum.ask },
    runs,
    verdicts,
    verdict: worst ?? 'none',
  };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags('status', args, { session: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const dirs = requireRepo();
  if (!existsSync(ledgerPath(dirs.commonDir))) {
    if (values.json) process.stdout.write('{"sessions":[]}\n');
    else process.stderr.write('No ledger yet: no hook has run in this repository.\n');
    return EXIT.ok;
  }
  const limit = values.limit ? Number(values.limit) : 10;
  const ledger = openLedger({ commonDir: dirs.commonDir });
  try {
    const sessions = ledger.querySessions({ limit: 500 }).filter((s) => !values.session || s.id.startsWith(values.session)).slice(0, limit);
    const out = sessions.map((s) => statusOf(ledger, s));
    if (values.json) {
      process.stdout.write(JSON.stringify({ sessions: out }, null, 2) + '\n');
      return EXIT.ok;
    }
    for (const s of out) {
      process.stdout.write(`session ${s.session.slice(0, 8)}  ${s.agent ?? '?'}  ${s.lastSeenAt.slice(0, 19).replace('T', ' ')}  verdict ${s.verdict.toUpperCase()}  (${s.decisions.allow} allowed, ${s.decisions.deny} denied)\n`);
      for (const r of s.runs) process.stdout.write(`    ran ${r.check} (${r.source === 'bosun' ? 'by bosun' : `by ${r.agent}`}): exit ${r.exitCode ?? '?'}${r.failed !== null ? `, ${r.passed} passed, ${r.failed} failed` : ''}\n`);
      for (const v of s.verdicts) process.stdout.write(`    ${v.event} ${v.agent}: ${v.verdict.toUpperCase()}${v.claims.length ? ` — claims: ${v.claims.join(', ')}` : ''}\n`);
    }
    if (out.length === 0) process.stdout.write('No sessions recorded.\n');
    return EXIT.ok;
  } finally {
    ledger.close();
  }
}

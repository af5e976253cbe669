import type { Ledger } from '../ledger/index.ts';

/** With --session: the evidence and verdicts of the session (issue 3: claims, evidence, verdict). */
export interface SessionEvidence {
  runs: Array<{ time: string; agent: string; source: string; command: string; check: string | null; exitCode: number | null; passed: number | null; failed: number | null }>;
  verdicts: Array<{ time: string; event: string; agent: string; verdict: string; claims: string[]; reason: string }>;
}

export function sessionEvidence(ledger: Ledger, session: string): SessionEvidence {
  const id = ledger.querySessions({ limit: 1000 }).find((x) => x.id.startsWith(session))?.id ?? session;
  return {
    runs: ledger.sessionRuns(id).map((r) => ({ time: new Date(r.time).toISOString(), agent: r.agent, source: r.source, command: r.command, check: r.checkName, exitCode: r.exitCode, passed: r.summary?.passed ?? null, failed: r.summary?.failed ?? null })),
    verdicts: ledger.sessionVerdicts(id).map((v) => ({
      time: new Date(v.time).toISOString(),
      event: v.event,
      agent: v.agent,
      verdict: v.verdict,
      claims: Array.isArray(v.claims) ? v.claims.map((c) => String((c as { kind?: unknown }).kind)) : [],
      reason: v.reason,
    })),
  };
}


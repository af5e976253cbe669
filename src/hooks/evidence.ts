import { posix } from 'node:path';
import type { Fleet } from '../fleet/index.ts';
import type { Ledger } from '../ledger/index.ts';
import { analyzeShell } from '../policy/index.ts';
import { excerpt, matchCheckDetailed, parseTestSummary } from '../verify/index.ts';
import type { HookEvent } from './types.ts';

const TAIL = 4096;

export interface EvidenceContext {
  ledger: Ledger;
  fleet: Fleet;
  agent: string;
  repoRoot: string;
  home: string | null;
  now: number;
}

/**
 * PostToolUse / PostToolUseFailure: what ran and with which exit status, and what changed. The
 * failure payload's `error` starts with `Exit code N`; a success is exit 0.
 */
export function recordEvidence(ev: HookEvent, c: EvidenceContext): void {
  const base = { time: c.now, sessionId: ev.sessionId, agent: c.agent, agentId: ev.agentId };
  for (const a of ev.actions) {
    if (a.kind === 'edit') c.ledger.recordEdit({ ...base, tool: ev.tool ?? '', path: a.path });
    if (a.kind !== 'bash' || ev.background) continue;
    const output = ev.output ?? '';
    const match = matchCheckDetailed(a.command, c.fleet.checks, { repoRoot: c.repoRoot, cwd: ev.cwd });
    const isCheck = match !== null && !match.narrowed;
    c.ledger.recordRun({
      ...base,
      source: 'agent',
      command: a.command,
      cwd: ev.cwd,
      checkName: isCheck ? match.check : null,
      masked: isCheck && match.masked,
      exitCode: ev.event === 'PostToolUseFailure' ? (ev.exitCode ?? null) : 0,
      durationMs: ev.durationMs ?? null,
      timedOut: false,
      outputTail: excerpt(output, TAIL),
      summary: parseTestSummary(output),
    });
    if (isCheck) continue;
    // A shell command that writes inside the repository is an edit: runs before it prove nothing.
    const shell = analyzeShell(a.command, { cwd: ev.cwd, home: c.home, repoRoot: c.repoRoot });
    const inRepo = (p: string): boolean => p === c.repoRoot || p.startsWith(c.repoRoot + '/');
    const touched = new Set(shell.writes.map((w) => w.path).filter(inRepo));
    if (shell.commands.some((x) => x.effect === 'unknown')) touched.add(posix.normalize(ev.cwd));
    for (const path of touched) c.ledger.recordEdit({ ...base, tool: 'Bash', path });
  }
}

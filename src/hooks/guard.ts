import { posix } from 'node:path';
import { loadFleet, type Fleet } from '../fleet/index.ts';
import { openLedger, type Ledger } from '../ledger/index.ts';
import { analyzeShell, evaluate, FLEET_FILE, type Decision, type PolicyContext, type ShellAnalysis } from '../policy/index.ts';
import { BosunError } from '../shared/errors.ts';
import { EXIT } from '../shared/exit-codes.ts';
import { findRepoDirs, type RepoDirs } from '../shared/git-dirs.ts';
import { resolveAgent } from './agent.ts';
import { withChanges, withRealTargets } from './real-targets.ts';
import type { HookDeps, HookEvent, HookResponse } from './types.ts';

export function repoFor(ev: HookEvent, deps: HookDeps): RepoDirs {
  const dirs = findRepoDirs(ev.cwd) ?? (deps.env['CLAUDE_PROJECT_DIR'] ? findRepoDirs(deps.env['CLAUDE_PROJECT_DIR']) : null);
  if (!dirs) {
    throw new BosunError({
      code: 'E_NO_REPO',
      message: `no git repository at ${ev.cwd} (nor at CLAUDE_PROJECT_DIR)`,
      hint: 'bosun scopes agents per repository: start the session inside a git repository that ran `bosun init`.',
      exitCode: EXIT.environment,
    });
  }
  return dirs;
}

/** Combines every action of one tool call; deny wins. Each command line is analysed once, for both uses. */
function decide(fleet: Fleet, agent: string, ev: HookEvent, ctx: PolicyContext): Decision {
  const analyses = new Map<string, ShellAnalysis>();
  const shellOf = (command: string): ShellAnalysis => {
    let s = analyses.get(command);
    if (!s) analyses.set(command, (s = analyzeShell(command, { cwd: ctx.cwd, home: ctx.home, repoRoot: ctx.repoRoot })));
    return s;
  };
  let worst: Decision | undefined;
  for (const a of withRealTargets(withChanges(ev.actions, ev.cwd, ev.proposed), ev.cwd, ctx.repoRoot, (c) => shellOf(c).writes)) {
    const d = evaluate(fleet, agent, a, a.kind === 'bash' ? { ...ctx, shell: shellOf(a.command) } : ctx);
    if (!worst || d.decision === 'deny' || (d.decision === 'ask' && worst.decision === 'allow')) worst = d;
    if (d.decision === 'deny') break;
  }
  return worst ?? { decision: 'allow', rule: 'run-scope', reason: `${ev.tool ?? 'this tool'} is not scoped by bosun` };
}

/** Did this tool call write the fleet file? A shell command counts when its analysis finds the write. */
function fleetTouched(ev: HookEvent, repoRoot: string, home: string | null): boolean {
  if (ev.event !== 'PostToolUse') return false;
  const fleetAbs = posix.join(repoRoot, FLEET_FILE);
  return ev.actions.some((a) => {
    if (a.kind === 'edit') return posix.resolve(ev.cwd, a.path) === fleetAbs;
    if (a.kind !== 'bash' || !a.command.includes('fleet')) return false;
    return analyzeShell(a.command, { cwd: ev.cwd, home, repoRoot }).writes.some((w) => w.path === fleetAbs || (w.recursive && fleetAbs.startsWith(w.path + '/')));
  });
}

/** Records a fleet-file change (by hash) the first time any hook sees it, and who made it. */
export function noteFleetChange(ledger: Ledger, ev: HookEvent, agent: string, hash: string, file: string, now: number, where: { root: string; home: string | null }): void {
  const byAgent = fleetTouched(ev, where.root, where.home);
  ledger.noteFleetHash({ time: now, hash, sessionId: ev.sessionId, agent: byAgent ? agent : null, byAgent, file });
}

/**
 * PreToolUse: the policy decision for one tool call, recorded. This is the whole of the guard bundle
 * (dist/hook-guard.cjs): every tool call pays for what this file loads, so nothing else belongs here.
 */
export async function handleGuard(ev: HookEvent, deps: HookDeps): Promise<HookResponse> {
  const dirs = repoFor(ev, deps);
  const { fleet, hash, file } = await loadFleet({ repoRoot: dirs.root, commonDir: dirs.commonDir });
  const agent = resolveAgent(fleet, deps.env, ev.agentHint);
  const now = deps.now();
  const ledger = openLedger({ commonDir: dirs.commonDir });
  try {
    const ctx: PolicyContext = { repoRoot: dirs.root, cwd: ev.cwd, gitDir: dirs.gitDir, commonDir: dirs.commonDir, tempDirs: deps.tempDirs, home: deps.home };
    const decision = decide(fleet, agent, ev, ctx);
    ledger.batch(() => {
      ledger.touchSession({ id: ev.sessionId ?? 'unknown', time: now, harness: ev.harness, cwd: ev.cwd, agent, transcriptPath: ev.transcriptPath });
      noteFleetChange(ledger, ev, agent, hash, file, now, { root: dirs.root, home: deps.home });
      ledger.recordDecision({ time: now, sessionId: ev.sessionId, agent, harness: ev.harness, tool: ev.tool ?? '', target: ev.target, decision: decision.decision, rule: decision.rule, reason: decision.reason });
    });
    return { kind: 'decision', decision };
  } finally {
    ledger.close();
  }
}

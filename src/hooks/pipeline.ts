import { loadFleet } from '../fleet/index.ts';
import { openLedger } from '../ledger/index.ts';
import { BosunError } from '../shared/errors.ts';
import { handleGuard, noteFleetChange, repoFor } from './guard.ts';
import { resolveAgent } from './agent.ts';
import type { HookDeps, HookEvent, HookResponse } from './types.ts';

/** Every hook event: PreToolUse is the guard (guard.ts); the others record evidence, verify stops and load memory. */
export async function handleEvent(ev: HookEvent, deps: HookDeps): Promise<HookResponse> {
  if (ev.event === 'PreToolUse') return handleGuard(ev, deps);
  const dirs = repoFor(ev, deps);
  let loaded: Awaited<ReturnType<typeof loadFleet>>;
  try {
    loaded = await loadFleet({ repoRoot: dirs.root, commonDir: dirs.commonDir });
  } catch (err) {
    // Without a valid fleet every tool call is denied: a new session should hear why at once, and still get its memory.
    if (!(err instanceof BosunError) || (ev.event !== 'SessionStart' && ev.event !== 'SubagentStart')) throw err;
    const { sessionStartContext } = await import('./session-start.ts');
    const warning = `bosun cannot read the fleet file, so every tool call will be denied until it is fixed: ${err.message}${err.hint ? ` (${err.hint})` : ''}. Tell the user; \`bosun fleet validate\` lists the problems.`;
    return sessionStartContext(ev, { budget: null, dirs, deps, warning });
  }
  const { fleet, hash, file } = loaded;
  const agent = resolveAgent(fleet, deps.env, ev.agentHint);
  const now = deps.now();
  const ledger = openLedger({ commonDir: dirs.commonDir });
  try {
    // Loaded only where needed: PreToolUse (every tool call) never evaluates the verification modules.
    const recordEvidence = ev.event === 'PostToolUse' || ev.event === 'PostToolUseFailure' ? (await import('./evidence.ts')).recordEvidence : null;
    ledger.batch(() => {
      ledger.touchSession({ id: ev.sessionId ?? 'unknown', time: now, harness: ev.harness, cwd: ev.cwd, agent: ev.agentHint ? null : agent, transcriptPath: ev.agentHint ? null : ev.transcriptPath, ended: ev.event === 'SessionEnd' });
      noteFleetChange(ledger, ev, agent, hash, file, now, { root: dirs.root, home: deps.home });
      ledger.recordEvent({
        time: now,
        sessionId: ev.sessionId,
        agent,
        harness: ev.harness,
        event: ev.event,
        tool: ev.tool,
        target: ev.target,
        data: eventData(ev),
      });
      if (recordEvidence) recordEvidence(ev, { ledger, fleet, agent, repoRoot: dirs.root, home: deps.home, now });
    });
    if ((ev.event === 'Stop' || ev.event === 'SubagentStop') && ev.sessionId) {
      const { stopSequence } = await import('./stop.ts');
      return await stopSequence(ev, { ledger, fleet, agent, deps, dirs });
    }
    if (ev.event === 'SessionStart' || ev.event === 'SubagentStart') {
      const { sessionStartContext } = await import('./session-start.ts');
      return await sessionStartContext(ev, { budget: fleet.memory.budget, dirs, deps });
    }
    if (ev.event === 'PostToolUse') {
      const { memoryDriftAfterEdit } = await import('./memory-drift.ts');
      return memoryDriftAfterEdit(ev, { ledger, fleet, dirs, agent, deps }) ?? { kind: 'none' };
    }
    return { kind: 'none' };
  } finally {
    ledger.close();
  }
}

function eventData(ev: HookEvent): Record<string, unknown> | undefined {
  const d: Record<string, unknown> = {};
  if (ev.exitCode !== undefined) d['exitCode'] = ev.exitCode;
  if (ev.error !== undefined) d['error'] = ev.error.slice(-2000);
  if (ev.durationMs !== undefined && ev.durationMs !== null) d['durationMs'] = ev.durationMs;
  if (ev.agentId) d['agentId'] = ev.agentId;
  if (ev.stopHookActive !== undefined) d['stopHookActive'] = ev.stopHookActive;
  if (ev.lastAssistantMessage) d['lastAssistantMessage'] = ev.lastAssistantMessage.slice(0, 4000);
  return Object.keys(d).length ? d : undefined;
}

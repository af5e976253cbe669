import type { Fleet } from '../fleet/index.ts';
import type { Ledger } from '../ledger/index.ts';
import { verifyStop } from '../verify/index.ts';
import type { RepoDirs } from '../shared/git-dirs.ts';
import { verifyOff } from '../shared/opt-out.ts';
import { closeoutAtStop } from './closeout.ts';
import { memoryDebtAtStop } from './memory-drift.ts';
import type { HookDeps, HookEvent, HookResponse } from './types.ts';

/**
 * Stop / SubagentStop, in order, at most one block per stop: the verification of claims; then an unpaid
 * memory debt; then the close-out checklist. Memory never blocks in the same stop as a verification block,
 * and only once verification let the stop through.
 */
export async function stopSequence(ev: HookEvent, c: { ledger: Ledger; fleet: Fleet; agent: string; deps: HookDeps; dirs: RepoDirs }): Promise<HookResponse> {
  const verified = await verifyAtStop(ev, c);
  if (verified.kind === 'block') return verified;
  const mc = { ledger: c.ledger, fleet: c.fleet, dirs: c.dirs, agent: c.agent, deps: c.deps };
  return memoryDebtAtStop(ev, mc) ?? closeoutAtStop(ev, mc) ?? verified;
}

/**
 * Stop / SubagentStop: the agent's claims against the evidence. A block's reason becomes the
 * agent's next instruction; after `verify.max_blocks` blocks in a row the stop is let through and
 * recorded as UNVERIFIED, well before Claude Code's own cap, so a session never loops forever.
 */
export async function verifyAtStop(ev: HookEvent, c: { ledger: Ledger; fleet: Fleet; agent: string; deps: HookDeps }): Promise<HookResponse> {
  if (verifyOff(c.deps.env)) return { kind: 'none' };
  const { verdict } = await verifyStop({
    ledger: c.ledger,
    fleet: c.fleet,
    sessionId: ev.sessionId!,
    agent: c.agent,
    agentId: ev.event === 'SubagentStop' ? ev.agentId : null,
    event: ev.event,
    message: ev.lastAssistantMessage ?? null,
    stopHookActive: ev.stopHookActive === true,
    cwd: ev.cwd,
    env: c.deps.env as NodeJS.ProcessEnv,
    now: c.deps.now,
  });
  return verdict.outcome === 'blocked' ? { kind: 'block', reason: verdict.reason } : { kind: 'none' };
}

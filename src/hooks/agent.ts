import type { Fleet } from '../fleet/index.ts';

/**
 * Which fleet agent a hook event belongs to: the harness's own subagent name when the event comes
 * from inside a subagent (Claude Code's `agent_type`), else BOSUN_AGENT (set by `bosun run` for the
 * session's main agent), else the fleet's default agent. Unknown names are left for the policy to deny.
 *
 * The subagent name goes first on purpose: hook processes inherit the session's environment, so
 * BOSUN_AGENT is the same inside every subagent; letting it win would give a read-only subagent the
 * scope of the agent that launched the session. Escalation the other way (a read-only agent
 * spawning an editor) is stopped by the spawn rule.
 */
export function resolveAgent(fleet: Fleet, env: Record<string, string | undefined>, hint: string | null): string {
  if (hint) return fleet.aliases[hint] ?? hint;
  const fromEnv = env['BOSUN_AGENT']?.trim();
  if (fromEnv) return fromEnv;
  return fleet.default_agent;
}

/** Turns a validated fleet file into the resolved `Fleet`, filling the defaults that depend on other values. Pure. */
import type { AgentFile, FleetFile } from './schema.ts';
import { CLAIM_KINDS, DEFAULT_CLAIM_CHECKS, type AgentSpec, type ClaimKind, type Fleet } from './types.ts';

function resolveAgent(name: string, spec: AgentFile, allAgents: readonly string[]): AgentSpec {
  return {
    name,
    role: spec.role,
    autonomy: spec.autonomy,
    read: spec.read,
    edit: spec.edit,
    run: spec.run,
    spawn: spec.spawn ?? [...allAgents],
    web: spec.web,
    // An agent that may not edit gets no MCP tools by default: MCP tools can write where bosun cannot see.
    mcp: spec.mcp ?? (spec.edit.length > 0 ? ['*'] : []),
  };
}

function claimChecks(given: Record<string, string[]>, checks: Record<string, string>): Record<ClaimKind, string[]> {
  const out = {} as Record<ClaimKind, string[]>;
  for (const k of CLAIM_KINDS) out[k] = given[k] ?? DEFAULT_CLAIM_CHECKS[k].filter((c) => c in checks);
  return out;
}

export function resolveFleet(file: FleetFile): Fleet {
  const names = Object.keys(file.agents);
  const agents: Record<string, AgentSpec> = {};
  for (const [name, spec] of Object.entries(file.agents)) agents[name] = resolveAgent(name, spec, names);
  return {
    version: file.version,
    default_agent: file.default_agent,
    steward: file.steward ?? null,
    checks: file.checks,
    verify: {
      claims: claimChecks(file.verify.claims, file.checks),
      max_blocks: file.verify.max_blocks,
      timeout_seconds: file.verify.timeout_seconds,
    },
    agents,
    aliases: file.aliases,
    ownership: Object.entries(file.ownership).map(([pattern, owners]) => ({ pattern, owners })),
    protected: file.protected,
    memory: file.memory,
    policy: file.policy,
    gates: file.gates,
    deploy: file.deploy,
  };
}

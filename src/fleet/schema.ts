/**
 * The one description of `.bosun/fleet.yaml`. The validator, the JSON Schema (`bosun schema`) and the
 * `FleetFile` type all derive from it; `resolve.ts` turns a `FleetFile` into the `Fleet` the rest of
 * bosun uses, filling the defaults that depend on other values (`defaultNote`).
 */
import { array, boolean, constant, enumOf, free, integer, object, record, string, type Infer } from './schema-dsl.ts';
import { AUTONOMY_MODES, CLAIM_KINDS } from './types.ts';

const repoGlobs = (description: string, fallback: readonly string[]) =>
  array({
    description,
    items: string({ description: 'A glob relative to the repository root.', format: 'repo-glob' }),
    default: fallback,
  });

const agentRef = (description: string) => string({ description, ref: 'agent', format: 'agent-name' });

const AGENT_SCHEMA = object({
  description: 'One agent: a narrow role with its own scopes.',
  properties: {
    role: string({ description: 'What the agent is for, in a sentence or two.', required: true, format: 'non-empty' }),
    autonomy: enumOf({
      description: 'plan-only: proposes, never changes anything; review: changes need human review; auto-apply: changes apply without review.',
      values: AUTONOMY_MODES,
      default: 'review',
    }),
    read: repoGlobs('Globs the agent may read.', ['**']),
    edit: repoGlobs('Globs the agent may create, change or delete.', []),
    run: array({
      description: 'Command patterns the agent may run ("npm *", "git log *"). "@read-only" allows every command bosun knows to be read-only.',
      items: string({ description: 'A command pattern, or "@read-only".', format: 'run-pattern' }),
      default: [],
    }),
    spawn: array({
      description: 'Fleet agents this agent may start as subagents.',
      items: agentRef('The name of an agent in this fleet.'),
      defaultNote: 'every agent in the fleet',
    }),
    web: array({
      description: 'Host globs the agent may fetch or search ("*.python.org").',
      items: string({ description: 'A host glob.', format: 'non-empty' }),
      default: ['*'],
    }),
    mcp: array({
      description: 'MCP tool globs the agent may call ("mcp__github__*").',
      items: string({ description: 'An MCP tool glob.', format: 'non-empty' }),
      defaultNote: '["*"] when the agent may edit anything, else []',
    }),
  },
});

export const FLEET_SCHEMA = object({
  description: 'The bosun fleet: agents with scoped permissions, path ownership, protected paths, checks and memory budgets.',
  properties: {
    version: constant({ description: 'Version of the fleet file format.', value: 1, required: true }),
    default_agent: string({
      description: 'The agent a session runs as when it names none.',
      ref: 'agent',
      format: 'agent-name',
      required: true,
    }),
    steward: agentRef('The only agent that may change the fleet definition and hook wiring.'),
    checks: record({
      description: 'Named commands used by stop verification and gates (name -> command).',
      keys: string({ description: 'A check name.', format: 'non-empty' }),
      values: string({ description: 'The command to run.', format: 'non-empty' }),
      defines: 'check',
    }),
    verify: object({
      description: 'Stop-time verification of what agents claim.',
      properties: {
        claims: record({
          description: `Which checks prove a claim (claim kind -> check names). Kinds: ${CLAIM_KINDS.join(', ')}. Unlisted kinds use the default mapping.`,
          keys: string({ description: 'A claim kind.', format: 'claim-kind' }),
          values: array({ description: 'Check names from `checks`.', items: string({ description: 'A check name.', ref: 'check', format: 'non-empty' }) }),
        }),
        max_blocks: integer({ description: 'Stop blocks per session before bosun lets the agent stop and records it UNVERIFIED (Claude Code gives up after 8).', minimum: 1, maximum: 7, default: 3 }),
        timeout_seconds: integer({ description: 'Timeout of a check bosun runs itself at stop.', minimum: 1, default: 300 }),
      },
    }),
    agents: record({
      description: 'The agents of the fleet, by name.',
      keys: string({ description: 'An agent name.', format: 'agent-name' }),
      values: AGENT_SCHEMA,
      defines: 'agent',
      minProperties: 1,
      required: true,
    }),
    aliases: record({
      description: "Names a harness gives its own subagents, mapped to fleet agents (Claude Code's built-in Explore, Plan, general-purpose): their tool calls get that agent's scope.",
      keys: string({ description: "The harness's subagent name, as it reports it (agent_type).", format: 'non-empty' }),
      values: agentRef('The fleet agent whose scope applies.'),
    }),
    ownership: record({
      description: 'Only the listed agents may edit paths matching the glob.',
      keys: string({ description: 'A repo-relative glob.', format: 'repo-glob' }),
      values: array({ description: 'The owning agents.', items: agentRef('An agent name.'), minItems: 1 }),
    }),
    protected: object({
      description: 'Paths with extra protection.',
      properties: {
        sacred: repoGlobs('Sacred tests: no agent may change them; a human re-locks them.', []),
        human_review: repoGlobs('High-blast-radius paths: changes need human review.', []),
      },
    }),
    memory: object({
      description: 'Project memory settings.',
      properties: {
        budget: object({
          description: 'Size budget of the memory index, enforced on write.',
          properties: {
            lines: integer({ description: 'Maximum lines in the memory index.', minimum: 1, default: 150 }),
            bytes: integer({ description: 'Maximum bytes in the memory index.', minimum: 1, default: 20000 }),
          },
        }),
        core: repoGlobs('Core files: an edit here asks the agent to update memory.', []),
        closeout: enumOf({
          description: 'ask: at the end of a session that edited files, block the stop once with a checklist asking for new lessons; off: never.',
          values: ['ask', 'off'],
          default: 'ask',
        }),
        share: boolean({
          description: 'Whether this workspace\'s lessons travel to other workspaces through `bosun lessons sync` (lessons tagged private never do).',
          default: true,
        }),
      },
    }),
    policy: object({
      description: 'Policy settings.',
      properties: {
        unknown_command: enumOf({
          description: 'The answer for a command whose effects bosun cannot determine, for agents that may edit.',
          values: ['deny', 'ask'],
          default: 'deny',
        }),
        outside_repo_edit: array({
          description: 'Absolute path globs outside the repository that agents may write (besides /dev/null and the temp dir).',
          items: string({ description: 'An absolute path glob.', format: 'absolute-glob' }),
          default: [],
        }),
      },
    }),
    gates: free({ description: 'Reserved for gates (pre-commit, CI); kept as plain data for now.' }),
    deploy: free({ description: 'Reserved for deploy environments; kept as plain data for now.' }),
  },
});

/** `.bosun/fleet.yaml` after validation, with static defaults filled in. */
export type FleetFile = Infer<typeof FLEET_SCHEMA>;
export type AgentFile = Infer<typeof AGENT_SCHEMA>;

/** A readable summary of a resolved fleet for `bosun fleet show`. Pure. */
import type { AgentSpec, Fleet } from './types.ts';

const list = (items: readonly string[]): string => (items.length === 0 ? '(none)' : items.join(', '));

function table(rows: ReadonlyArray<readonly [string, string]>, indent: string): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

function describeAgent(fleet: Fleet, agent: AgentSpec): string[] {
  const tags = [
    agent.name === fleet.default_agent ? 'default' : '',
    agent.name === fleet.steward ? 'steward' : '',
  ].filter(Boolean);
  const owns = fleet.ownership.filter((r) => r.owners.includes(agent.name)).map((r) => r.pattern);
  const everyAgent = agent.spawn.length === Object.keys(fleet.agents).length;
  return [
    `${agent.name}${tags.length ? ` (${tags.join(', ')})` : ''}: ${agent.role}`,
    ...table(
      [
        ['autonomy', agent.autonomy],
        ['read', list(agent.read)],
        ['edit', list(agent.edit)],
        ['run', list(agent.run)],
        ['spawn', everyAgent ? `${list(agent.spawn)} (every agent)` : list(agent.spawn)],
        ['web', list(agent.web)],
        ['mcp', list(agent.mcp)],
        ...(owns.length ? ([['owns', list(owns)]] as const) : []),
      ],
      '  ',
    ),
  ];
}

export function describeFleet(fleet: Fleet, source: { file: string; hash: string }): string {
  const checks = Object.entries(fleet.checks).map(([name, cmd]) => [name, cmd] as const);
  const lines = [
    `fleet ${source.file} (sha256 ${source.hash.slice(0, 12)})`,
    ...table(
      [
        ['default agent', fleet.default_agent],
        ['steward', fleet.steward ?? '(none: no agent may change the fleet)'],
      ],
      '',
    ),
    '',
    'agents:',
    ...Object.values(fleet.agents).flatMap((a) => [...describeAgent(fleet, a).map((l) => `  ${l}`), '']),
    'checks:',
    ...(checks.length ? table(checks, '  ') : ['  (none)']),
    '',
    'ownership:',
    ...(fleet.ownership.length ? table(fleet.ownership.map((r) => [r.pattern, list(r.owners)] as const), '  ') : ['  (none)']),
    '',
    'protected:',
    ...table(
      [
        ['sacred', list(fleet.protected.sacred)],
        ['human review', list(fleet.protected.human_review)],
      ],
      '  ',
    ),
    '',
    `memory: budget ${fleet.memory.budget.lines} lines / ${fleet.memory.budget.bytes} bytes; core ${list(fleet.memory.core)}`,
    `policy: unknown commands -> ${fleet.policy.unknown_command}; edits outside the repo: ${list(fleet.policy.outside_repo_edit)}`,
    ...(['gates', 'deploy'] as const)
      .filter((key) => Object.keys(fleet[key] ?? {}).length > 0)
      .map((key) => `${key} (reserved, not enforced yet): ${JSON.stringify(fleet[key])}`),
  ];
  return lines.join('\n');
}

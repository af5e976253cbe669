import type { AgentSpec, Fleet } from '../fleet/index.ts';
import { checkBash } from './bash-rules.ts';
import { checkWrite } from './edit-rules.ts';
import { allow, deny, list } from './findings.ts';
import { globMatch, matchAny } from './glob.ts';
import { display, place } from './paths.ts';
import { analyzeShell } from './shell/index.ts';
import type { Action, Decision, PolicyContext } from './types.ts';

/** The policy: may `agentName` do `action`? Pure (the shell parser is a computation, not IO). */
export function evaluate(fleet: Fleet, agentName: string, action: Action, ctx: PolicyContext): Decision {
  const agent = fleet.agents[agentName];
  if (!agent) {
    return deny('unknown-agent', `bosun denied this call: agent "${agentName}" is not defined in .bosun/fleet.yaml (known agents: ${list(Object.keys(fleet.agents))}). Ask a human or the steward to add it, or run as one of the known agents.`);
  }
  switch (action.kind) {
    case 'edit':
      return checkWrite(fleet, agent, { place: place(action.path, ctx), recursive: false, via: 'a write', ...(action.change ? { change: action.change } : {}) });
    case 'read':
      return checkRead(agent, action.path, ctx);
    case 'bash':
      return checkBash(fleet, agent, action.command, ctx.shell ?? analyzeShell(action.command, { cwd: ctx.cwd, home: ctx.home, repoRoot: ctx.repoRoot }), ctx);
    case 'spawn':
      return checkSpawn(fleet, agent, action.agent);
    case 'web':
      return checkWeb(agent, action.url);
    case 'mcp':
      return checkMcp(agent, action.tool);
  }
}

function checkRead(agent: AgentSpec, path: string, ctx: PolicyContext): Decision {
  const p = place(path, ctx);
  if (p.kind !== 'repo') return allow('read-scope', `${display(p)} is outside the repository's read scopes`);
  const g = matchAny(agent.read, p.rel) ?? (p.rel === '' && agent.read.length > 0 ? agent.read[0] : undefined);
  if (g) return allow('read-scope', `${display(p)} is in ${agent.name}'s read scope (${g})`, p.rel || '.');
  return deny('read-scope', `bosun denied reading ${display(p)}: it is outside the read scope of agent ${agent.name} (${list(agent.read)}). Work from the files you may read, or ask a human.`, p.rel);
}

function checkSpawn(fleet: Fleet, agent: AgentSpec, requested: string): Decision {
  const target = fleet.aliases[requested] ?? requested;
  if (!fleet.agents[target]) {
    return deny('spawn-scope', `bosun denied starting subagent "${target}": it is not an agent of this fleet (known: ${list(Object.keys(fleet.agents))}), so bosun could not scope its tool calls. Use one of the known agents, or ask a human to add "${target}" to .bosun/fleet.yaml (as an agent, or under aliases).`, target);
  }
  const sub = fleet.agents[target]!;
  const canEdit = (a: AgentSpec): boolean => a.autonomy !== 'plan-only' && a.edit.length > 0;
  if (!canEdit(agent) && canEdit(sub)) {
    return deny('spawn-scope', `bosun denied starting subagent "${target}": agent ${agent.name} may not change files, and "${target}" may, so spawning it would widen ${agent.name}'s reach. Report what should change instead, or spawn an agent that is read-only too.`, target);
  }
  if (!agent.spawn.includes(target) && !agent.spawn.includes('*')) {
    return deny('spawn-scope', `bosun denied starting subagent "${target}": agent ${agent.name} may spawn only ${list(agent.spawn)}. Do the work yourself within your scope, or ask a human.`, target);
  }
  return allow('spawn-scope', `${agent.name} may spawn ${target}`, target);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function checkWeb(agent: AgentSpec, url: string): Decision {
  const host = hostOf(url);
  if (host === null) {
    // WebSearch has a query, not a URL: governed by a "*" web scope only.
    if (agent.web.includes('*')) return allow('web-scope', `${agent.name} may use the web`);
    return deny('web-scope', `bosun denied a web request without a URL: agent ${agent.name} may reach only ${list(agent.web)}.`);
  }
  const g = agent.web.find((w) => w === '*' || globMatch(w.toLowerCase().replace(/\./g, '/'), host.replace(/\./g, '/')) || (w.startsWith('*.') && host.endsWith(w.slice(1))));
  if (g) return allow('web-scope', `${host} is in ${agent.name}'s web scope (${g})`, host);
  return deny('web-scope', `bosun denied fetching ${url}: host ${host} is outside the web scope of agent ${agent.name} (${list(agent.web)}). Use the repository's own files or an allowed host.`, host);
}

function checkMcp(agent: AgentSpec, tool: string): Decision {
  const g = agent.mcp.find((m) => m === '*' || new RegExp('^' + m.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$').test(tool));
  if (g) return allow('mcp-scope', `${tool} is in ${agent.name}'s MCP scope (${g})`, tool);
  return deny('mcp-scope', `bosun denied MCP tool ${tool}: agent ${agent.name} may use only ${list(agent.mcp)}${agent.edit.length === 0 ? ' (an agent that may edit nothing gets no MCP tools unless listed, since bosun cannot see what they change)' : ''}. Use the built-in tools, or ask a human to add the tool to the agent's mcp list.`, tool);
}

import type { AgentSpec, Fleet } from '../fleet/index.ts';
import { checkWrite } from './edit-rules.ts';
import { allow, ask, combine, deny, list } from './findings.ts';
import { display, place } from './paths.ts';
import { protectionsFor } from './protected.ts';
import { matchRun } from './run-patterns.ts';
import { npmPkgTouchesTests } from './runner-config.ts';
import type { ShellAnalysis, ShellCommand } from './shell/types.ts';
import { bosunCall } from './bosun-call.ts';
import type { Decision, PolicyContext } from './types.ts';

function canEdit(agent: AgentSpec): boolean {
  return agent.autonomy !== 'plan-only' && agent.edit.length > 0;
}

function editsEverything(agent: AgentSpec): boolean {
  return agent.edit.includes('**');
}

const quote = (s: string): string => (s.length > 120 ? `\`${s.slice(0, 117)}…\`` : `\`${s}\``);

/** Rule 5 of the policy order: a shell command line, through its analysis. Pure. */
export function checkBash(fleet: Fleet, agent: AgentSpec, line: string, a: ShellAnalysis, ctx: PolicyContext): Decision {
  const found: Decision[] = [];

  for (const h of a.hazards) {
    const why =
      h.kind === 'force-push'
        ? 'force-pushing rewrites shared history'
        : h.kind === 'hooks-path'
          ? 'changing core.hooksPath disconnects the git hooks that run bosun\'s gates'
          : 'skipping hooks bypasses the gates every commit must pass';
    found.push(deny(h.kind, `bosun denied ${quote(h.command)}: ${h.detail}; ${why}, and no agent may do it. Fix what the hook reports and commit normally; a human decides about history and hooks.`));
  }

  for (const w of a.writes) {
    const d = checkWrite(fleet, agent, { place: place(w.path, { ...ctx, cwd: ctx.cwd }), recursive: w.recursive, via: `${w.via} (in ${quote(w.command)})` });
    if (d.decision !== 'allow') found.push(d);
  }

  for (const c of a.commands) {
    const d = checkCommand(fleet, agent, c);
    if (d) found.push(d);
    const h = humanOnly(c.argv);
    if (h) found.push(deny('human-only', `bosun denied ${quote(c.text)}: \`bosun ${h}\` records a human's decision, and no agent may run it. Describe what changed and why, and ask a human to run it.`));
    if (fleet.protected.sacred.length > 0) {
      const key = npmPkgTouchesTests(c.argv);
      if (key) found.push(deny('sacred', `bosun denied ${quote(c.text)}: it changes ${key.split('=')[0]} in package.json, which decides whether the sacred tests run. Ask a human to change the test configuration.`));
    }
  }

  if (!a.commands.every((c) => c.effect === 'read-only')) {
    for (const m of a.mentions) {
      const p = place(m, ctx);
      if (p.kind !== 'repo') continue;
      const pr = protectionsFor(fleet, p.rel, false).find((x) => !x.allowed.includes(agent.name));
      if (pr) {
        found.push(deny('protected-mention', `bosun denied ${quote(line)}: it runs a command whose effects bosun cannot see, and it names ${display(p)}, which is ${pr.what} (${pr.pattern}) that ${agent.name} may not change. Use read-only commands on that path, or ask ${pr.allowed.length ? list(pr.allowed) : 'a human'}.`, p.rel));
      }
    }
  }

  const matched = a.commands.map((c) => matchRun(agent.run, c)).filter((m): m is string => m !== undefined);
  return combine(found, allow('run-scope', `every command matches ${agent.name}'s run list (${list([...new Set(matched)])})`));
}

const HUMAN_ONLY: Array<[string, string]> = [
  ['sacred', 'approve'],
  ['sacred', 'lock'],
  ['verify', 'approve-baseline'],
  ['review', 'approve'],
  ['ci', 'record'],
];

/** `bosun sacred approve` and friends, however bosun is invoked (bosun, npx bosun, node …/bin/bosun.js). */
function humanOnly(argv: readonly string[]): string | undefined {
  const call = bosunCall(argv);
  if (!call) return undefined;
  const [sub, verb] = call.args;
  const hit = HUMAN_ONLY.find(([a, b]) => a === sub && b === verb);
  return hit ? hit.join(' ') : undefined;
}

function checkCommand(fleet: Fleet, agent: AgentSpec, c: ShellCommand): Decision | undefined {
  const note = c.note ? ` (${c.note})` : '';
  if (c.effect !== 'read-only' && c.effect !== 'writes' && !canEdit(agent)) {
    return deny('read-only-agent', `bosun denied ${quote(c.text)}: agent ${agent.name} may not change files, so it may run only commands bosun knows to be read-only, and this one ${c.effect === 'opaque' ? 'runs code whose effects bosun cannot see' : 'has effects bosun cannot determine'}${note}. Use read-only commands (git log/diff/show, grep, rg, cat, ls, find) or report what should be run.`);
  }
  if (c.effect === 'unknown' && !editsEverything(agent)) {
    const mk = fleet.policy.unknown_command === 'ask' ? ask : deny;
    return mk('unknown-effects', `bosun ${fleet.policy.unknown_command === 'ask' ? 'asks a human about' : 'denied'} ${quote(c.text)}: bosun cannot determine what it writes${note}, and agent ${agent.name} may only edit ${list(agent.edit)}. Use the Edit/Write tools or a plain command whose targets are visible (cp, sed -i FILE, > FILE), or put the code in a script file and run that.`);
  }
  const m = matchRun(agent.run, c);
  if (m === undefined) {
    return deny('run-scope', `bosun denied ${quote(c.text)}: it matches none of agent ${agent.name}'s run patterns (${list(agent.run)}). Use an allowed command, or ask a human to add a pattern to the agent's run list in .bosun/fleet.yaml.`);
  }
  return undefined;
}

import type { AgentSpec, Fleet } from '../fleet/index.ts';
import { globMatch, matchAny } from './glob.ts';
import { allow, deny, list } from './findings.ts';
import { display, type Place } from './paths.ts';
import { protectionsFor } from './protected.ts';
import { packageTestKeysChanged } from './runner-config.ts';
import type { Decision } from './types.ts';

export interface WriteTarget {
  place: Place;
  /** The whole tree under the path may change. */
  recursive: boolean;
  /** How the write happens, for the reason ("Write", "redirection >", "rm -r"). */
  via: string;
  /** For tool edits of files whose content matters to the policy (package.json): the text before and after. */
  change?: { before: string | null; after: string | null };
}

function others(fleet: Fleet, rel: string, self: string): string[] {
  return Object.values(fleet.agents)
    .filter((a) => a.name !== self && a.autonomy !== 'plan-only' && matchAny(a.edit, rel) !== undefined)
    .map((a) => a.name);
}

function handOff(candidates: string[]): string {
  return candidates.length > 0 ? `hand this change to ${list(candidates)}` : 'ask a human to make this change';
}

/** Rules 1–4 of the policy order for one write. Pure. */
export function checkWrite(fleet: Fleet, agent: AgentSpec, t: WriteTarget): Decision {
  const what = `${t.via} of ${display(t.place)}${t.recursive ? ' (and everything under it)' : ''}`;
  const p = t.place;
  switch (p.kind) {
    case 'sink':
      return allow('outside-repo', `${p.abs} is a sink`, p.abs);
    case 'temp':
      return allow('outside-repo', `${p.abs} is in the temp directory`, p.abs);
    case 'outside': {
      const g = matchAbs(fleet.policy.outside_repo_edit, p.abs);
      if (g) return allow('outside-repo', `${p.abs} matches policy.outside_repo_edit (${g})`, p.abs);
      return deny(
        'outside-repo',
        `bosun denied ${what}: it is outside the repository, and agents may only write inside it (plus the temp dir and /dev/null). Write inside the repository or the temp directory instead; a human can allow more paths with policy.outside_repo_edit in .bosun/fleet.yaml.`,
        p.abs,
      );
    }
    case 'git': {
      const steward = fleet.steward;
      if (steward && agent.name === steward) return allow('self-protection', `${agent.name} is the steward`, p.abs);
      return deny(
        'self-protection',
        `bosun denied ${what}: files inside the git directory (hooks, config, bosun's ledger) are off limits to agents${steward ? ` other than the steward (${steward})` : ''}. Use git commands for git operations; hook wiring is changed by the steward or a human.`,
        p.abs,
      );
    }
    case 'repo':
      return checkRepoWrite(fleet, agent, t, p.rel, what);
  }
}

function checkRepoWrite(fleet: Fleet, agent: AgentSpec, t: WriteTarget, rel: string, what: string): Decision {
  const target = rel === '' ? '.' : rel;
  for (const pr of protectionsFor(fleet, rel, t.recursive)) {
    if (pr.allowed.includes(agent.name)) continue;
    if (pr.rule === 'self-protection') {
      const who = pr.allowed.length > 0 ? `only the steward (${pr.allowed.join(', ')}) may change it` : 'no agent may change it; a human does';
      return deny('self-protection', `bosun denied ${what}: it touches ${pr.what} (${pr.pattern}), and ${who}. If the change is needed, describe it and ask the ${pr.allowed.length ? 'steward' : 'human'}.`, target);
    }
    if (pr.rule === 'sacred') {
      if (pr.what !== 'a sacred test') {
        return deny('sacred', `bosun denied ${what}: it is ${pr.what} (${pr.pattern}). While the fleet names sacred tests, no agent may change how tests are selected. Ask a human to make this change.`, target);
      }
      return deny('sacred', `bosun denied ${what}: it touches a sacred test (${pr.pattern}). No agent may change sacred tests. If a sacred test fails, the code is wrong, not the test: fix the code, or stop and report the failure to a human.`, target);
    }
    return deny('ownership', `bosun denied ${what}: ${pr.pattern} is owned by ${list(pr.allowed)}, and ${agent.name} is not an owner. ${pr.allowed.length ? `Hand this change to ${list(pr.allowed)}` : 'Ask a human'} with a precise description instead.`, target);
  }
  if (fleet.protected.sacred.length > 0 && (rel === 'package.json' || rel.endsWith('/package.json'))) {
    const d = packageJsonChange(t, target, what);
    if (d) return d;
  }
  if (agent.autonomy === 'plan-only') {
    return deny('autonomy', `bosun denied ${what}: agent ${agent.name} is plan-only; it proposes changes and never applies them. Describe the change (file, what and why) in your answer instead; ${handOff(others(fleet, rel, agent.name))}.`, target);
  }
  const g = t.recursive ? agent.edit.find((e) => globMatch(e, rel)) : matchAny(agent.edit, rel);
  if (!g) {
    const scope = agent.edit.length ? `its edit scope is ${list(agent.edit)}` : 'it may edit nothing';
    return deny('edit-scope', `bosun denied ${what}: it is outside the edit scope of agent ${agent.name} (${scope}). Keep your changes inside that scope, or ${handOff(others(fleet, rel, agent.name))}.`, target);
  }
  return allow('edit-scope', `${target} is in the edit scope of ${agent.name} (${g})`, target);
}

/**
 * package.json holds the test script and runner settings. A tool edit is judged on its content (the
 * hook passes before/after); a shell write other than npm's own dependency commands is refused,
 * since bosun cannot see what it changes.
 */
function packageJsonChange(t: WriteTarget, target: string, what: string): Decision | undefined {
  if (t.change) {
    const keys = packageTestKeysChanged(t.change.before, t.change.after);
    if (keys.length === 0) return undefined;
    return deny('sacred', `bosun denied ${what}: it changes ${keys.join(', ')} in ${target}, which decide whether the sacred tests run. Leave the test configuration as it is; ask a human if it must change.`, target);
  }
  if (/^(npm|pnpm|yarn|bun) (install|uninstall|update|ci|add|remove|i|rm|up)\b/.test(t.via)) return undefined;
  return deny('sacred', `bosun denied ${what}: package.json holds the test script, and bosun cannot see what this command changes in it. Edit package.json with the Edit tool (bosun checks that the test settings stay as they are), or use npm install/uninstall for dependencies.`, target);
}

function matchAbs(globs: readonly string[], abs: string): string | undefined {
  const rel = abs.replace(/^\/+/, '');
  return globs.find((g) => globMatch(g.replace(/^\/+/, ''), rel));
}

import type { Decision, RuleName } from './types.ts';

/** Lower is reported first when several rules deny (DESIGN.md "Policy order"). */
const PRIORITY: RuleName[] = [
  'guard-error',
  'invalid-input',
  'unknown-agent',
  'skip-hooks',
  'human-only',
  'hooks-path',
  'force-push',
  'self-protection',
  'sacred',
  'ownership',
  'autonomy',
  'outside-repo',
  'edit-scope',
  'read-scope',
  'read-only-agent',
  'unknown-effects',
  'run-scope',
  'protected-mention',
  'spawn-scope',
  'web-scope',
  'mcp-scope',
];

const rank = (r: RuleName): number => PRIORITY.indexOf(r);

/** Deny wins over ask, ask over allow; among equals the earliest rule in policy order is reported. */
export function combine(decisions: readonly Decision[], fallback: Decision): Decision {
  let best: Decision | undefined;
  const weight = (d: Decision): number => (d.decision === 'deny' ? 2 : d.decision === 'ask' ? 1 : 0);
  for (const d of decisions) {
    if (!best || weight(d) > weight(best) || (weight(d) === weight(best) && d.decision !== 'allow' && rank(d.rule) < rank(best.rule))) {
      best = d;
    }
  }
  return best && best.decision !== 'allow' ? best : fallback;
}

export function deny(rule: RuleName, reason: string, target?: string): Decision {
  return target === undefined ? { decision: 'deny', rule, reason } : { decision: 'deny', rule, reason, target };
}

export function allow(rule: RuleName, reason: string, target?: string): Decision {
  return target === undefined ? { decision: 'allow', rule, reason } : { decision: 'allow', rule, reason, target };
}

export function ask(rule: RuleName, reason: string, target?: string): Decision {
  return target === undefined ? { decision: 'ask', rule, reason } : { decision: 'ask', rule, reason, target };
}

export function list(items: readonly string[], max = 6): string {
  if (items.length === 0) return '(none)';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, … (${items.length - max} more)` : shown;
}

import type { Fleet } from '../fleet/index.ts';
import { globMatch, globMayMatchUnder } from './glob.ts';
import { RUNNER_CONFIG } from './runner-config.ts';

export const FLEET_FILE = '.bosun/fleet.yaml';
export const SACRED_LOCK = '.bosun/sacred.lock';

/** Files that wire hooks into harnesses and git, or define the fleet's agents: steward only. */
export const WIRING = [
  '.claude/settings.json',
  '.claude/settings.local.json',
  '.claude/settings*.json',
  '.claude/agents/**',
  '.codex/**',
  '.gemini/**',
  '.cursor/hooks.json',
  '.opencode/**',
  'opencode.json',
  '.husky/**',
  'lefthook.yml',
  '.lefthook.yml',
  'lefthook-local.yml',
];

export interface Protection {
  rule: 'self-protection' | 'sacred' | 'ownership';
  /** Words for the agent: "the fleet file", "hook wiring", "a sacred test" … */
  what: string;
  pattern: string;
  /** Agents allowed despite the protection; empty: nobody. */
  allowed: string[];
}

function hits(pattern: string, rel: string, recursive: boolean): boolean {
  return recursive ? globMayMatchUnder(pattern, rel) : globMatch(pattern, rel);
}

/**
 * The protections covering a repo-relative path (or, when `recursive`, anything under it),
 * in policy order: self-protection, sacred, ownership. Pure.
 */
export function protectionsFor(fleet: Fleet, rel: string, recursive: boolean): Protection[] {
  const out: Protection[] = [];
  const steward = fleet.steward ? [fleet.steward] : [];
  if (hits(SACRED_LOCK, rel, recursive)) out.push({ rule: 'self-protection', what: 'the sacred-test lock', pattern: SACRED_LOCK, allowed: [] });
  if (hits(FLEET_FILE, rel, recursive)) out.push({ rule: 'self-protection', what: 'the fleet file', pattern: FLEET_FILE, allowed: steward });
  for (const p of WIRING) {
    if (hits(p, rel, recursive)) {
      out.push({ rule: 'self-protection', what: 'hook wiring and agent definitions', pattern: p, allowed: steward });
      break;
    }
  }
  for (const p of fleet.protected.sacred) {
    if (hits(p, rel, recursive)) out.push({ rule: 'sacred', what: 'a sacred test', pattern: p, allowed: [] });
  }
  // Direct writes only: a recursive write (rm -r dir) would otherwise hit `**/conftest.py` everywhere;
  // the sacred gate still sees a deleted setup file at commit time.
  if (fleet.protected.sacred.length > 0 && !recursive) {
    const p = RUNNER_CONFIG.find((g) => globMatch(g, rel));
    if (p) out.push({ rule: 'sacred', what: 'the test runner configuration, which decides whether sacred tests run', pattern: p, allowed: [] });
  }
  for (const o of fleet.ownership) {
    if (hits(o.pattern, rel, recursive)) out.push({ rule: 'ownership', what: `a path owned by ${o.owners.join(', ')}`, pattern: o.pattern, allowed: o.owners });
  }
  return out;
}

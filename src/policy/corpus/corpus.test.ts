import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFleetParser } from '../../fleet/index.ts';
import { evaluate, type Action, type PolicyContext } from '../index.ts';
import { CASES } from './cases.ts';
import { CORPUS_FLEET } from './fleet.ts';

const { parseFleet } = await loadFleetParser();
const parsed = parseFleet(CORPUS_FLEET, 'corpus-fleet.yaml');
if (!parsed.ok) throw new Error(`corpus fleet invalid: ${JSON.stringify(parsed.issues)}`);
const fleet = parsed.fleet;
const ctx: PolicyContext = { repoRoot: '/repo', cwd: '/repo', gitDir: '/repo/.git', commonDir: '/repo/.git', tempDirs: ['/tmp'], home: '/home/u' };

function toAction(tool: string, target: string): Action {
  if (tool === 'bash') return { kind: 'bash', command: target };
  if (tool === 'Read' || tool === 'Grep' || tool === 'Glob') return { kind: 'read', path: target };
  if (tool === 'Agent') return { kind: 'spawn', agent: target };
  if (tool === 'WebFetch') return { kind: 'web', url: target };
  if (tool.startsWith('mcp__')) return { kind: 'mcp', tool };
  return { kind: 'edit', path: target };
}

test('the corpus has at least 150 rows', () => assert.ok(CASES.length >= 150, `${CASES.length} rows`));

for (const [agent, tool, target, expect, rule] of CASES) {
  test(`${agent} ${tool} ${JSON.stringify(target)} → ${expect}${rule ? ` (${rule})` : ''}`, () => {
    const d = evaluate(fleet, agent, toAction(tool, target), ctx);
    assert.equal(d.decision, expect, `rule ${d.rule}: ${d.reason}`);
    if (rule) assert.equal(d.rule, rule, d.reason);
    assert.ok(d.reason.length > 10, 'every decision carries a reason');
  });
}

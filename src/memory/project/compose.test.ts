import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeSessionContext, maintenanceFlags, type ComposeInput } from './compose.ts';
import type { Lesson } from './types.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
const lesson = (n: number, over: Partial<Lesson> = {}): Lesson => ({
  id: `L${String(n).padStart(3, '0')}`,
  topic: 't',
  text: `lesson number ${n} says something useful about the build`,
  date: '2025-05-01',
  private: false,
  link: null,
  pending: false,
  ...over,
});
const base = (over: Partial<ComposeInput> = {}): ComposeInput => ({
  project: 'acme',
  lessons: [lesson(1), lesson(2, { pending: true, link: 'topics/t.md' })],
  usage: { lines: 4, bytes: 200 },
  budget: { lines: 150, bytes: 20000 },
  flags: [],
  facts: '',
  shared: '',
  audience: 'session',
  ...over,
});

describe('session-start context', () => {
  test('lessons, facts and shared lessons, each under its heading; pending and topic links marked', () => {
    const { text, omitted } = composeSessionContext(base({ facts: '## Facts vault\n- db: postgres 16 (verified 2025-05-30)', shared: '# Shared\n- [web] use pnpm' }));
    assert.deepEqual(omitted, []);
    assert.match(text, /^bosun project memory for acme/);
    assert.match(text, /## Project lessons \(2, 1 pending from other worktrees; 4\/150 lines of budget\)\n- L001 \[t\] lesson number 1/);
    assert.match(text, /- L002 \[t\] lesson number 2 .* \(more: \.bosun\/memory\/topics\/t\.md\) \(pending: added in another worktree\)/);
    assert.match(text, /## Facts \(canonical, from the facts vault\)\n- db: postgres 16/);
    assert.ok(!text.includes('## Facts vault'), "the source's own heading is not repeated");
    assert.match(text, /## Lessons from other workspaces\n- \[web\] use pnpm/);
    assert.ok(!text.includes('Left out'));
  });

  test('maintenance flags go to main sessions only', () => {
    const flags = ['The self-audit has never run on this repository (`bosun audit`).'];
    assert.match(composeSessionContext(base({ flags })).text, /## Maintenance due\n- The self-audit has never run/);
    assert.ok(!composeSessionContext(base({ flags, audience: 'subagent' })).text.includes('Maintenance'));
  });

  test('over the cap: what is left out is named with the command that shows it, and the text stays under the cap', () => {
    const lessons = Array.from({ length: 150 }, (_, i) => lesson(i + 1));
    const shared = Array.from({ length: 80 }, (_, i) => `- [ws${i}] a shared lesson from another workspace, number ${i}`).join('\n');
    const { text, omitted } = composeSessionContext(base({ lessons, shared, facts: '- fact one' }));
    assert.ok(text.length < 9_500, `length ${text.length}`);
    assert.match(text, /## Left out \(this context is capped at 9500 characters\)/);
    assert.match(text, /- \d+ project lesson\(s\): L\d+, L\d+, L\d+ … L149, L150 \(`bosun lesson list` or \.bosun\/memory\/INDEX\.md\)/);
    assert.ok(omitted.some((o) => o.includes('facts summary')) || text.includes('## Facts'));
    assert.match(text, /lessons from other workspaces \(\.bosun\/memory\/shared-lessons\.md/);
    // Every lesson is either in the text or named as left out.
    const shown = [...text.matchAll(/^- (L\d{3}) /gm)].map((m) => m[1]);
    const leftCount = Number(/- (\d+) project lesson\(s\)/.exec(text)![1]);
    assert.equal(shown.length + leftCount, 150);
    assert.equal(shown[shown.length - 1], `L${String(shown.length).padStart(3, '0')}`, 'lessons are kept in index order, the tail is left out');
  });

  test('a cap given explicitly is honoured', () => {
    const lessons = Array.from({ length: 40 }, (_, i) => lesson(i + 1));
    const { text } = composeSessionContext(base({ lessons, cap: 2000 }));
    assert.ok(text.length <= 2000, `length ${text.length}`);
    assert.match(text, /capped at 2000 characters/);
  });
});

describe('maintenance flags', () => {
  const input = { now: NOW, auditLastRun: NOW - DAY, usage: { lines: 10, bytes: 1000 }, budget: { lines: 150, bytes: 20000 }, closeoutCandidates: 0, staleFacts: 0 };
  test('nothing due: no flags', () => assert.deepEqual(maintenanceFlags(input), []));
  test('audit never run / older than 30 days', () => {
    assert.match(maintenanceFlags({ ...input, auditLastRun: null })[0]!, /never run/);
    assert.match(maintenanceFlags({ ...input, auditLastRun: NOW - 31 * DAY })[0]!, /31 days ago/);
    assert.deepEqual(maintenanceFlags({ ...input, auditLastRun: NOW - 29 * DAY }), []);
  });
  test('memory over 90% of its budget (lines or bytes)', () => {
    assert.match(maintenanceFlags({ ...input, usage: { lines: 136, bytes: 1000 } })[0]!, /91% of its budget/);
    assert.match(maintenanceFlags({ ...input, usage: { lines: 10, bytes: 19000 } })[0]!, /95% of its budget/);
    assert.deepEqual(maintenanceFlags({ ...input, usage: { lines: 135, bytes: 18000 } }), []);
  });
  test('close-out candidates and stale facts', () => {
    const f = maintenanceFlags({ ...input, closeoutCandidates: 3, staleFacts: 2 });
    assert.match(f[0]!, /3 close-out candidate/);
    assert.match(f[1]!, /2 fact\(s\) are past expiry/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIndex, parseRetired, serializeIndex } from './index-format.ts';
import { lintMemory, type LintInput } from './lint.ts';
import { buildView, mergedIndex, usageOf } from './view.ts';
import type { JournalRecord } from './types.ts';

const add = (id: string, text: string, over: Partial<Extract<JournalRecord, { op: 'add' }>> = {}): JournalRecord => ({
  op: 'add',
  id,
  topic: 't',
  text,
  date: '2025-06-01',
  private: false,
  link: null,
  detail: null,
  time: 1,
  worktree: '/wt/b',
  ...over,
});
const retire = (id: string, supersededBy: string | null = null): JournalRecord => ({ op: 'retire', id, date: '2025-06-02', reason: 'obsolete', supersededBy, time: 2, worktree: '/wt/b' });

describe('what a worktree sees', () => {
  const index = parseIndex('# M\n\n- L001 [t] one\n- L002 [t] two\n');
  test('journal additions missing here are pending; retirements elsewhere hide entries', () => {
    const v = buildView(index, [], [add('L001', 'one'), add('L003', 'three', { private: true }), retire('L002'), add('L004', 'four'), retire('L004')]);
    assert.deepEqual(
      v.lessons.map((l) => [l.id, l.pending, l.private]),
      [
        ['L001', false, false],
        ['L003', true, true],
      ],
    );
    assert.deepEqual(
      v.pendingRetires.map((r) => r.id),
      ['L002'],
    );
    assert.equal(serializeIndex(mergedIndex(index, v)), '# M\n\n- L001 [t] one\n- L003 [t] three (2025-06-01, private)\n');
  });
  test('an index line whose id is in retired.md is not loaded (a union merge kept a line a branch had retired)', () => {
    const v = buildView(index, parseRetired('- L002 [t] two ← retired 2025-06-02: obsolete').entries, []);
    assert.deepEqual(
      v.lessons.map((l) => l.id),
      ['L001'],
    );
  });

  test('an id already retired here is not pending', () => {
    const v = buildView(index, parseRetired('- L003 [t] three ← retired').entries, [add('L003', 'three')]);
    assert.deepEqual(v.pendingAdds, []);
  });
  test('usage counts lines and bytes of the merged file', () => {
    assert.deepEqual(usageOf(index), { lines: 4, bytes: Buffer.byteLength('# M\n\n- L001 [t] one\n- L002 [t] two\n') });
  });
});

describe('memory lint', () => {
  const lint = (text: string, over: Partial<LintInput> = {}) => {
    const index = parseIndex(text);
    const view = buildView(index, [], []);
    return lintMemory({
      index,
      indexFile: 'INDEX.md',
      retired: [],
      retiredFile: 'retired.md',
      retiredProblems: [],
      journalBad: 0,
      journalFile: 'journal.jsonl',
      view,
      merged: mergedIndex(index, view),
      budget: { lines: 150, bytes: 20000 },
      topicExists: (l) => l === 'topics/ok.md',
      ...over,
    });
  };
  const kinds = (text: string, over: Partial<LintInput> = {}) => lint(text, over).map((f) => `${f.kind}${f.line ? `@${f.line}` : ''}`);

  test('a clean index has no findings', () => assert.deepEqual(kinds('# M\n\n- L001 [a] one thing\n- L002 [b] another matter entirely [more](topics/ok.md)\n'), []));
  test('every kind of problem, with its line', () => {
    const text = [
      '# M',
      '- L001 [a] the build needs node 20',
      'stray prose',
      '- L02 [a] bad id',
      `- L003 [a] ${'x'.repeat(301)}`,
      '- L001 [b] same id again, different lesson',
      '- L004 [c] The build needs Node 20.',
      '- L005 [d] links nowhere [more](topics/missing.md)',
    ].join('\n');
    assert.deepEqual(kinds(text), ['unknown-line@3', 'malformed-entry@4', 'too-long@5', 'duplicate-id@6', 'near-duplicate@7', 'missing-topic@8']);
  });
  test('over budget is an error; near budget a warning', () => {
    const text = '# M\n' + Array.from({ length: 9 }, (_, i) => `- L00${i + 1} [a] distinct lesson ${'abcdefghij'[i]!.repeat(i + 3)}`).join('\n') + '\n';
    assert.deepEqual(kinds(text, { budget: { lines: 9, bytes: 20000 } }), ['over-budget']);
    assert.deepEqual(kinds(text, { budget: { lines: 11, bytes: 20000 } }), ['near-budget']);
  });
  test('retired ids still listed, bad retired lines and torn journal lines', () => {
    const text = '# M\n- L001 [a] one\n';
    const r = kinds(text, { retired: parseRetired('- L001 [a] one ← retired').entries, retiredProblems: [{ line: 3, text: 'junk' }], journalBad: 1 });
    assert.deepEqual(r, ['retired-still-listed@2', 'bad-retired-line@3', 'bad-journal-line']);
  });
});

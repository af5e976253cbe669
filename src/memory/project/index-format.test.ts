import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatEntry, formatRetired, parseEntryLine, parseIndex, parseRetired, serializeIndex, withEntry, withoutEntry } from './index-format.ts';
import type { IndexEntry } from './types.ts';

const e = (over: Partial<IndexEntry> = {}): IndexEntry => ({ id: 'L017', topic: 'build', text: 'npm install takes 3 min.', date: '2025-06-01', private: false, link: null, ...over });

describe('INDEX.md entry lines', () => {
  const rows: Array<[string, IndexEntry | null]> = [
    ['- L001 [build] `npm install` takes ~3 min (native builds).', e({ id: 'L001', text: '`npm install` takes ~3 min (native builds).', date: null })],
    ['- L017 [build] npm install takes 3 min. (2025-06-01)', e()],
    ['- L017 [build] npm install takes 3 min. (2025-06-01, private)', e({ private: true })],
    ['- L017 [build] npm install takes 3 min. (private, 2025-06-01)', e({ private: true })],
    ['- L017 [build] npm install takes 3 min. (2025-06-01) [more](topics/build.md)', e({ link: 'topics/build.md' })],
    ['- L017 [build] npm install takes 3 min. [more](topics/build.md)', e({ date: null, link: 'topics/build.md' })],
    ['- L1234 [claude-code] Stop fires again (see L012). (2025-06-01)', e({ id: 'L1234', topic: 'claude-code', text: 'Stop fires again (see L012).' })],
    ['- L017 [Build] upper-case topics are read in lower case (2025-06-01)', e({ text: 'upper-case topics are read in lower case' })],
    ['- L17 [build] two-digit id', null],
    ['- L017 build without brackets', null],
    ['- L017 [build] (2025-06-01)', null],
    ['* L017 [build] other bullet', null],
    ['plain prose', null],
  ];
  for (const [line, want] of rows) {
    test(JSON.stringify(line), () => assert.deepEqual(parseEntryLine(line), want));
  }

  test('format then parse gives the entry back', () => {
    for (const x of [e(), e({ private: true, link: 'topics/build.md' }), e({ date: null }), e({ text: 'ends in parens (like this)' })]) {
      assert.deepEqual(parseEntryLine(formatEntry(x)), x);
    }
  });
});

describe('INDEX.md files', () => {
  const file = '# Memory\n\n- L001 [a] one\n<!-- a comment -->\nsome prose a human wrote\n- L0x2 [b] broken id\n- L002 [b] two (2025-01-02)\n';

  test('every line is kept; problems are classified, headings/blank/comments are not', () => {
    const doc = parseIndex(file);
    assert.equal(serializeIndex(doc), file);
    const kinds = doc.lines.map((l) => (l.kind === 'entry' ? l.entry.id : l.problem));
    assert.deepEqual(kinds, [null, null, 'L001', null, 'unknown-line', 'malformed-entry', 'L002']);
  });

  test('a new entry goes after the last entry; removal removes only that line', () => {
    const doc = withEntry(parseIndex('# M\n\n- L001 [a] one\n\nfooter\n'), e({ id: 'L002', topic: 'a', text: 'two' }));
    assert.equal(serializeIndex(doc), '# M\n\n- L001 [a] one\n- L002 [a] two (2025-06-01)\n\nfooter\n');
    assert.equal(serializeIndex(withoutEntry(doc, 'L001')), '# M\n\n- L002 [a] two (2025-06-01)\n\nfooter\n');
  });

  test('an empty file is an empty index', () => {
    assert.deepEqual(parseIndex('').lines, []);
    assert.equal(serializeIndex(parseIndex('')), '');
  });

  test('retired.md: entry line, then why', () => {
    const line = formatRetired({ ...e(), note: 'superseded by L020 on 2025-07-01' });
    assert.equal(line, '- L017 [build] npm install takes 3 min. (2025-06-01) ← superseded by L020 on 2025-07-01');
    const r = parseRetired(`# Retired\n\n${line}\n- L003 [x] no note\ngarbage\n`);
    assert.deepEqual(
      r.entries.map((x) => [x.id, x.note]),
      [
        ['L017', 'superseded by L020 on 2025-07-01'],
        ['L003', ''],
      ],
    );
    assert.deepEqual(r.problems, [{ line: 5, text: 'garbage' }]);
  });
});

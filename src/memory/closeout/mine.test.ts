import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mineSession, type TranscriptInput } from './mine.ts';
import type { Candidate, CandidateKind, DeniedDecision } from './types.ts';
import { transcriptBuilder } from './testdata/builders.ts';

// Real transcripts captured from Claude Code 2.1.197 (copies of /work/shared/fixtures/claude-code-2.1.197/transcript*.jsonl).
const FIXTURES = fileURLToPath(new URL('./testdata/', import.meta.url));
const CWD = '/home/dev/acme';

const { user, say, tool, bash, edit, jsonl, clock } = transcriptBuilder({ cwd: CWD });
const ts = (): string => new Date(Date.UTC(2026, 0, 1) + clock.n++ * 1000).toISOString();

const main = (text: string): TranscriptInput => ({ label: 'main.jsonl', text, agent: 'main', human: true });
const sub = (text: string): TranscriptInput => ({ label: 'agent-a1.jsonl', text, agent: 'security-auditor', human: false });
const mine = (transcripts: TranscriptInput[], denials: DeniedDecision[] = []): Candidate[] => mineSession({ sessionId: 's1', cwd: CWD, transcripts, denials });

const DENY_TEXT = 'security-auditor may not edit src/hack.js: its edit scope is empty. Report findings instead. [bosun rule: edit-scope]';

interface Row {
  name: string;
  transcripts: TranscriptInput[];
  denials?: DeniedDecision[];
  /** Exactly these kinds, in any order (one entry per candidate). */
  kinds: CandidateKind[];
  /** Each pattern must match some candidate's text. */
  texts?: RegExp[];
}

const fixture = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');

const ROWS: Row[] = [
  { name: 'fixture transcript: one failed npm test never retried, an edit, a subagent — nothing to learn', transcripts: [main(fixture('transcript.jsonl'))], kinds: [] },
  { name: 'fixture subagent transcript: its prompt is the parent agent, not a person', transcripts: [sub(fixture('transcript-subagent.jsonl'))], kinds: [] },
  {
    name: 'fixture transcripts plus the ledger deny of the subagent write',
    transcripts: [main(fixture('transcript.jsonl')), sub(fixture('transcript-subagent.jsonl'))],
    denials: [{ time: 1, agent: 'security-auditor', tool: 'Write', target: `${CWD}/src/hack.js`, rule: 'edit-scope', reason: 'security-auditor edits nothing' }],
    kinds: ['denied'],
    texts: [/Write src\/hack\.js was denied \(edit-scope\)/],
  },
  {
    name: 'a bosun deny in a tool_result, the same deny in the ledger: one candidate',
    transcripts: [main(jsonl(user('audit it'), tool('t1', 'Write', { file_path: `${CWD}/src/hack.js`, content: 'x' }, DENY_TEXT, { isError: true })))],
    denials: [{ time: 1, agent: 'lead', tool: 'Write', target: `${CWD}/src/hack.js`, rule: 'edit-scope', reason: 'x' }],
    kinds: ['denied'],
    texts: [/Write src\/hack\.js was denied \(edit-scope\): security-auditor may not edit/],
  },
  {
    name: 'a command that failed, then a different one of the same family worked',
    transcripts: [main(jsonl(user('run the tests'), bash('t1', 'npm test -- --grep parser 2>&1 | tail -20', false, 'npm ERR! unknown option --grep'), bash('t2', 'npm test', true, 'ok 5')))],
    kinds: ['failed-then-fixed'],
    texts: [/`npm test -- --grep parser` failed \(npm ERR! unknown option --grep\); `npm test` worked/],
  },
  {
    name: 'the ordinary loop: test fails, code edited, same test passes — no lesson',
    transcripts: [main(jsonl(user('fix add'), bash('t1', 'npm test', false, 'not ok 1'), edit('t2', 'src/math.js', 'a-b', 'a+b'), bash('t3', 'npm test', true)))],
    kinds: [],
  },
  {
    name: 'the same command fails then passes with nothing changed: flaky',
    transcripts: [main(jsonl(user('run it'), bash('t1', 'npm run e2e', false, 'Error: timeout waiting for port'), bash('t2', 'npm run e2e', true)))],
    kinds: ['failed-then-fixed'],
    texts: [/may be flaky/],
  },
  {
    name: 'the same command failing three times: repeated failure (and no fix)',
    transcripts: [main(jsonl(user('build'), bash('t1', 'npx tsc', false, 'error TS2307: Cannot find module'), bash('t2', 'npx tsc', false, 'error TS2307'), bash('t3', 'cd /x && npx tsc', false, 'error TS2307')))],
    kinds: ['repeated-failure'],
    texts: [/`npx tsc` failed 3 times in one session/],
  },
  { name: 'two failures are not a pattern yet', transcripts: [main(jsonl(user('build'), bash('t1', 'npx tsc', false, 'e'), bash('t2', 'npx tsc', false, 'e')))], kinds: [] },
  {
    name: 'an Edit failing the same way three times (different files): repeated failure',
    transcripts: [
      main(
        jsonl(
          user('tidy'),
          tool('t1', 'Edit', { file_path: `${CWD}/a.js`, old_string: 'x', new_string: 'y' }, '<tool_use_error>String to replace not found in file.</tool_use_error>', { isError: true }),
          tool('t2', 'Edit', { file_path: `${CWD}/b.js`, old_string: 'x', new_string: 'y' }, '<tool_use_error>String to replace not found in file.</tool_use_error>', { isError: true }),
          tool('t3', 'Edit', { file_path: `${CWD}/c.js`, old_string: 'x', new_string: 'y' }, '<tool_use_error>String to replace not found in file.</tool_use_error>', { isError: true }),
        ),
      ),
    ],
    kinds: ['repeated-failure'],
    texts: [/Edit \(c\.js\) failed 3 times/],
  },
  {
    name: 'one API message split over lines and a tool_use line written twice: counted once',
    transcripts: [
      main(
        jsonl(user('build'), bash('t1', 'npx tsc', false, 'e'), bash('t2', 'npx tsc', false, 'e'), [
          { type: 'assistant', message: { id: 'msg_t2', role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'npx tsc' } }] }, timestamp: ts() },
        ]),
      ),
    ],
    kinds: [],
  },
  {
    name: 'a person correcting the agent after it acted',
    transcripts: [main(jsonl(user('set up the db'), bash('t1', 'npm install mysql2', true), user("No, don't add a driver: use the local postgres at 127.0.0.1:5432.")))],
    kinds: ['correction'],
    texts: [/The user corrected the agent: "No, don't add a driver: use the local postgres at 127\.0\.0\.1:5432\." \(after Bash npm install mysql2\)/],
  },
  { name: 'an instruction in the first prompt is not a correction', transcripts: [main(jsonl(user("Don't use npm here; use pnpm instead."), bash('t1', 'pnpm i', true)))], kinds: [] },
  {
    name: '"no" and "wrong" inside a tool result are not the person',
    transcripts: [main(jsonl(user('check'), bash('t1', 'cat notes.txt', true, 'No, this is wrong. Stop. Use X instead.'), say('Done.')))],
    kinds: [],
  },
  {
    name: 'cue words inside code or quotes in the person\'s message do not count',
    transcripts: [main(jsonl(user('go'), say('Done.'), user('Now make the error say "no such file" and run `git commit --no-verify`:\n```\nstop\n```')))],
    kinds: [],
  },
  {
    name: 'negations are not corrections',
    transcripts: [main(jsonl(user('go'), say('Done.'), user("No problem. I don't know what's wrong with CI, nothing wrong with your change.")))],
    kinds: [],
  },
  {
    name: 'hook feedback and meta lines Claude Code writes as user lines are not the person',
    transcripts: [main(jsonl(user('go'), say('Done.'), user("Stop hook feedback:\nDon't stop yet: `npm test` failed."), user('Stop. wrong.', { isMeta: true }), user('<local-command-stdout>no</local-command-stdout>')))],
    kinds: [],
  },
  {
    name: 'a subagent transcript: its user lines are the parent agent, never corrections',
    transcripts: [sub(jsonl(user('audit'), say('Reading.'), user("No, that's wrong, use grep instead.")))],
    kinds: [],
  },
  {
    name: 'a tool call the person rejected in the permission prompt',
    transcripts: [main(jsonl(user('clean up'), tool('t1', 'Bash', { command: 'rm -rf build' }, "The user doesn't want to proceed with this tool use. The tool use was rejected.", { isError: true })))],
    kinds: ['correction'],
    texts: [/The user rejected Bash rm -rf build/],
  },
  {
    name: 'an edit put back by a later Edit',
    transcripts: [main(jsonl(user('tidy'), edit('t1', 'src/math.js', 'a+b', 'a + b'), edit('t2', 'src/math.js', 'a + b', 'a+b')))],
    kinds: ['reverted-edit'],
    texts: [/An edit of src\/math\.js was undone in the same session \(an Edit put the old text back\)/],
  },
  {
    name: 'edits thrown away with git checkout --',
    transcripts: [main(jsonl(user('tidy'), edit('t1', 'src/math.js', 'a+b', 'a + b'), bash('t2', 'git checkout -- src/math.js', true)))],
    kinds: ['reverted-edit'],
    texts: [/git checkout -- src\/math\.js/],
  },
  {
    name: 'a Write restoring the original content',
    transcripts: [
      main(jsonl(user('tidy'), edit('t1', 'src/math.js', 'a+b', 'a + b', 'export const add=(a,b)=>a+b;\n'), tool('t2', 'Write', { file_path: `${CWD}/src/math.js`, content: 'export const add=(a,b)=>a+b;\n' }, 'ok'))),
    ],
    kinds: ['reverted-edit'],
  },
  { name: 'two different edits of one file are not a revert', transcripts: [main(jsonl(user('tidy'), edit('t1', 'src/math.js', 'a+b', 'a + b'), edit('t2', 'src/math.js', 'add', 'sum')))], kinds: [] },
  { name: 'git restore --staged only unstages', transcripts: [main(jsonl(user('tidy'), edit('t1', 'src/math.js', 'a+b', 'a + b'), bash('t2', 'git restore --staged src/math.js', true)))], kinds: [] },
  {
    name: 'lessons the agent stated (the checklist fallback), not inside code',
    transcripts: [main(jsonl(user('go'), say('Lessons from this session:\n- Lesson [tests]: node --test takes no globs on Node 20; list the files.\n```\nLesson: this one is in code\n```\nNo new lessons otherwise.')))],
    kinds: ['stated'],
    texts: [/^node --test takes no globs on Node 20; list the files\.$/],
  },
  { name: 'garbage lines are skipped', transcripts: [main('not json\n{"type":"user"\n{}\n[1,2]\n' + jsonl(user('hi')))], kinds: [] },
];

for (const row of ROWS) {
  test(`mine: ${row.name}`, () => {
    const got = mine(row.transcripts, row.denials);
    assert.deepEqual(got.map((c) => c.kind).sort(), [...row.kinds].sort(), JSON.stringify(got, null, 2));
    for (const re of row.texts ?? []) assert.ok(got.some((c) => re.test(c.text)), `${re} in ${JSON.stringify(got.map((c) => c.text))}`);
  });
}

test('provenance names the session, the transcript line, the time and an excerpt', () => {
  clock.n = 100;
  const [c] = mine([main(jsonl(user('go'), bash('t1', 'npm run e2e', false, 'Error: timeout'), bash('t2', 'npm run e2e', true)))]);
  assert.ok(c);
  assert.equal(c.provenance.sessionId, 's1');
  assert.equal(c.provenance.source, 'main.jsonl:7');
  assert.equal(c.provenance.time, Date.UTC(2026, 0, 1, 0, 0, 0) + 106 * 1000);
  assert.match(c.provenance.evidence, /\$ npm run e2e\nExit code 1\nError: timeout/);
  assert.equal(c.provenance.agent, 'main');
});

test('the same finding in two sessions has the same id (the inbox de-duplicates on it)', () => {
  const t = main(jsonl(user('x'), bash('t1', 'npm test -- --grep p', false, 'unknown option'), bash('t2', 'npm test', true)));
  const a = mineSession({ sessionId: 'a', cwd: CWD, transcripts: [t], denials: [] });
  const b = mineSession({ sessionId: 'b', cwd: '/elsewhere', transcripts: [t], denials: [] });
  assert.equal(a.length, 1);
  assert.equal(a[0]!.id, b[0]!.id);
  assert.match(a[0]!.id, /^c[0-9a-f]{10}$/);
});

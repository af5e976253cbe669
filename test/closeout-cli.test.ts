// `bosun closeout` and `bosun lessons review` on a real repository: a ledger session recorded by the real
// hook process, a crafted Claude Code transcript (and a subagent's) where the ledger says it is, every
// kind of finding, the inbox in the git common dir, and accepting into project memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bosunInit, HOOK_JS } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';
import { transcriptBuilder } from '../src/memory/closeout/testdata/builders.ts';

const TSX = fileURLToPath(import.meta.resolve('tsx'));
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

const FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**", "test/**"]
    run: ["@read-only", "npm *"]
`;

type Out = { code: number | null; stdout: string; stderr: string };

function cli(repo: TmpRepo, args: string[]): Out {
  const r = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: repo.root, env: repo.env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(o: Out): T {
  assert.equal(o.code, 0, o.stderr);
  return JSON.parse(o.stdout) as T;
}

function hook(repo: TmpRepo, event: string, payload: Record<string, unknown>): Out {
  const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code', event], { cwd: repo.root, env: repo.env, input: JSON.stringify({ cwd: repo.root, hook_event_name: event, ...payload }), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A session as Claude Code would leave it: transcript on disk, the ledger's session row and its deny decision from the real hooks. */
function session(repo: TmpRepo, id: string): string {
  const transcript = join(repo.home, '.claude', 'projects', '-repo', `${id}.jsonl`);
  const b = transcriptBuilder({ cwd: repo.root, sessionId: id });
  const docs = join(repo.root, 'docs/notes.md');
  const deny = hook(repo, 'PreToolUse', { session_id: id, transcript_path: transcript, tool_name: 'Write', tool_input: { file_path: docs, content: 'x' } });
  const reason = (JSON.parse(deny.stdout) as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput.permissionDecisionReason;
  assert.match(reason, /\[bosun rule: edit-scope\]/);
  mkdirSync(dirname(transcript), { recursive: true });
  writeFileSync(
    transcript,
    b.jsonl(
      b.user('tidy the math module and write notes'),
      b.tool('t1', 'Write', { file_path: docs, content: 'x' }, reason, { isError: true }),
      b.bash('t2', 'npm test -- --grep add 2>&1 | tail -20', false, 'npm ERR! unknown option --grep'),
      b.bash('t3', 'npm test', true, 'ok 1 - adds'),
      b.bash('t4', 'npx eslint src', false, 'Error: no eslint config found'),
      b.bash('t5', 'npx eslint src', false, 'Error: no eslint config found'),
      b.bash('t6', 'npx eslint src', false, 'Error: no eslint config found'),
      b.edit('t7', 'src/math.js', 'a+b', 'a + b'),
      b.bash('t8', 'git checkout -- src/math.js', true),
      b.user("No, don't reformat files you were not asked to touch."),
      b.say('Understood.\nLesson [style]: leave formatting alone unless the task is formatting.'),
    ),
  );
  const sub = join(dirname(transcript), id, 'subagents', 'agent-a1.jsonl');
  mkdirSync(dirname(sub), { recursive: true });
  const sb = transcriptBuilder({ cwd: repo.root, sessionId: id });
  writeFileSync(sub, sb.jsonl(sb.user('Audit src'), sb.say('Reading.'), sb.user("No, that's wrong, use grep instead."), sb.bash('s1', 'rg eval', false, 'rg: command not found'), sb.bash('s2', 'rg eval src', false, 'rg: command not found'), sb.bash('s3', 'rg -n eval', false, 'rg: command not found')));
  assert.equal(hook(repo, 'SessionEnd', { session_id: id, transcript_path: transcript, reason: 'other' }).code, 0);
  return transcript;
}

interface CloseoutJson {
  inbox: string;
  pending: number;
  sessions: Array<{ sessionId: string; transcripts: string[]; error: string | null; candidates: Array<{ id: string; kind: string; text: string; topic: string; provenance: { sessionId: string; source: string; evidence: string; time: number | null } }>; filed: { added: string[]; seen: string[]; reviewed: string[] } }>;
}

async function repo(): Promise<TmpRepo> {
  const r = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET, 'src/math.js': 'export const add=(a,b)=>a+b;\n' }, prefix: 'bosun-closeout-cli-' });
  bosunInit(r);
  return r;
}

test('bosun closeout finds every kind, with provenance, files them into the inbox in the common dir, and de-duplicates a second run', async () => {
  await using r = await repo();
  session(r, 'sess-m');
  const out = json<CloseoutJson>(cli(r, ['closeout', '--session', 'sess-m', '--json']));
  assert.equal(out.inbox, join(r.root, '.git', 'bosun', 'memory', 'inbox'));
  const s = out.sessions[0]!;
  assert.equal(s.error, null);
  assert.deepEqual(s.transcripts, ['sess-m.jsonl', 'subagents/agent-a1.jsonl']);
  const byKind = (k: string) => s.candidates.filter((c) => c.kind === k);
  assert.equal(byKind('denied').length, 1, 'the transcript deny and the ledger deny are one finding');
  assert.match(byKind('denied')[0]!.text, /Write docs\/notes\.md was denied \(edit-scope\)/);
  assert.match(byKind('failed-then-fixed')[0]!.text, /`npm test -- --grep add` failed \(npm ERR! unknown option --grep\); `npm test` worked/);
  assert.deepEqual(byKind('repeated-failure').map((c) => c.text).sort(), ['`npx eslint src` failed 3 times in one session (Error: no eslint config found).'], 'the subagent\'s three different rg commands are not one repeated command');
  assert.match(byKind('reverted-edit')[0]!.text, /An edit of src\/math\.js was undone/);
  assert.deepEqual(byKind('correction').map((c) => c.text), ["The user corrected the agent: \"No, don't reformat files you were not asked to touch.\" (after Bash git checkout -- src/math.js)"], 'only the person, not the subagent\'s prompt');
  assert.deepEqual(byKind('stated').map((c) => [c.text, c.topic]), [['leave formatting alone unless the task is formatting.', 'style']]);
  const corr = byKind('correction')[0]!;
  assert.equal(corr.provenance.sessionId, 'sess-m');
  assert.match(corr.provenance.source, /^sess-m\.jsonl:\d+$/);
  assert.equal(typeof corr.provenance.time, 'number');
  assert.equal(s.filed.added.length, s.candidates.length);
  assert.equal(out.pending, s.candidates.length);

  const again = json<CloseoutJson>(cli(r, ['closeout', '--session', 'sess-m', '--json']));
  assert.deepEqual(again.sessions[0]!.filed.added, [], 'nothing new the second time');
  assert.equal(again.sessions[0]!.filed.seen.length, s.candidates.length);
  assert.equal(again.pending, s.candidates.length);

  const text = cli(r, ['closeout', '--session', 'sess-m']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /session sess-m: mined sess-m\.jsonl and 1 subagent transcript: \d+ candidates \(0 new/);
  assert.match(text.stdout, /waiting: bosun lessons review/);
});

test('bosun lessons review: lists with provenance, edits, accepts into INDEX.md, rejects with a record; reviewed findings stay out', async () => {
  await using r = await repo();
  session(r, 'sess-r');
  const mined = json<CloseoutJson>(cli(r, ['closeout', '--json'])).sessions[0]!;
  assert.equal(mined.sessionId, 'sess-r', 'the most recent session by default');
  const listed = cli(r, ['lessons', 'review']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`${mined.candidates.length} candidates waiting`));
  assert.match(listed.stdout, /session sess-r · \d{4}-\d\d-\d\d \d\d:\d\d · sess-r\.jsonl:\d+/);

  const fixed = mined.candidates.find((c) => c.kind === 'failed-then-fixed')!;
  const edited = json<{ candidate: { text: string } }>(cli(r, ['lessons', 'review', '--edit', fixed.id.slice(0, 6), 'npm test takes no --grep: run node --test --test-name-pattern instead.', '--json']));
  assert.equal(edited.candidate.text, 'npm test takes no --grep: run node --test --test-name-pattern instead.');
  const accepted = json<{ candidate: { status: string; resolution: { lessonId: string } } }>(cli(r, ['lessons', 'review', '--accept', fixed.id, '--topic', 'tests', '--json']));
  assert.equal(accepted.candidate.status, 'accepted');
  const lessonId = accepted.candidate.resolution.lessonId;
  assert.match(lessonId, /^L\d{3,}$/);
  const index = readFileSync(join(r.root, '.bosun', 'memory', 'INDEX.md'), 'utf8');
  assert.match(index, new RegExp(`${lessonId} \\[tests\\] npm test takes no --grep`));

  const denied = mined.candidates.find((c) => c.kind === 'denied')!;
  const rejected = cli(r, ['lessons', 'review', '--reject', denied.id, '--note', 'the scope is right']);
  assert.equal(rejected.code, 0, rejected.stderr);
  assert.match(rejected.stdout, new RegExp(`rejected ${denied.id}`));
  assert.ok(existsSync(join(r.root, '.git', 'bosun', 'memory', 'inbox', 'done', `${denied.id}.json`)));

  const reviewed = json<{ reviewed: Array<{ id: string; status: string }> }>(cli(r, ['lessons', 'review', '--reviewed', '--json']));
  assert.deepEqual(reviewed.reviewed.map((e) => [e.id, e.status]).sort(), [[denied.id, 'rejected'], [fixed.id, 'accepted']].sort());

  const again = json<CloseoutJson>(cli(r, ['closeout', '--session', 'sess-r', '--json']));
  assert.deepEqual(again.sessions[0]!.filed.reviewed.sort(), [denied.id, fixed.id].sort());
  assert.equal(again.pending, mined.candidates.length - 2);

  const unknown = cli(r, ['lessons', 'review', '--accept', 'cdeadbeef']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no pending candidate "cdeadbeef"/);
});

test('bosun closeout: an unknown session is a usage error; --transcript mines a file the ledger does not know', async () => {
  await using r = await repo();
  const unknown = cli(r, ['closeout', '--session', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no session "nope"/);
  const file = join(r.home, 'loose.jsonl');
  const b = transcriptBuilder({ cwd: r.root, sessionId: 'sess-loose' });
  writeFileSync(file, b.jsonl(b.user('go'), b.say('Done.'), b.user('Stop. Use the ledger helper instead.')));
  const out = json<CloseoutJson>(cli(r, ['closeout', '--transcript', file, '--json']));
  assert.equal(out.sessions[0]!.sessionId, 'sess-loose');
  assert.deepEqual(out.sessions[0]!.candidates.map((c) => c.kind), ['correction']);

  // A file of the wrong kind is said to be one, not mined into "0 candidates".
  const notes = join(r.home, 'notes.jsonl');
  writeFileSync(notes, '{"level":"info","msg":"server started"}\nplain text\n');
  const wrong = cli(r, ['closeout', '--transcript', notes]);
  assert.equal(wrong.code, 2, wrong.stdout + wrong.stderr);
  assert.match(wrong.stderr, /holds no Claude Code transcript records/);
});

test('bosun lessons review --accept works without a fleet file (default budget, like `bosun lesson add`)', async () => {
  await using r = await createTmpRepo({ files: { 'src/math.js': 'export const add=(a,b)=>a+b;\n' }, prefix: 'bosun-closeout-nofleet-' });
  const file = join(r.home, 'loose.jsonl');
  const b = transcriptBuilder({ cwd: r.root, sessionId: 'sess-nofleet' });
  writeFileSync(file, b.jsonl(b.user('go'), b.say('Done.\nLesson [build]: run the build with node 20, older versions fail on import attributes.\nline 3\nline 4\nline 5\nline 6')));
  const mined = json<CloseoutJson>(cli(r, ['closeout', '--transcript', file, '--json'])).sessions[0]!;
  assert.deepEqual(mined.candidates.map((c) => c.kind), ['stated']);
  // The listing shows the start of the evidence and says how much more there is.
  const listed = cli(r, ['lessons', 'review']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /\| line 4\n {4}\| … 2 more line\(s\): --json shows the whole evidence\n/);
  const accepted = json<{ candidate: { status: string; resolution: { lessonId: string } } }>(cli(r, ['lessons', 'review', '--accept', mined.candidates[0]!.id, '--json']));
  assert.equal(accepted.candidate.status, 'accepted');
  assert.match(readFileSync(join(r.root, '.bosun', 'memory', 'INDEX.md'), 'utf8'), new RegExp(`${accepted.candidate.resolution.lessonId} \\[build\\] run the build with node 20`));
});

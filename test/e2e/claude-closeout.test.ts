// Memory at the end of a session, end to end: the real Claude Code binary (2.1.197) with bosun's hooks
// wired by `bosun init`, a scripted local model. Two things bosun does at Stop, one per case:
//   - the close-out checklist (fleet `memory.closeout: ask`, the default): a session that edited files is
//     blocked once, with the checklist, and may end after answering "No new lessons.";
//   - memory drift (fleet `memory.core`): an edit of a core file gets PostToolUse context, an unpaid memory
//     debt blocks the stop once, and `bosun lesson ack` run through the Bash tool pays it.
// Each case checks what the model was told (the next request the server received), that the session
// ended (exit 0, no request past the script) and what the ledger recorded. bosun must be built (dist/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test, type TestContext } from 'node:test';
import { openLedger, type Ledger } from '../../src/ledger/index.ts';
import { closeoutChecklist } from '../../src/memory/closeout/checklist.ts';
import { BOSUN_BIN, bosun, bosunInit, bosunLog, formatDecisions, requireBuilt } from '../helpers/bosun.ts';
import { runClaude, type ClaudeRun } from '../helpers/claude.ts';
import { conversationText, lastToolResults, lastUserContent, contentText } from '../helpers/model-request.ts';
import { startModelServer, type ModelServer, type ToolCall } from '../helpers/model-server.ts';
import { createTmpRepo, type TmpRepo } from '../helpers/tmp-repo.ts';

/** No `checks`: no claim can map to a check, so verification never blocks and only the close-out speaks. */
const CLOSEOUT_FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**"]
    run: ["@read-only"]
`;

/** `node *` lets the agent run the built CLI (node <BOSUN_BIN> lesson ack …); the checklist is off: one thing per case. */
const DRIFT_FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**"]
    run: ["@read-only", "node *"]
memory:
  core: ["src/schema.ts"]
  closeout: off
`;

const SCHEMA = 'export interface User {\n  id: string;\n}\n';
/** A lesson that names the core file: the PostToolUse context must point at it. */
const INDEX = '# scratch — project memory\n\n- L001 [db] src/schema.ts: user ids are UUID strings, never numbers.\n';

const PROMPT = 'Add a small helper.';
const DRIFT_PROMPT = 'Document the user id.';
const FEEDBACK = 'Stop hook feedback';
/** The checklist's opening words (src/memory/closeout/checklist.ts): marks "bosun asked the close-out". */
const CHECKLIST_MARK = 'bosun close-out (asked once per session that changed files)';
/** The PostToolUse context and the Stop reason of a memory debt (src/hooks/memory-drift.ts). */
const DRIFT_CONTEXT = 'bosun: src/schema.ts is a memory core file (fleet memory.core)';
const DEBT_REASON = 'bosun: this session changed memory core file src/schema.ts, and the project memory was not updated.';
const ACK_WHY = 'schema comment only';

// ---------------------------------------------------------------------------------------------
// repo, run, ledger

async function repoWith(files: Record<string, string>, prefix: string): Promise<TmpRepo> {
  const repo = await createTmpRepo({ files, prefix });
  try {
    bosunInit(repo);
    const settings = readFileSync(join(repo.root, '.claude/settings.json'), 'utf8');
    for (const ev of ['PostToolUse', 'Stop']) {
      assert.match(settings, new RegExp(`hook\\.cjs\\\\?" claude-code ${ev}\\b`), `bosun init wired ${ev}`);
    }
    return repo;
  } catch (err) {
    await repo.dispose();
    throw err;
  }
}

/** No outer BOSUN_AGENT (default_agent applies), verification and memory as the fleet says. */
function sessionEnv(repo: TmpRepo): Record<string, string> {
  return { ...repo.env, BOSUN_AGENT: '', BOSUN_VERIFY: '', BOSUN_MEMORY: '' };
}

const labelsOf = (server: ModelServer): string[] => server.loopRequests().map((q) => q.label ?? '(exhausted)');

async function run(t: TestContext, repo: TmpRepo, server: ModelServer, prompt: string): Promise<ClaudeRun> {
  const r = await runClaude({ cwd: repo.root, env: sessionEnv(repo), prompt, serverUrl: server.url, timeoutMs: 120_000 });
  const labels = labelsOf(server);
  t.diagnostic(`claude ran ${r.durationMs} ms, ${labels.length} loop requests: ${labels.join(', ')}`);
  assert.equal(r.code, 0, `claude exited ${r.code}\nstderr: ${r.stderr}\nstdout tail: ${r.stdout.slice(-2000)}`);
  assert.equal(r.result?.subtype, 'success', `result: ${JSON.stringify(r.result)}`);
  assert.ok(r.sessionId, 'the run reported its session id');
  assert.deepEqual(server.errors, []);
  assert.deepEqual(server.unusedSteps(), [], `every scripted step was consumed; requests: ${labels.join(', ')}`);
  // No request past the script: one more would mean a stop was blocked again (a loop).
  assert.ok(!labels.includes('(exhausted)'), `no request beyond the script; requests: ${labels.join(', ')}`);
  return r;
}

function withLedger<T>(repo: TmpRepo, f: (ledger: Ledger) => T): T {
  const ledger = openLedger({ commonDir: join(repo.root, '.git'), readonly: true });
  try {
    return f(ledger);
  } finally {
    ledger.close();
  }
}

/** What the model was told after the step `label`: Stop hook feedback carrying `reason`. */
function feedbackAfter(server: ModelServer, label: string, reason: string): string {
  const seen = lastUserContent(server.continuationOf(label));
  assert.ok(seen.includes(FEEDBACK), `after ${label} the model got Stop hook feedback; it saw:\n${seen}`);
  assert.ok(seen.includes(reason), `after ${label} the feedback carries bosun's reason; it saw:\n${seen}`);
  return seen;
}

/** Loop requests whose new tail (what the model was just told) contains `text`. */
function requestsTold(server: ModelServer, text: string): string[] {
  return server
    .loopRequests()
    .filter((q) => q.body !== undefined && lastUserContent(q.body).includes(text))
    .map((q) => q.label ?? '(exhausted)');
}

const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

// ---------------------------------------------------------------------------------------------
// scripted tool calls

const abs = (repo: TmpRepo, rel: string): string => join(repo.root, rel);

function writeCall(repo: TmpRepo, rel: string, content: string): ToolCall {
  return { name: 'Write', input: { file_path: abs(repo, rel), content } };
}

function readCall(repo: TmpRepo, rel: string): ToolCall {
  return { name: 'Read', input: { file_path: abs(repo, rel) } };
}

function editCall(repo: TmpRepo, rel: string, oldString: string, newString: string): ToolCall {
  return { name: 'Edit', input: { file_path: abs(repo, rel), old_string: oldString, new_string: newString, replace_all: false } };
}

function bashCall(command: string, description: string): ToolCall {
  return { name: 'Bash', input: { command, description } };
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describe('bosun closes out sessions of the real Claude Code (scripted model)', { concurrency: 2, timeout: 300_000 }, () => {
  before(() => requireBuilt());

  test('close-out checklist: a session that wrote a file is blocked once with the checklist, answers "No new lessons." and ends', async (t) => {
    await using repo = await repoWith({ '.bosun/fleet.yaml': CLOSEOUT_FLEET, 'src/index.js': 'export {};\n' }, 'bosun-e2e-closeout-');
    const HELPER = 'export const double = (n) => n * 2;\n';
    await using server = await startModelServer([
      { label: 'write', tools: [writeCall(repo, 'src/helper.js', HELPER)] },
      { label: 'claim-nothing', text: 'I added the helper.' },
      { label: 'no-lessons', text: 'No new lessons.' },
    ]);
    const r = await run(t, repo, server, PROMPT);

    assert.equal(readFileSync(abs(repo, 'src/helper.js'), 'utf8'), HELPER, 'the scripted Write landed');
    assert.deepEqual(labelsOf(server), ['write', 'claim-nothing', 'no-lessons'], 'one extra turn: the answer to the checklist');

    // The whole checklist, for the one file the session changed (repo-relative), reached the model.
    const expected = closeoutChecklist({ editedPaths: ['src/helper.js'], denials: 0 });
    const seen = feedbackAfter(server, 'claim-nothing', expected);
    t.diagnostic(`the model was told:\n${seen}`);
    assert.equal(server.answeredBy('no-lessons').body, server.continuationOf('claim-nothing'), '"No new lessons." answers the checklist');

    // Once, not a loop: only that request was newly told the checklist, and the last request holds it once.
    assert.deepEqual(requestsTold(server, CHECKLIST_MARK), ['no-lessons']);
    assert.equal(occurrences(conversationText(server.answeredBy('no-lessons').body!), CHECKLIST_MARK), 1, 'one checklist block in the whole conversation');
    // Before the stop nothing was asked (the Write's PostToolUse adds no close-out text).
    assert.ok(!conversationText(server.answeredBy('claim-nothing').body!).includes(CHECKLIST_MARK), 'no checklist before the first stop');

    // The ledger: the Write was allowed and recorded as the session's edit; the checklist was asked, once.
    const { decisions } = bosunLog(repo);
    const writes = decisions.filter((d) => d.sessionId === r.sessionId && d.tool === 'Write');
    assert.deepEqual(
      writes.map((d) => [d.agent, d.decision, d.target]),
      [['lead', 'allow', abs(repo, 'src/helper.js')]],
      `the Write, allowed for lead:\n${formatDecisions(decisions)}`,
    );
    const { row, edited } = withLedger(repo, (l) => ({ row: l.closeoutRow(r.sessionId!), edited: l.sessionEditedPaths(r.sessionId!) }));
    t.diagnostic(`closeouts row: ${JSON.stringify(row)}; edited: ${edited.join(', ')}`);
    assert.deepEqual(edited, [abs(repo, 'src/helper.js')], 'the ledger holds the one edit of the session');
    assert.ok(row !== null && typeof row.checklistAt === 'number', `the closeouts row records the checklist as asked: ${JSON.stringify(row)}`);

    // Verification stayed out of it: neither stop claimed anything checkable.
    const s = bosun(repo, ['status', '--json']);
    assert.equal(s.code, 0, s.stderr);
    const { sessions } = JSON.parse(s.stdout) as { sessions: { session: string; verdicts: { event: string; verdict: string }[] }[] };
    const mine = sessions.find((x) => x.session === r.sessionId);
    assert.ok(mine, `status lists the session: ${s.stdout}`);
    assert.ok(
      mine.verdicts.every((v) => v.verdict !== 'blocked'),
      `no verification block: ${JSON.stringify(mine.verdicts)}`,
    );
  });

  test('memory drift: an edit of a memory.core file gets context, the stop is blocked once for the debt, `bosun lesson ack` via Bash pays it', async (t) => {
    await using repo = await repoWith(
      { '.bosun/fleet.yaml': DRIFT_FLEET, '.bosun/memory/INDEX.md': INDEX, 'src/schema.ts': SCHEMA },
      'bosun-e2e-drift-',
    );
    const ackCommand = `node ${shellQuote(BOSUN_BIN)} lesson ack ${shellQuote(ACK_WHY)}`;
    await using server = await startModelServer([
      { label: 'read', tools: [readCall(repo, 'src/schema.ts')] },
      { label: 'edit-core', tools: [editCall(repo, 'src/schema.ts', '  id: string;', '  /** A UUID. */\n  id: string;')] },
      { label: 'done', text: 'I documented the user id.' },
      { label: 'ack', tools: [bashCall(ackCommand, 'acknowledge the memory debt')] },
      { label: 'finish', text: 'Acknowledged: the project memory needs no change.' },
    ]);
    const r = await run(t, repo, server, DRIFT_PROMPT);

    assert.match(readFileSync(abs(repo, 'src/schema.ts'), 'utf8'), /\/\*\* A UUID\. \*\/\n {2}id: string;/, 'the scripted Edit landed');
    assert.deepEqual(labelsOf(server), ['read', 'edit-core', 'done', 'ack', 'finish'], 'one extra turn: the ack, then the session ended');

    // PostToolUse of the Edit: the memory context is in the very next request, with the lesson that names the file.
    const afterEdit = lastUserContent(server.continuationOf('edit-core'));
    t.diagnostic(`after the edit the model was told:\n${afterEdit}`);
    assert.ok(afterEdit.includes(DRIFT_CONTEXT), `the memory.core context reached the model; it saw:\n${afterEdit}`);
    assert.match(afterEdit, /Lessons that mention it: L001 \[db\]/);
    assert.ok(!conversationText(server.answeredBy('edit-core').body!).includes(DRIFT_CONTEXT), 'no memory context after the Read alone');
    assert.deepEqual(requestsTold(server, DRIFT_CONTEXT), ['done'], 'the context came once, right after the edit');

    // Stop: blocked once with the memory-debt reason.
    const seen = feedbackAfter(server, 'done', DEBT_REASON);
    t.diagnostic(`at the stop the model was told:\n${seen}`);
    assert.equal(server.answeredBy('ack').body, server.continuationOf('done'), 'the ack answers the block');
    assert.deepEqual(requestsTold(server, DEBT_REASON), ['ack'], 'the debt blocked one stop');
    assert.equal(occurrences(conversationText(server.answeredBy('finish').body!), DEBT_REASON), 1);
    assert.ok(!conversationText(server.answeredBy('finish').body!).includes(CHECKLIST_MARK), 'closeout: off: no checklist');

    // The ack ran (bosun allowed it) and paid this session's debt.
    const results = lastToolResults(server.continuationOf('ack'));
    const out = results.map((b) => contentText(b.content)).join('\n');
    t.diagnostic(`bosun lesson ack printed:\n${out}`);
    assert.ok(results.every((b) => b.is_error !== true), `the ack command succeeded:\n${out}`);
    assert.ok(out.includes(`paid 1 memory debt of session ${r.sessionId}`), `the CLI paid the debt of this session:\n${out}`);
    const { decisions } = bosunLog(repo);
    const bash = decisions.filter((d) => d.sessionId === r.sessionId && d.tool === 'Bash');
    assert.deepEqual(bash.map((d) => d.decision), ['allow'], `the ack was allowed by the run list:\n${formatDecisions(decisions)}`);

    const debts = withLedger(repo, (l) => l.memoryDebts(r.sessionId!));
    t.diagnostic(`memory debts: ${JSON.stringify(debts)}`);
    assert.deepEqual(
      debts.map((d) => [d.path, d.agent, d.blockedAt !== null, d.paidAt !== null, d.paidBy]),
      [['src/schema.ts', 'lead', true, true, `ack: ${ACK_WHY}`]],
      'one debt, for the core file: blocked once, then paid by the ack',
    );
    assert.ok(debts[0]!.paidAt! >= debts[0]!.blockedAt!, 'paid after the block');
  });
});

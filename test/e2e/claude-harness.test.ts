// Proves the e2e harness against the real Claude Code binary (2.1.197), no bosun involved: a
// scripted local model drives real tool calls, and a recording hook shows what Claude Code fired.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { runClaude, type ClaudeRun } from '../helpers/claude.ts';
import { firstUserText, lastToolResults, lastUserContent, toolNames, type MessagesRequest } from '../helpers/model-request.ts';
import { startModelServer, type ModelServer, type ToolCall } from '../helpers/model-server.ts';
import { installRecordingHook, type HookPayload } from '../helpers/recording-hook.ts';
import { createTmpRepo, type TmpRepo } from '../helpers/tmp-repo.ts';

function writeCall(repo: TmpRepo, name: string, content: string): ToolCall {
  return { name: 'Write', input: { file_path: join(repo.root, name), content } };
}

function assertClean(t: TestContext, run: ClaudeRun, server: ModelServer): void {
  t.diagnostic(`claude ran ${run.durationMs} ms, ${server.loopRequests().length} loop requests`);
  assert.equal(run.code, 0, `claude exited ${run.code}\n${run.stderr}`);
  assert.equal(run.result?.subtype, 'success');
  assert.deepEqual(server.errors, []);
  assert.deepEqual(server.unusedSteps(), []);
}

function events(log: HookPayload[], name: string): HookPayload[] {
  return log.filter((p) => p.hook_event_name === name);
}

function fileOf(p: HookPayload): string {
  return String(p.tool_input?.file_path ?? '');
}

interface JsonReply {
  content: Array<{ type: string; text?: string; id?: string; name?: string; input?: unknown }>;
  stop_reason: string;
  input_tokens?: number;
}

async function postJson(url: string, init: RequestInit): Promise<JsonReply> {
  return (await (await fetch(url, init)).json()) as JsonReply;
}

describe('model server (no binary)', () => {
  const loop = (prompt: string, stream: boolean): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'm',
      stream,
      tools: [{ name: 'Write' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
    }),
  });

  test('scripts loop requests only, in order, with predicates; answers side requests plainly', async () => {
    await using server = await startModelServer([
      { label: 'sub', when: (r) => firstUserText(r) === 'sub', text: 'from sub' },
      { label: 'main', text: 'calling', tools: [{ name: 'Write', input: { file_path: '/x', content: 'y' } }] },
    ]);
    const url = `${server.url}/v1/messages?beta=true`;
    assert.equal((await fetch(server.url, { method: 'HEAD' })).status, 200);
    const side = { method: 'POST', body: JSON.stringify({ model: 'm', tools: [], messages: [{ role: 'user', content: 't' }] }) };
    assert.deepEqual((await postJson(url, side)).content, [{ type: 'text', text: 'done.' }]);
    const counted = await postJson(`${server.url}/v1/messages/count_tokens?beta=true`, side);
    assert.equal(typeof counted.input_tokens, 'number');

    const main = await postJson(url, loop('main', false));
    assert.equal(main.stop_reason, 'tool_use');
    const call = main.content[1];
    assert.deepEqual(call, { type: 'tool_use', id: call?.id, name: 'Write', input: { file_path: '/x', content: 'y' } });
    assert.match(String(call?.id), /^toolu_/);

    const sse = await (await fetch(url, loop('sub', true))).text();
    const types = [...sse.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(types, ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    assert.match(sse, /"text_delta","text":"from sub"/);
    assert.match(sse, /"stop_reason":"end_turn"/);

    const exhausted = await postJson(url, loop('main', false));
    assert.deepEqual(exhausted.content, [{ type: 'text', text: 'done.' }]);
    assert.equal((await fetch(`${server.url}/v1/other`, { method: 'POST', body: '{}' })).status, 404);
    assert.deepEqual(server.loopRequests().map((r) => r.label), ['main', 'sub', undefined]);
    assert.deepEqual(server.unusedSteps(), []);
    assert.deepEqual(server.requests.map((r) => r.kind), ['other', 'side', 'count_tokens', 'loop', 'loop', 'loop', 'other']);
  });

  test('a script function sees each loop request and its index', async () => {
    await using server = await startModelServer((req, { index }) =>
      index === 0 ? { label: 'echo', text: `echo: ${firstUserText(req)}` } : undefined,
    );
    const url = `${server.url}/v1/messages`;
    assert.deepEqual((await postJson(url, loop('ping', false))).content, [{ type: 'text', text: 'echo: ping' }]);
    assert.deepEqual((await postJson(url, loop('again', false))).content, [{ type: 'text', text: 'done.' }]);
    assert.equal(server.answeredBy('echo').seq, 1);
  });
});

describe('claude harness (real binary, scripted model)', { concurrency: 2 }, () => {
  test('a scripted Write creates the file and fires PreToolUse/PostToolUse', async (t) => {
    await using repo = await createTmpRepo();
    const hook = installRecordingHook(repo);
    await using server = await startModelServer([
      { label: 'write', text: 'Writing it.', tools: [writeCall(repo, 'hello.txt', 'hello\n')] },
    ]);
    const run = await runClaude({ cwd: repo.root, env: repo.env, prompt: 'write hello.txt', serverUrl: server.url });
    assertClean(t, run, server);

    assert.equal(readFileSync(join(repo.root, 'hello.txt'), 'utf8'), 'hello\n');
    const log = hook.read();
    const pre = events(log, 'PreToolUse').find((p) => p.tool_name === 'Write');
    const post = events(log, 'PostToolUse').find((p) => p.tool_name === 'Write');
    assert.equal(pre && fileOf(pre), join(repo.root, 'hello.txt'));
    assert.equal(post && fileOf(post), join(repo.root, 'hello.txt'));
    assert.deepEqual(
      log.map((p) => p.hook_event_name).filter((e) => e !== 'SessionEnd'),
      ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop'],
    );
    assert.ok(run.transcriptPath && existsSync(run.transcriptPath), 'transcript written under the temp HOME');
    assert.equal(pre?.transcript_path, run.transcriptPath);
    assert.match(lastUserContent(server.continuationOf('write')), /File created successfully/);
  });

  test('a PreToolUse deny blocks the Write and its reason reaches the model', async (t) => {
    await using repo = await createTmpRepo();
    const hook = installRecordingHook(repo, { denyWriteTo: 'blocked.txt', denyReason: 'NOPE-REASON' });
    await using server = await startModelServer([
      { label: 'blocked', tools: [writeCall(repo, 'blocked.txt', 'nope\n')] },
    ]);
    const run = await runClaude({ cwd: repo.root, env: repo.env, prompt: 'write blocked.txt', serverUrl: server.url });
    assertClean(t, run, server);

    assert.equal(existsSync(join(repo.root, 'blocked.txt')), false);
    const next = server.continuationOf('blocked');
    assert.match(lastUserContent(next), /NOPE-REASON/);
    assert.equal(lastToolResults(next)[0]?.is_error, true);
    const log = hook.read();
    assert.equal(events(log, 'PreToolUse').filter((p) => fileOf(p).endsWith('/blocked.txt')).length, 1);
    assert.equal(events(log, 'PostToolUse').length, 0);
  });

  test('a subagent Write carries agent_type and SubagentStart/SubagentStop fire', async (t) => {
    await using repo = await createTmpRepo();
    repo.write(
      '.claude/agents/helper.md',
      '---\nname: helper\ndescription: Writes the file it is asked to write.\ntools: Write, Read\n---\nYou write files.\n',
    );
    const hook = installRecordingHook(repo);
    const inSubagent = (req: MessagesRequest): boolean => firstUserText(req) === 'Write sub.txt';
    await using server = await startModelServer([
      {
        label: 'delegate',
        text: 'Delegating.',
        tools: [{ name: 'Agent', input: { description: 'write a file', prompt: 'Write sub.txt', subagent_type: 'helper' } }],
      },
      { label: 'sub-write', when: inSubagent, tools: [writeCall(repo, 'sub.txt', 'from helper\n')] },
      { label: 'sub-done', when: inSubagent, text: 'SUB-FINISHED' },
      { label: 'main-done', text: 'The helper wrote it.' },
    ]);
    const run = await runClaude({ cwd: repo.root, env: repo.env, prompt: 'delegate to helper', serverUrl: server.url });
    assertClean(t, run, server);

    assert.equal(readFileSync(join(repo.root, 'sub.txt'), 'utf8'), 'from helper\n');
    // The subagent's requests come while the Agent call runs, in order, with its own tool set.
    assert.deepEqual(
      server.loopRequests().map((r) => r.label),
      ['delegate', 'sub-write', 'sub-done', 'main-done'],
    );
    const subReq = server.answeredBy('sub-write').body;
    assert.deepEqual(subReq && toolNames(subReq).sort(), ['Read', 'Write']);
    assert.match(lastUserContent(server.continuationOf('delegate')), /SUB-FINISHED/);

    const log = hook.read();
    const subWrite = events(log, 'PreToolUse').find((p) => p.tool_name === 'Write');
    assert.equal(subWrite?.agent_type, 'helper');
    assert.equal(typeof subWrite?.agent_id, 'string');
    const start = events(log, 'SubagentStart');
    const stop = events(log, 'SubagentStop');
    assert.deepEqual(start.map((p) => p.agent_type), ['helper']);
    assert.deepEqual(stop.map((p) => p.agent_type), ['helper']);
    assert.equal(stop[0]?.agent_id, subWrite?.agent_id);
    assert.equal(stop[0]?.last_assistant_message, 'SUB-FINISHED');
    const agentPre = events(log, 'PreToolUse').find((p) => p.tool_name === 'Agent');
    assert.equal(agentPre?.agent_type, undefined, 'main-loop payloads carry no agent_type');
    const order = log.map((p) => `${p.hook_event_name}:${p.tool_name ?? ''}`);
    assert.deepEqual(order.slice(2, 8), [
      'PreToolUse:Agent',
      'SubagentStart:',
      'PreToolUse:Write',
      'PostToolUse:Write',
      'SubagentStop:',
      'PostToolUse:Agent',
    ]);
  });

  test('parallel Agent calls interleave their subagents; `when` predicates keep each script apart', async (t) => {
    await using repo = await createTmpRepo();
    repo.write('.claude/agents/helper.md', '---\nname: helper\ndescription: Writes files.\ntools: Write\n---\nYou write files.\n');
    installRecordingHook(repo);
    const prompt = (text: string) => (req: MessagesRequest): boolean => firstUserText(req) === text;
    const agent = (task: string): ToolCall => ({ name: 'Agent', input: { description: task, prompt: task, subagent_type: 'helper' } });
    await using server = await startModelServer([
      { label: 'fan-out', tools: [agent('TASK-A'), agent('TASK-B')] },
      { label: 'a-write', when: prompt('TASK-A'), tools: [writeCall(repo, 'a.txt', 'a')] },
      { label: 'a-done', when: prompt('TASK-A'), text: 'A-DONE' },
      { label: 'b-write', when: prompt('TASK-B'), tools: [writeCall(repo, 'b.txt', 'b')] },
      { label: 'b-done', when: prompt('TASK-B'), text: 'B-DONE' },
      { label: 'final', when: prompt('fan out'), text: 'Both done.' },
    ]);
    const run = await runClaude({ cwd: repo.root, env: repo.env, prompt: 'fan out', serverUrl: server.url });
    assertClean(t, run, server);

    assert.ok(existsSync(join(repo.root, 'a.txt')) && existsSync(join(repo.root, 'b.txt')));
    const seen = lastUserContent(server.continuationOf('fan-out'));
    assert.match(seen, /A-DONE/);
    assert.match(seen, /B-DONE/);
    t.diagnostic(`arrival order: ${server.loopRequests().map((r) => r.label).join(', ')}`);
  });

  test('a Stop block comes back to the model as "Stop hook feedback"', async (t) => {
    await using repo = await createTmpRepo();
    const hook = installRecordingHook(repo, { blockStopReason: 'STOP-REASON' });
    await using server = await startModelServer([{ label: 'finish', text: 'All tests pass.' }]);
    const run = await runClaude({ cwd: repo.root, env: repo.env, prompt: 'finish up', serverUrl: server.url });
    assertClean(t, run, server);

    const seen = lastUserContent(server.continuationOf('finish'));
    assert.match(seen, /Stop hook feedback/);
    assert.match(seen, /STOP-REASON/);
    const stops = events(hook.read(), 'Stop');
    assert.deepEqual(stops.map((p) => p.stop_hook_active), [false, true]);
    assert.equal(stops[0]?.last_assistant_message, 'All tests pass.');
  });

  test('SessionStart additionalContext reaches the model', async (t) => {
    await using repo = await createTmpRepo();
    installRecordingHook(repo, { sessionContext: 'SESSION-CONTEXT-MARKER' });
    await using server = await startModelServer([{ label: 'first', text: 'Hello.' }]);
    const run = await runClaude({ cwd: repo.root, env: repo.env, prompt: 'hello', serverUrl: server.url });
    assertClean(t, run, server);

    const first = server.answeredBy('first').body;
    assert.ok(first);
    assert.match(lastUserContent(first), /SessionStart hook additional context: SESSION-CONTEXT-MARKER/);
    assert.ok(first.messages.some((m) => m.role === 'system'), 'hook context arrives as a system-role message');
  });
});

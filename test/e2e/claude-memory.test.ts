// Project memory reaches the model: the real Claude Code binary (2.1.197) with bosun's hooks wired by
// `bosun init`, in worktree B of a repository whose lesson was added in worktree A (not merged). The
// scripted model server records every request: the SessionStart context must be in the main loop's
// first request, the SubagentStart context in the subagent's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { bosun, requireBuilt } from '../helpers/bosun.ts';
import { runClaude } from '../helpers/claude.ts';
import { conversationText, firstUserText, type MessagesRequest } from '../helpers/model-request.ts';
import { startModelServer } from '../helpers/model-server.ts';
import { createTmpRepo } from '../helpers/tmp-repo.ts';

const FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**"]
    run: ["@read-only"]
  helper:
    role: Helps with code.
    edit: ["src/**"]
    run: ["@read-only"]
memory:
  closeout: off
`;

const LESSON = 'Invoices are immutable once sent: correct them with a credit note, never an UPDATE.';
const MAIN_PROMPT = 'Check the invoice module.';
const SUB_PROMPT = 'Look at src/invoice.js.';

const inMain = (req: MessagesRequest): boolean => firstUserText(req) === MAIN_PROMPT;
const inSub = (req: MessagesRequest): boolean => firstUserText(req) === SUB_PROMPT;

describe('project memory reaches the real Claude Code', { timeout: 180_000 }, () => {
  before(() => requireBuilt());

  test('SessionStart and SubagentStart context (with a lesson pending from another worktree) are in the model requests', async (t) => {
    await using repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET, 'src/invoice.js': 'export const send = () => {};\n' }, prefix: 'bosun-e2e-memory-' });
    const b = join(repo.dir, 'wt-b');
    repo.git('worktree', 'add', '-q', '-b', 'feature-b', b);
    const added = bosun(repo, ['lesson', 'add', LESSON, '--topic', 'billing']);
    assert.equal(added.code, 0, added.stderr);
    const init = bosun(repo, ['init', '--yes'], { cwd: b });
    assert.equal(init.code, 0, init.stderr);

    await using server = await startModelServer([
      { label: 'delegate', when: inMain, tools: [{ name: 'Agent', input: { description: 'look at invoices', prompt: SUB_PROMPT, subagent_type: 'helper' } }] },
      { label: 'sub-done', when: inSub, text: 'Nothing to change.' },
      { label: 'main-done', when: inMain, text: 'Checked.' },
    ]);
    const r = await runClaude({ cwd: b, env: { ...repo.env, BOSUN_AGENT: '', BOSUN_VERIFY: '', BOSUN_MEMORY: '' }, prompt: MAIN_PROMPT, serverUrl: server.url, timeoutMs: 120_000 });
    t.diagnostic(`claude ran ${r.durationMs} ms; requests: ${server.loopRequests().map((q) => q.label ?? '(exhausted)').join(', ')}`);
    assert.equal(r.code, 0, `claude exited ${r.code}\nstderr: ${r.stderr}\nstdout tail: ${r.stdout.slice(-2000)}`);
    assert.deepEqual(server.errors, []);
    assert.deepEqual(server.unusedSteps(), []);

    const main = conversationText(server.answeredBy('delegate').body!);
    assert.match(main, /SessionStart hook additional context: bosun project memory for wt-b/);
    assert.ok(main.includes(`- L001 [billing] ${LESSON} (pending: added in another worktree)`), `the lesson is in the main request:\n${main.slice(0, 3000)}`);
    assert.match(main, /## Maintenance due/);

    const sub = conversationText(server.answeredBy('sub-done').body!);
    assert.match(sub, /SubagentStart hook additional context: bosun project memory for wt-b/);
    assert.ok(sub.includes(`- L001 [billing] ${LESSON}`), `the lesson is in the subagent's request:\n${sub.slice(0, 3000)}`);
    assert.ok(!sub.includes('## Maintenance due'), "the subagent does not get the main session's chores");
  });
});

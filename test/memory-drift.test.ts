// Memory drift through the real hook entry (dist/hook.cjs): an edit of a memory.core file asks for a
// memory update and records a debt; Stop blocks once for an unpaid debt; `bosun lesson ack|add` pays.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { BOSUN_BIN, bosun, HOOK_JS, requireBuilt } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const FLEET = `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**"]
    run: ["@read-only", "bosun *", "npx bosun *", "echo *"]
memory:
  core: ["src/db/schema.ts", "package.json"]
  closeout: off                # the close-out checklist has its own tests
`;

interface Answer {
  code: number | null;
  stdout: string;
  stderr: string;
  json: { decision?: string; reason?: string; hookSpecificOutput?: { additionalContext?: string } } | null;
}

function hook(repo: TmpRepo, event: string, payload: Record<string, unknown>, env: Record<string, string> = {}): Answer {
  const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code', event], {
    cwd: repo.root,
    env: { ...repo.env, BOSUN_AGENT: '', BOSUN_VERIFY: 'off', ...env },
    input: JSON.stringify({ transcript_path: join(repo.dir, 't.jsonl'), cwd: repo.root, hook_event_name: event, ...payload }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, `${event} hook exited ${r.status}: ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: r.stdout.trim() ? (JSON.parse(r.stdout) as Answer['json']) : null };
}

const edit = (repo: TmpRepo, session: string, rel: string, extra: Record<string, unknown> = {}): Answer =>
  hook(repo, 'PostToolUse', {
    session_id: session,
    tool_name: 'Edit',
    tool_input: { file_path: join(repo.root, rel), old_string: 'a', new_string: 'b', replace_all: false },
    tool_response: { filePath: join(repo.root, rel) },
    ...extra,
  });
const bash = (repo: TmpRepo, session: string, command: string): Answer =>
  hook(repo, 'PostToolUse', { session_id: session, tool_name: 'Bash', tool_input: { command }, tool_response: { stdout: '', stderr: '' } });
const stop = (repo: TmpRepo, session: string, active = false): Answer => hook(repo, 'Stop', { session_id: session, stop_hook_active: active, last_assistant_message: 'Changed the schema.' });

async function driftRepo(): Promise<TmpRepo> {
  return createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET, 'src/db/schema.ts': 'export const a = 1;\n', 'src/app.ts': 'a\n', 'package.json': '{}\n' }, prefix: 'bosun-memory-drift-' });
}

describe('memory drift', { concurrency: 3 }, () => {
  before(() => requireBuilt());

  test('a core edit asks for a memory update once per file; Stop blocks once; stop_hook_active is respected', async () => {
    await using repo = await driftRepo();
    repo.write('.bosun/memory/INDEX.md', '# M\n\n- L001 [db] schema.ts keeps money in cents (2025-01-01)\n- L002 [ops] unrelated (2025-01-01)\n');
    assert.equal(edit(repo, 's1', 'src/app.ts').json, null, 'a file outside memory.core asks nothing');
    const first = edit(repo, 's1', 'src/db/schema.ts');
    const ctx = first.json?.hookSpecificOutput?.additionalContext ?? '';
    assert.match(ctx, /src\/db\/schema\.ts is a memory core file/);
    assert.match(ctx, /Lessons that mention it: L001 \[db\]/);
    assert.ok(!ctx.includes('L002'));
    assert.match(ctx, /bosun lesson add "<lesson>" --topic <topic>/);
    assert.match(ctx, /bosun lesson ack "<why no change>"/);
    assert.equal(edit(repo, 's1', 'src/db/schema.ts').json, null, 'the same file again: no repeat while the debt is open');

    const active = stop(repo, 's1', true);
    assert.equal(active.json, null, 'stop_hook_active: the turn already continues because of a stop hook; no block');
    const blocked = stop(repo, 's1');
    assert.equal(blocked.json?.decision, 'block');
    assert.match(blocked.json?.reason ?? '', /this session changed memory core file src\/db\/schema\.ts, and the project memory was not updated/);
    assert.match(blocked.json?.reason ?? '', /bosun lesson ack/);
    assert.equal(stop(repo, 's1').json, null, 'it blocks once');
    assert.equal(stop(repo, 's-other').json, null, 'another session owes nothing');
  });

  test('a shell write to a core file is a debt too; `bosun lesson ack` with the session from the environment pays it', async () => {
    await using repo = await driftRepo();
    const w = bash(repo, 's2', 'echo "{}" > package.json');
    assert.match(w.json?.hookSpecificOutput?.additionalContext ?? '', /package\.json is a memory core file/);
    const ack = bosun(repo, ['lesson', 'ack', 'only reformatted package.json']);
    // No session in the environment: the most recent unpaid debt in this worktree is the one paid.
    assert.equal(ack.code, 0, ack.stderr);
    assert.match(ack.stdout, /paid 1 memory debt of session s2 \(latest unpaid debt in this worktree\)/);
    assert.equal(stop(repo, 's2').json, null, 'paid: the stop goes through');

    edit(repo, 's3', 'src/db/schema.ts');
    edit(repo, 's4', 'src/db/schema.ts');
    const paid = bosunEnv(repo, ['lesson', 'ack', 'renamed a local variable only', '--json'], { CLAUDE_CODE_SESSION_ID: 's3' });
    assert.deepEqual(JSON.parse(paid) as unknown, { ok: true, session: 's3', how: 'CLAUDE_CODE_SESSION_ID', debtsPaid: 1 });
    assert.equal(stop(repo, 's3').json, null, 's3 paid');
    assert.equal(stop(repo, 's4').json?.decision, 'block', 's4 still owes');
  });

  test('`bosun lesson add` pays; so does the PostToolUse hook of an agent running `npx bosun lesson ack`', async () => {
    await using repo = await driftRepo();
    edit(repo, 's5', 'src/db/schema.ts');
    const add = bosunEnv(repo, ['lesson', 'add', 'Money columns are integer cents.', '--topic', 'db'], { CLAUDE_CODE_SESSION_ID: 's5' });
    assert.match(add, /paid 1 memory debt of session s5 \(CLAUDE_CODE_SESSION_ID\)/);
    assert.equal(stop(repo, 's5').json, null);

    edit(repo, 's6', 'src/db/schema.ts');
    assert.equal(bash(repo, 's6', 'npx bosun lesson ack "column rename, no lesson affected"').json, null);
    assert.equal(stop(repo, 's6').json, null, 'the hook saw the ack and paid the exact session');
  });

  test('a command that only mentions `bosun lesson add` (echo, grep, --help) pays nothing', async () => {
    await using repo = await driftRepo();
    edit(repo, 's6b', 'src/db/schema.ts');
    for (const cmd of ['echo "remember: bosun lesson add" > notes.txt', 'grep -rn "bosun lesson ack" docs', 'bosun lesson add --help']) bash(repo, 's6b', cmd);
    assert.equal(stop(repo, 's6b').json?.decision, 'block', 'the debt is still open');
    edit(repo, 's6c', 'src/db/schema.ts');
    bash(repo, 's6c', 'cd src && bash -c "bosun lesson ack \'comment only\'"');
    assert.equal(stop(repo, 's6c').json, null, 'a real run, even wrapped, pays');
    edit(repo, 's6d', 'src/db/schema.ts');
    bash(repo, 's6d', "node /opt/bosun/dist/cli.js lesson ack 'comment only'");
    assert.equal(stop(repo, 's6d').json, null, 'bosun launched through its built CLI pays too');
  });

  test("a subagent's debt blocks its own SubagentStop, not another subagent's", async () => {
    await using repo = await driftRepo();
    edit(repo, 's7', 'src/db/schema.ts', { agent_id: 'sub-1', agent_type: 'lead' });
    const other = hook(repo, 'SubagentStop', { session_id: 's7', agent_id: 'sub-2', agent_type: 'lead', stop_hook_active: false, last_assistant_message: 'ok' });
    assert.equal(other.json, null);
    const own = hook(repo, 'SubagentStop', { session_id: 's7', agent_id: 'sub-1', agent_type: 'lead', stop_hook_active: false, last_assistant_message: 'ok' });
    assert.equal(own.json?.decision, 'block');
  });

  test('BOSUN_MEMORY=off: no drift prompt, no debt', async () => {
    await using repo = await driftRepo();
    assert.equal(hook(repo, 'PostToolUse', { session_id: 's8', tool_name: 'Edit', tool_input: { file_path: join(repo.root, 'src/db/schema.ts'), old_string: 'a', new_string: 'b' }, tool_response: {} }, { BOSUN_MEMORY: 'off' }).json, null);
    assert.equal(stop(repo, 's8').json, null);
  });

  test('the policy lets an agent whose run list has `bosun *` / `npx bosun *` record lessons and acks', async () => {
    await using repo = await driftRepo();
    for (const cmd of ['bosun lesson ack "schema comment only"', 'npx bosun lesson add "Money is stored in cents." --topic db']) {
      const r = bosun(repo, ['policy', 'check', '--agent', 'lead', '--bash', cmd, '--json']);
      assert.equal(r.code, 0, `${cmd}: ${r.stdout}${r.stderr}`);
      assert.equal((JSON.parse(r.stdout) as { decision: string }).decision, 'allow', cmd);
    }
  });
});

/** The CLI with extra environment (the session id Claude Code gives the commands an agent runs). */
function bosunEnv(repo: TmpRepo, args: string[], env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [BOSUN_BIN, ...args], { cwd: repo.root, env: { ...repo.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, `bosun ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

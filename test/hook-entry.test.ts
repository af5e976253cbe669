// The hook entry point as Claude Code runs it: one process per event, payload on stdin.
// Fail closed on PreToolUse; never break the session on other events; record everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bosun, bosunInit, bosunLog, HOOK_JS } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';

const FLEET = `version: 1
default_agent: lead
steward: fleet-steward
agents:
  lead:
    role: Tech lead.
    edit: ["src/**", "test/**"]
    run: ["@read-only", "npm *"]
  security-auditor:
    role: Reads, edits nothing.
    autonomy: plan-only
    run: ["@read-only"]
  fleet-steward:
    role: Maintains the fleet.
    edit: [".bosun/fleet.yaml", ".claude/agents/**"]
aliases:
  Explore: security-auditor
protected:
  sacred: ["test/billing/**"]
`;

function hook(repo: TmpRepo, event: string, payload: unknown, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const input = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code', event], { cwd: repo.root, env: { ...repo.env, ...env }, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pre(repo: TmpRepo, tool: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { session_id: 'sess-1', transcript_path: join(repo.home, 't.jsonl'), cwd: repo.root, hook_event_name: 'PreToolUse', permission_mode: 'default', tool_name: tool, tool_input: input, ...extra };
}

async function repoWithBosun(): Promise<TmpRepo> {
  const repo = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET, 'src/a.js': 'x\n', 'test/billing/t.test.js': 't\n' }, prefix: 'bosun-hook-' });
  bosunInit(repo);
  return repo;
}

function denial(r: { code: number | null; stdout: string; stderr: string }): string {
  if (r.code === 2) return r.stderr;
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
  assert.equal(out.hookSpecificOutput.permissionDecision, 'deny');
  return out.hookSpecificOutput.permissionDecisionReason;
}

test('an allowed call is answered with silence (no auto-approval), a denied one with a reason', async () => {
  await using repo = await repoWithBosun();
  const ok = hook(repo, 'PreToolUse', pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }));
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, '', '']);
  const no = hook(repo, 'PreToolUse', pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }, { agent_id: 'a1', agent_type: 'security-auditor' }));
  assert.match(denial(no), /plan-only.*\[bosun rule: autonomy\]/s);
  const { decisions } = bosunLog(repo);
  assert.deepEqual(decisions.map((d) => [d.agent, d.tool, d.decision]), [['lead', 'Write', 'allow'], ['security-auditor', 'Write', 'deny']]);
});

test('BOSUN_AGENT names the main agent; a subagent is scoped by its own name', async () => {
  await using repo = await repoWithBosun();
  const asAuditor = hook(repo, 'PreToolUse', pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }), { BOSUN_AGENT: 'security-auditor' });
  assert.match(denial(asAuditor), /security-auditor/);
  const sub = hook(repo, 'PreToolUse', pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }, { agent_type: 'lead' }), { BOSUN_AGENT: 'security-auditor' });
  assert.equal(sub.stdout, '', 'inside a lead subagent the lead scope applies');
  const explore = hook(repo, 'PreToolUse', pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }, { agent_type: 'Explore' }));
  assert.match(denial(explore), /security-auditor is plan-only/, 'a built-in subagent is scoped through aliases');
  const ghost = hook(repo, 'PreToolUse', pre(repo, 'Read', { file_path: join(repo.root, 'src/a.js') }, { agent_type: 'ghost' }));
  assert.match(denial(ghost), /"ghost" is not defined.*known agents: lead, security-auditor, fleet-steward/s);
});

const BROKEN: Array<[string, (repo: TmpRepo) => void, string | ((repo: TmpRepo) => unknown), RegExp]> = [
  ['stdin is not JSON', () => {}, '{not json', /stdin is not JSON/],
  ['the payload lacks tool_input', () => {}, (repo) => ({ cwd: repo.root, hook_event_name: 'PreToolUse', tool_name: 'Write' }), /tool_input/],
  ['the fleet file is missing', (repo) => rmSync(join(repo.root, '.bosun/fleet.yaml')), (repo) => pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }), /fleet.*(missing|not found|no such)|bosun init/i],
  ['the fleet file is invalid YAML', (repo) => writeFileSync(join(repo.root, '.bosun/fleet.yaml'), 'agents: [unclosed\n'), (repo) => pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }), /invalid fleet file[\s\S]*bosun fleet validate/],
  ['the fleet file fails validation', (repo) => writeFileSync(join(repo.root, '.bosun/fleet.yaml'), FLEET.replace('default_agent: lead', 'default_agent: leed')), (repo) => pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }), /default_agent[\s\S]*did you mean "lead"/],
  ['the ledger is corrupt', (repo) => {
    mkdirSync(join(repo.root, '.git/bosun'), { recursive: true });
    writeFileSync(join(repo.root, '.git/bosun/ledger.db'), 'this is not a database, just bytes '.repeat(200));
  }, (repo) => pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' }), /ledger[\s\S]*(integrity_check|not a database)/i],
  ['the session is outside any git repository', () => {}, (repo) => ({ ...pre(repo, 'Write', { file_path: '/tmp/x', content: 'x' }), cwd: '/' }), /no git repository/],
];

for (const [name, breakIt, payload, reason] of BROKEN) {
  test(`PreToolUse fails closed when ${name}: exit 2 with a diagnosis`, async () => {
    await using repo = await repoWithBosun();
    breakIt(repo);
    const r = hook(repo, 'PreToolUse', typeof payload === 'string' ? payload : payload(repo), { CLAUDE_PROJECT_DIR: '' });
    assert.equal(r.code, 2, `must block: ${r.stdout} ${r.stderr}`);
    assert.match(r.stderr, /^bosun denied this tool call because its guard could not run/);
    assert.match(r.stderr, reason);
    assert.match(r.stderr, /To diagnose:/);
  });
}

test('other events never break the session, even with a broken fleet', async () => {
  await using repo = await repoWithBosun();
  writeFileSync(join(repo.root, '.bosun/fleet.yaml'), 'agents: [unclosed\n');
  for (const event of ['PostToolUse', 'Stop', 'SubagentStop', 'UserPromptSubmit', 'SessionEnd']) {
    const r = hook(repo, event, { session_id: 's', cwd: repo.root, hook_event_name: event });
    assert.equal(r.code, 0, `${event}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
  assert.equal(hook(repo, 'Stop', '{garbage').code, 0);
});

test('a session that starts with a broken fleet is told so at once, and still gets its memory', async () => {
  await using repo = await repoWithBosun();
  mkdirSync(join(repo.root, '.bosun/memory'), { recursive: true });
  writeFileSync(join(repo.root, '.bosun/memory/INDEX.md'), '- L001 [build] The build needs Node 20.\n');
  writeFileSync(join(repo.root, '.bosun/fleet.yaml'), 'agents: [unclosed\n');
  for (const event of ['SessionStart', 'SubagentStart']) {
    const r = hook(repo, event, { session_id: 's', cwd: repo.root, hook_event_name: event, source: 'startup', agent_id: 'a1', agent_type: 'lead' });
    assert.equal(r.code, 0, `${event}: ${r.stderr}`);
    const context = (JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } }).hookSpecificOutput;
    assert.equal(context.hookEventName, event);
    assert.match(context.additionalContext, /^bosun cannot read the fleet file, so every tool call will be denied/);
    assert.match(context.additionalContext, /bosun fleet validate/);
    assert.match(context.additionalContext, /L001 \[build\] The build needs Node 20\./);
  }
  // BOSUN_MEMORY=off drops the memory, never the warning.
  const off = hook(repo, 'SessionStart', { session_id: 's', cwd: repo.root, hook_event_name: 'SessionStart', source: 'startup' }, { BOSUN_MEMORY: 'off' });
  const text = (JSON.parse(off.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
  assert.match(text, /^bosun cannot read the fleet file/);
  assert.doesNotMatch(text, /L001/);
});

test('a fail-closed denial is still recorded in the ledger', async () => {
  await using repo = await repoWithBosun();
  writeFileSync(join(repo.root, '.bosun/fleet.yaml'), 'agents: [unclosed\n');
  assert.equal(hook(repo, 'PreToolUse', pre(repo, 'Write', { file_path: join(repo.root, 'src/b.js'), content: 'x' })).code, 2);
  const { decisions } = bosunLog(repo);
  assert.equal(decisions.length, 1);
  assert.deepEqual([decisions[0]?.decision, decisions[0]?.rule, decisions[0]?.tool], ['deny', 'guard-error', 'Write']);
});

test('a symlink inside the scope that points at a sacred test does not open a way around the policy', async () => {
  await using repo = await repoWithBosun();
  symlinkSync(join(repo.root, 'test/billing/t.test.js'), join(repo.root, 'src/link.js'));
  const r = hook(repo, 'PreToolUse', pre(repo, 'Edit', { file_path: join(repo.root, 'src/link.js'), old_string: 't', new_string: 'u', replace_all: false }));
  assert.match(denial(r), /sacred/);
});

test('a shell write through a symlink (in scope, or in the temp dir) is judged where it really leads', async () => {
  await using repo = await repoWithBosun();
  const sacred = join(repo.root, 'test/billing/t.test.js');
  symlinkSync(sacred, join(repo.root, 'src/link.js'));
  const tmpLink = join(repo.dir, 'tmp', 'link.js');
  mkdirSync(join(repo.dir, 'tmp'), { recursive: true });
  symlinkSync(sacred, tmpLink);
  for (const command of ['echo hacked > src/link.js', 'cd src && echo hacked > link.js', `echo hacked >> ${tmpLink}`, `npm test > ${tmpLink} 2>&1`]) {
    const r = hook(repo, 'PreToolUse', pre(repo, 'Bash', { command }));
    assert.match(denial(r), /sacred/, command);
  }
  // Plain writes, to /dev/null and the real temp dir, still pass.
  for (const command of ['echo ok > src/b.js', 'npm test > /dev/null 2>&1', `echo ok > ${join(repo.dir, 'tmp', 'plain.txt')}`]) {
    const r = hook(repo, 'PreToolUse', pre(repo, 'Bash', { command }));
    assert.equal(r.code, 0, `${command}: ${r.stdout} ${r.stderr}`);
    assert.equal(r.stdout, '', `${command} is allowed (silence)`);
  }
});

test('fleet changes are recorded with who made them', async () => {
  await using repo = await repoWithBosun();
  hook(repo, 'PreToolUse', pre(repo, 'Read', { file_path: join(repo.root, 'src/a.js') }));
  // the steward edits the fleet through a tool call: PostToolUse sees the new hash
  writeFileSync(join(repo.root, '.bosun/fleet.yaml'), FLEET + '# tuned by the steward\n');
  hook(repo, 'PostToolUse', { ...pre(repo, 'Edit', { file_path: join(repo.root, '.bosun/fleet.yaml'), old_string: 'a', new_string: 'b', replace_all: false }, { agent_type: 'fleet-steward' }), hook_event_name: 'PostToolUse', tool_response: {} });
  // a human edits it between tool calls: the next hook notices, even a PostToolUse of a command naming the fleet
  writeFileSync(join(repo.root, '.bosun/fleet.yaml'), FLEET + '# tuned by a human\n');
  hook(repo, 'PostToolUse', { ...pre(repo, 'Bash', { command: 'npx bosun fleet validate' }), hook_event_name: 'PostToolUse', tool_response: { stdout: 'ok', stderr: '' } });
  // the steward changes it with a shell command: attributed to the steward
  writeFileSync(join(repo.root, '.bosun/fleet.yaml'), FLEET + '# sed by the steward\n');
  hook(repo, 'PostToolUse', { ...pre(repo, 'Bash', { command: "sed -i 's/x/y/' .bosun/fleet.yaml" }, { agent_type: 'fleet-steward' }), hook_event_name: 'PostToolUse', tool_response: { stdout: '', stderr: '' } });
  const dbPath = join(repo.root, '.git/bosun/ledger.db');
  const rows = spawnSync(process.execPath, ['-e', `const D=require(${JSON.stringify(join(process.cwd(), 'node_modules/better-sqlite3'))});const d=new D(${JSON.stringify(dbPath)},{readonly:true});console.log(JSON.stringify(d.prepare('select agent, by_agent as byAgent from fleet_changes order by id').all()))`], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(rows.stdout), [
    { agent: null, byAgent: 0 },
    { agent: 'fleet-steward', byAgent: 1 },
    { agent: null, byAgent: 0 },
    { agent: 'fleet-steward', byAgent: 1 },
  ]);
});

test('bosun init is idempotent, keeps other hooks and refuses without --yes off a terminal', async () => {
  await using repo = await createTmpRepo({ prefix: 'bosun-init-' });
  mkdirSync(join(repo.root, '.claude'), { recursive: true });
  writeFileSync(join(repo.root, '.claude/settings.json'), JSON.stringify({ model: 'opus', hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-guard' }] }] } }));
  const refused = bosun(repo, ['init']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--yes/);
  assert.match(readFileSync(join(repo.root, '.claude/settings.json'), 'utf8'), /^\{"model"/, 'nothing written');
  const dry = bosun(repo, ['init', '--dry-run']);
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /create\s+\.bosun\/fleet\.yaml/);
  assert.match(dry.stdout, /Dry run: nothing written/);
  const first = bosun(repo, ['init', '--yes']);
  assert.equal(first.code, 0, first.stderr);
  const settings = readFileSync(join(repo.root, '.claude/settings.json'), 'utf8');
  assert.match(settings, /"my-guard"/);
  assert.match(settings, /"model": "opus"/);
  assert.match(settings, /hook\.cjs\\" claude-code PreToolUse \|\| exit 2/);
  const second = bosun(repo, ['init', '--yes', '--json']);
  assert.equal(second.code, 0);
  const changes = (JSON.parse(second.stdout) as { changes: Array<{ action: string }> }).changes;
  assert.ok(changes.every((c) => c.action === 'unchanged'), JSON.stringify(changes));
  assert.equal(readFileSync(join(repo.root, '.claude/settings.json'), 'utf8'), settings);
  const auditor = readFileSync(join(repo.root, '.claude/agents/reviewer.md'), 'utf8');
  assert.match(auditor, /^tools: Read, Grep, Glob, Bash/m, 'a plan-only agent gets no write tools');
});

// The close-out at the next SessionStart: `startBackgroundCloseout` spawns `bosun closeout --pending`
// detached (the built CLI, bin/bosun.js), which mines the sessions that are over and not closed out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bosunInit, HOOK_JS } from './helpers/bosun.ts';
import { createTmpRepo, type TmpRepo } from './helpers/tmp-repo.ts';
import { transcriptBuilder } from '../src/memory/closeout/testdata/builders.ts';
import { closeoutLogPath, closeoutPending, startBackgroundCloseout } from '../src/memory/index.ts';

const FLEET = (memory = ''): string => `version: 1
default_agent: lead
agents:
  lead:
    role: Tech lead.
    edit: ["src/**"]
    run: ["@read-only", "npm *"]
${memory}`;

function hook(repo: TmpRepo, event: string, payload: Record<string, unknown>): void {
  const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code', event], { cwd: repo.root, env: repo.env, input: JSON.stringify({ cwd: repo.root, hook_event_name: event, ...payload }), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /bosun \(/, r.stderr);
}

/**
 * A session with a transcript holding one correction; `ended` sends SessionEnd, otherwise it is still running.
 * It is registered by UserPromptSubmit unless `start`: a SessionStart would itself start a background run.
 */
function session(repo: TmpRepo, id: string, ended: boolean, start = false): string {
  const transcript = join(repo.home, '.claude', 'projects', '-repo', `${id}.jsonl`);
  const b = transcriptBuilder({ cwd: repo.root, sessionId: id });
  mkdirSync(dirname(transcript), { recursive: true });
  writeFileSync(transcript, b.jsonl(b.user('go'), b.bash('t1', 'npm run lint', true), b.user(`No, use pnpm in ${id}.`)));
  if (start) hook(repo, 'SessionStart', { session_id: id, transcript_path: transcript, source: 'startup' });
  else hook(repo, 'UserPromptSubmit', { session_id: id, transcript_path: transcript, prompt: 'go' });
  if (ended) hook(repo, 'SessionEnd', { session_id: id, transcript_path: transcript, reason: 'other' });
  return transcript;
}

const inbox = (r: TmpRepo): string => join(r.root, '.git', 'bosun', 'memory', 'inbox');
const entries = (r: TmpRepo): Array<{ text: string; sightings: Array<{ sessionId: string }> }> =>
  existsSync(inbox(r)) ? readdirSync(inbox(r)).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(inbox(r), f), 'utf8'))) : [];

/** Waits for the background run's summary line in its log (the run is detached: nothing else says it finished). */
async function runFinished(r: TmpRepo, runs: number): Promise<string> {
  const log = closeoutLogPath(join(r.root, '.git'));
  for (let i = 0; i < 600; i++) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    if (text.split('\n').filter((l) => /closeout --pending: |memory\.closeout is off/.test(l)).length >= runs) return text;
    await sleep(50);
  }
  throw new Error(`the background close-out did not finish; log:\n${existsSync(log) ? readFileSync(log, 'utf8') : '(none)'}`);
}

async function repo(memory = ''): Promise<TmpRepo> {
  const r = await createTmpRepo({ files: { '.bosun/fleet.yaml': FLEET(memory) }, prefix: 'bosun-closeout-bg-' });
  bosunInit(r);
  return r;
}

test('startBackgroundCloseout mines the ended session (not the running one) without waiting, once per minute at most', async () => {
  await using r = await repo();
  session(r, 'sess-done', true);
  session(r, 'sess-live', false);
  const commonDir = join(r.root, '.git');
  const now = Date.now();
  const started = startBackgroundCloseout({ repoRoot: r.root, commonDir, now, env: r.env });
  assert.equal(started.started, true, JSON.stringify(started));
  assert.deepEqual(startBackgroundCloseout({ repoRoot: r.root, commonDir, now: now + 1000, env: r.env }), { started: false, reason: 'a close-out started less than a minute ago' });
  const log = await runFinished(r, 1);
  assert.match(log, /1 session\(s\) mined \[sess-done\], 1 new candidate\(s\)/);
  const found = entries(r);
  assert.deepEqual(found.map((e) => e.text), ['The user corrected the agent: "No, use pnpm in sess-done." (after Bash npm run lint)']);
  assert.equal(closeoutPending({ commonDir, now }).candidates, 1);
  // A later run (a minute on) finds nothing new: sess-done is marked closed out in the ledger.
  assert.equal(startBackgroundCloseout({ repoRoot: r.root, commonDir, now: now + 61_000, env: r.env }).started, true);
  assert.match(await runFinished(r, 2), /\n.*0 session\(s\) mined \[\], 0 new candidate\(s\), 1 pending\n$/);
});

test('the real SessionStart hook starts it: the previous session ends up in the inbox', async () => {
  await using r = await repo();
  session(r, 'sess-prev', true);
  assert.equal(existsSync(closeoutLogPath(join(r.root, '.git'))), false, 'no run yet');
  session(r, 'sess-next', false, true);
  await runFinished(r, 1);
  const texts = entries(r).map((e) => e.text);
  assert.ok(texts.some((t) => t.includes('No, use pnpm in sess-prev.')), JSON.stringify(texts));
  assert.ok(!texts.some((t) => t.includes('sess-next')), 'the session that just started is not closed out');
});

test('BOSUN_MEMORY=off starts nothing; memory.closeout: off makes the run a no-op', async () => {
  await using r = await repo('memory:\n  closeout: off\n');
  const commonDir = join(r.root, '.git');
  assert.deepEqual(startBackgroundCloseout({ repoRoot: r.root, commonDir, now: Date.now(), env: { ...r.env, BOSUN_MEMORY: 'off' } }), { started: false, reason: 'BOSUN_MEMORY=off' });
  session(r, 'sess-off', true);
  assert.equal(startBackgroundCloseout({ repoRoot: r.root, commonDir, now: Date.now(), env: r.env }).started, true);
  const log = await runFinished(r, 1);
  assert.match(log, /memory\.closeout is off/);
  assert.deepEqual(entries(r), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countPending, fileCandidates, inboxDir, listPending, listReviewed } from './inbox.ts';
import { acceptCandidate, editCandidate, rejectCandidate, type AddLessonFn } from './review.ts';
import type { Candidate } from './types.ts';

function tmp(): { dir: string } & Disposable {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-inbox-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

const cand = (id: string, session = 's1', evidence = 'e'): Candidate => ({
  id,
  kind: 'failed-then-fixed',
  key: `k-${id}`,
  text: `lesson ${id}`,
  topic: 'commands',
  provenance: { sessionId: session, time: 1, evidence, agent: 'main', source: 'main.jsonl:3' },
});

test('filing: new candidates are added, a second sighting is recorded once, ids de-duplicate', () => {
  using t = tmp();
  assert.equal(countPending(t.dir), 0, 'no inbox yet');
  const r1 = fileCandidates(t.dir, [cand('c0000000001'), cand('c0000000002')], 10);
  assert.deepEqual(r1.added, ['c0000000001', 'c0000000002']);
  const r2 = fileCandidates(t.dir, [cand('c0000000001', 's2'), cand('c0000000001', 's2')], 20);
  assert.deepEqual(r2, { added: [], seen: ['c0000000001'], reviewed: [] });
  assert.equal(countPending(t.dir), 2);
  const e = listPending(t.dir).find((x) => x.id === 'c0000000001')!;
  assert.deepEqual(e.sightings.map((s) => s.sessionId), ['s1', 's2']);
  assert.equal(e.filedAt, 10);
  assert.deepEqual(readdirSync(inboxDir(t.dir)).filter((f) => f.endsWith('.tmp')), [], 'no temp files left');
});

const adder = (calls: Array<{ text: string; topic: string }>, ok = true): AddLessonFn => (l) => {
  calls.push(l);
  return ok ? { ok: true, id: 'L042' } : { ok: false, message: 'a near-duplicate lesson exists: L007' };
};

test('review: accept adds the lesson and moves the candidate to done; a reviewed finding is never filed again', () => {
  using t = tmp();
  fileCandidates(t.dir, [cand('c1111111111'), cand('c2222222222')], 1);
  const calls: Array<{ text: string; topic: string }> = [];
  const w = { commonDir: t.dir, now: 5, by: 'Ann <a@x>' };
  const done = acceptCandidate(w, 'c111', adder(calls), { topic: 'build' });
  assert.deepEqual(calls, [{ text: 'lesson c1111111111', topic: 'build' }]);
  assert.equal(done.status, 'accepted');
  assert.equal(done.resolution?.lessonId, 'L042');
  assert.equal(countPending(t.dir), 1);
  assert.equal(fileCandidates(t.dir, [cand('c1111111111', 's9')], 9).reviewed[0], 'c1111111111');
  assert.equal(countPending(t.dir), 1);
  rejectCandidate(w, 'c2222222222', 'not a lesson');
  assert.equal(countPending(t.dir), 0);
  assert.deepEqual(listReviewed(t.dir).map((e) => [e.id, e.status, e.resolution?.note ?? null]).sort(), [
    ['c1111111111', 'accepted', null],
    ['c2222222222', 'rejected', 'not a lesson'],
  ]);
});

test('review: a refused add leaves the candidate pending; an edit changes the text and keeps the original', () => {
  using t = tmp();
  fileCandidates(t.dir, [cand('c3333333333')], 1);
  const w = { commonDir: t.dir, now: 5, by: null };
  assert.throws(() => acceptCandidate(w, 'c3333333333', adder([], false)), /not accepted: a near-duplicate lesson exists: L007/);
  assert.equal(countPending(t.dir), 1);
  const edited = editCandidate(w, 'c3333', '  Run   tsc with -p . ');
  assert.equal(edited.text, 'Run tsc with -p .');
  assert.equal(edited.resolution?.originalText, 'lesson c3333333333');
  const calls: Array<{ text: string; topic: string }> = [];
  acceptCandidate(w, 'c3333333333', adder(calls));
  assert.equal(calls[0]?.text, 'Run tsc with -p .');
});

test('review: unknown and ambiguous ids are usage errors that name what exists', () => {
  using t = tmp();
  fileCandidates(t.dir, [cand('c4444444441'), cand('c4444444442')], 1);
  const w = { commonDir: t.dir, now: 5, by: null };
  assert.throws(() => rejectCandidate(w, 'c4444'), /ambiguous/);
  assert.throws(() => rejectCandidate(w, 'cffff'), (e: Error & { hint?: string }) => /no pending candidate/.test(e.message) && /c4444444441/.test(e.hint ?? ''));
  // An ambiguous prefix that also starts a reviewed candidate: the hint asks for more of the id, it does not talk about the reviewed one.
  fileCandidates(t.dir, [cand('c4444499999')], 2);
  rejectCandidate(w, 'c4444499999');
  assert.throws(
    () => rejectCandidate(w, 'c444'),
    (e: Error & { hint?: string }) => /ambiguous \(c4444444441, c4444444442\)/.test(e.message) && /more characters/.test(e.hint ?? '') && !/already/.test(e.hint ?? ''),
  );
});

test('concurrent writers: six processes filing overlapping candidates lose nothing and tear nothing', async () => {
  using t = tmp();
  const inbox = fileURLToPath(new URL('./inbox.ts', import.meta.url));
  const script = `
    import { fileCandidates } from ${JSON.stringify(inbox)};
    const w = Number(process.argv[1]);
    const c = (id, s) => ({ id, kind: 'correction', key: id, text: id, topic: 't', provenance: { sessionId: s, time: 1, evidence: s, agent: null, source: null } });
    for (let i = 0; i < 20; i++) fileCandidates(process.argv[2], [c('c' + String(i).padStart(10, '0'), 'w' + w), c('c9' + String(w * 100 + i).padStart(9, '0'), 'w' + w)], i);
  `;
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  await Promise.all(
    [0, 1, 2, 3, 4, 5].map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(w), t.dir], { env, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          p.stderr.on('data', (d: Buffer) => (err += d.toString()));
          p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${w} exited ${code}: ${err}`))));
        }),
    ),
  );
  const pending = listPending(t.dir);
  assert.equal(pending.length, 20 + 6 * 20, 'every distinct candidate filed once');
  const shared = pending.filter((e) => e.id.startsWith('c0'));
  for (const e of shared) assert.deepEqual(e.sightings.map((s) => s.sessionId).sort(), ['w0', 'w1', 'w2', 'w3', 'w4', 'w5'], `${e.id}: every writer's sighting kept`);
  for (const f of readdirSync(inboxDir(t.dir)).filter((x) => x.endsWith('.json'))) JSON.parse(readFileSync(join(inboxDir(t.dir), f), 'utf8'));
  assert.equal(existsSync(join(inboxDir(t.dir), '.lock')), false, 'lock released');
});

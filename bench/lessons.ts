// Cross-project lessons benchmark (issue 4 §7). Prints goal vs measured; exits non-zero only on errors.
//  1. FTS5 search latency over 100k lessons, varied queries (goal p50 <= 5 ms)
//  2. `lessons sync` of 50 workspaces x 1,000 lessons in temp git repos, in-process (goal <= 5 s)
//  Flags: --lessons N (default 100000), --workspaces N (50), --per N (1000), --queries N (600)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateLessons, lessonSearcher, openLessonsDatabase, syncLessons, writeLessonsDb, type WorkspaceLesson } from '../src/memory/index.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const VOCAB = (
  'npm install build deploy migration postgres mysql index vacuum cache redis queue worker timeout retry lockfile ' +
  'typescript eslint vitest jest coverage flaky snapshot docker compose kubernetes helm ingress certificate tls ' +
  'oauth token session cookie csrf cors header proxy nginx gzip brotli webpack esbuild vite bundle chunk lazy ' +
  'import export module commonjs esm native addon sqlite wal busy transaction rollback schema column nullable ' +
  'default constraint foreign unique partition replica primary failover backup restore dump rows count verify ' +
  'staging production feature flag rollout canary metrics alert pager latency throughput memory leak heap gc ' +
  'thread pool connection limit rate burst backoff jitter idempotent webhook signature secret vault rotate key'
).split(' ');
const TOPICS = ['build', 'deploy', 'db', 'tests', 'perf', 'security', 'ci', 'deps', 'api', 'infra', 'frontend', 'ops'];

/** Deterministic pseudo-random numbers, so runs compare. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Words follow Zipf's law over a 3,000-word vocabulary (the technical words above first, so they are the
 * most frequent), as natural text does: a few words are in a large share of the lessons, most are rare.
 */
const WORDS = [...VOCAB, ...Array.from({ length: 3000 - VOCAB.length }, (_, i) => `term${i.toString(36)}`)];
const ZIPF_CDF = (() => {
  const w = WORDS.map((_, i) => 1 / (i + 1));
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
})();

function zipfWord(rand: () => number): string {
  const r = rand();
  let lo = 0;
  let hi = ZIPF_CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF_CDF[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo]!;
}

function lessonText(rand: () => number, n: number): string {
  const words: string[] = [];
  const len = 8 + Math.floor(rand() * 10);
  for (let i = 0; i < len; i++) words.push(zipfWord(rand));
  return `${words.join(' ')} (case ${n})`;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function row(what: string, goal: string, measured: string, met: boolean): void {
  process.stdout.write(`${what.padEnd(44)} goal ${goal.padEnd(10)} measured ${measured.padEnd(12)} ${met ? 'ok' : 'MISSED'}\n`);
}

async function searchBench(dir: string): Promise<void> {
  const total = flag('lessons', 100_000);
  const queries = flag('queries', 600);
  const rand = rng(1);
  const perWs = Math.ceil(total / 50);
  const inputs = Array.from({ length: 50 }, (_, w) => ({
    workspace: `ws${w}`,
    lessons: Array.from({ length: Math.min(perWs, total - w * perWs) }, (_, i): WorkspaceLesson => ({ id: `L${String(i + 1).padStart(4, '0')}`, topic: TOPICS[Math.floor(rand() * TOPICS.length)]!, text: lessonText(rand, w * perWs + i), date: '2025-01-01', private: false })),
  }));
  const lessons = aggregateLessons(inputs);
  const db = join(dir, 'lessons.db');
  const t0 = performance.now();
  writeLessonsDb(db, lessons, {});
  const buildMs = performance.now() - t0;
  const search = lessonSearcher(openLessonsDatabase(db, { readonly: true }));
  const qrand = rng(2);
  const qs: string[] = [];
  for (let i = 0; i < queries; i++) {
    const kind = i % 6;
    // Query words follow the same Zipf distribution: people search the common words too.
    const w = (): string => zipfWord(qrand);
    if (kind === 0) qs.push(w());
    else if (kind === 1) qs.push(`${w()} ${w()}`);
    else if (kind === 2) qs.push(`${w()} ${w()} ${w()}`);
    else if (kind === 3) qs.push(`${VOCAB[Math.floor(qrand() * VOCAB.length)]!.slice(0, 4)}*`); // a prefix of a real word
    else if (kind === 4) qs.push(`${w()} zzznomatch`); // no lesson has both: the any-word fallback runs
    else qs.push(`"${w()}" NEAR( ${w()}:`); // FTS syntax taken literally
  }
  for (const q of qs.slice(0, 50)) search(q, 10); // warm the page cache
  const times: number[] = [];
  const byKind: number[][] = [[], [], [], [], [], []];
  let hits = 0;
  qs.forEach((q, i) => {
    const s = performance.now();
    hits += search(q, 10).hits.length;
    const ms = performance.now() - s;
    times.push(ms);
    byKind[i % 6]!.push(ms);
  });
  times.sort((a, b) => a - b);
  process.stdout.write(`lessons search: ${lessons.length} lessons indexed in ${Math.round(buildMs)} ms; ${qs.length} queries, ${hits} hits (limit 10)\n`);
  row('  search p50', '<= 5 ms', `${pct(times, 50).toFixed(2)} ms`, pct(times, 50) <= 5);
  row('  search p95', '(report)', `${pct(times, 95).toFixed(2)} ms`, true);
  const KINDS = ['1 word', '2 words', '3 words', 'prefix*', 'word + unknown word (any-word fallback)', 'FTS syntax as text'];
  byKind.forEach((t, k) => {
    t.sort((a, b) => a - b);
    process.stdout.write(`    ${KINDS[k]!.padEnd(42)} p50 ${pct(t, 50).toFixed(2)} ms, p95 ${pct(t, 95).toFixed(2)} ms\n`);
  });
}

async function syncBench(dir: string): Promise<void> {
  const workspaces = flag('workspaces', 50);
  const per = flag('per', 1000);
  const home = join(dir, 'home');
  const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const rand = rng(3);
  const registry = { version: 1, workspaces: [] as { name: string; path: string; share: boolean; added: string }[] };
  for (let w = 0; w < workspaces; w++) {
    const root = join(dir, `ws${w}`);
    mkdirSync(join(root, '.bosun', 'memory'), { recursive: true });
    execFileSync('git', ['init', '-q', root], { env: gitEnv });
    const lines = ['# memory', ''];
    for (let i = 0; i < per; i++) {
      // One lesson in ten is shared by every workspace: the dedupe path runs too.
      const text = i % 10 === 0 ? `shared lesson number ${i}: ${VOCAB[i % VOCAB.length]} always wins` : lessonText(rand, w * per + i);
      lines.push(`- L${String(i + 1).padStart(4, '0')} [${TOPICS[i % TOPICS.length]}] ${text} (2025-0${1 + (i % 9)}-1${i % 10})`);
    }
    writeFileSync(join(root, '.bosun', 'memory', 'INDEX.md'), lines.join('\n') + '\n');
    registry.workspaces.push({ name: `ws${w}`, path: root, share: true, added: '2025-01-01T00:00:00.000Z' });
  }
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'workspaces.json'), JSON.stringify(registry));
  const t0 = performance.now();
  const report = await syncLessons({ home, now: Date.now() });
  const ms = performance.now() - t0;
  const problems = report.workspaces.filter((w) => w.problem);
  if (problems.length) throw new Error(`sync problems: ${problems.map((p) => `${p.name}: ${p.problem}`).join('; ')}`);
  const read = report.workspaces.reduce((n, w) => n + w.lessons, 0);
  process.stdout.write(`lessons sync: ${workspaces} workspaces x ${per} lessons (${read} read, ${report.lessons} after dedupe), broadcast to each\n`);
  row('  sync, in-process', '<= 5 s', `${(ms / 1000).toFixed(2)} s`, ms <= 5000);
}

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-bench-lessons-')));
try {
  await searchBench(dir);
  await syncBench(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

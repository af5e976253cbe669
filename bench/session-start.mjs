// Whole-process cost of the SessionStart hook with a full project memory index (150 lines, the default
// budget) as a ratio to bare `node -e 0`, interleaved in one run so machine load affects both sides
// alike: the median of per-pair ratios. Also SubagentStart, which composes the same context.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const N = Number(process.argv[2] ?? 31);
const base = mkdtempSync(join(tmpdir(), 'bosun-bench-ss-'));
const repo = join(base, 'repo');
const env = { ...process.env, HOME: base, GIT_CONFIG_GLOBAL: join(base, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1', BOSUN_MEMORY: '' };
delete env.BOSUN_AGENT;
writeFileSync(env.GIT_CONFIG_GLOBAL, '[user]\n\tname = b\n\temail = b@example.invalid\n');
mkdirSync(join(repo, '.bosun/memory'), { recursive: true });
spawnSync('git', ['init', '-q'], { cwd: repo, env });
const r = spawnSync(process.execPath, [join(root, 'bin/bosun.js'), 'init', '--yes'], { cwd: repo, env, encoding: 'utf8' });
if (r.status !== 0) throw new Error(r.stderr);

// 2 header lines + 148 lessons = the default budget of 150 lines.
const topics = ['build', 'db', 'deploy', 'tests', 'perf', 'api', 'auth', 'ci'];
const lines = Array.from({ length: 148 }, (_, i) => `- L${String(i + 1).padStart(3, '0')} [${topics[i % topics.length]}] Lesson ${i + 1}: a realistic one-line rule about ${topics[i % topics.length]} number ${i * 7919} that agents must follow. (2025-06-01)`);
writeFileSync(join(repo, '.bosun/memory/INDEX.md'), `# Project memory\n\n${lines.join('\n')}\n`);

const hookJs = join(root, 'dist/hook.cjs');
const common = { session_id: 'bench', transcript_path: join(base, 't.jsonl'), cwd: repo };
const payloads = {
  SessionStart: { ...common, hook_event_name: 'SessionStart', source: 'startup' },
  SubagentStart: { ...common, hook_event_name: 'SubagentStart', agent_id: 'a1', agent_type: 'lead' },
};

function time(cmd, args, input) {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd: repo, env, input, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { ms, out: res.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`session-start hook with a 150-line memory index vs bare node (${N} interleaved pairs; ratio = median of per-pair ratios)`);
for (const [event, payload] of Object.entries(payloads)) {
  const input = JSON.stringify(payload);
  const warm = time(process.execPath, [hookJs, 'claude-code', event], input); // fleet cache, page cache
  const context = JSON.parse(warm.out).hookSpecificOutput.additionalContext;
  const bare = [];
  const hook = [];
  for (let i = 0; i < N; i++) {
    bare.push(time(process.execPath, ['-e', '0'], '').ms);
    hook.push(time(process.execPath, [hookJs, 'claude-code', event], input).ms);
  }
  const ratio = median(hook.map((x, i) => x / bare[i]));
  console.log(`  ${event.padEnd(14)} hook ${median(hook).toFixed(1)} ms  node -e 0 ${median(bare).toFixed(1)} ms  ratio ${ratio.toFixed(2)}  (context ${context.length} chars)`);
}
rmSync(base, { recursive: true, force: true });

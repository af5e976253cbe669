// Whole-process cost of the PreToolUse hook as a ratio to bare `node -e 0`, interleaved in one run
// so machine load affects both sides alike. Medians of N pairs per payload kind.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const N = Number(process.argv[2] ?? 31);
const base = mkdtempSync(join(tmpdir(), 'bosun-bench-'));
const repo = join(base, 'repo');
const env = { ...process.env, HOME: base, GIT_CONFIG_GLOBAL: join(base, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
delete env.BOSUN_AGENT;
writeFileSync(env.GIT_CONFIG_GLOBAL, '[user]\n\tname = b\n\temail = b@example.invalid\n');
mkdirSync(join(repo, 'src'), { recursive: true });
spawnSync('git', ['init', '-q'], { cwd: repo, env });
let r = spawnSync(process.execPath, [join(root, 'bin/bosun.js'), 'init', '--yes'], { cwd: repo, env, encoding: 'utf8' });
if (r.status !== 0) throw new Error(r.stderr);

const hookJs = join(root, 'dist/hook.cjs');
const common = { session_id: 'bench', transcript_path: join(base, 't.jsonl'), cwd: repo, permission_mode: 'default', hook_event_name: 'PreToolUse' };
const payloads = {
  'Write (allowed)': { ...common, tool_name: 'Write', tool_input: { file_path: join(repo, 'src/a.js'), content: 'x' } },
  'Write (denied)': { ...common, tool_name: 'Write', tool_input: { file_path: join(repo, '.bosun/fleet.yaml'), content: 'x' } },
  'Bash compound': { ...common, tool_name: 'Bash', tool_input: { command: 'cd src && npm test 2>&1 | tail -5; git status --short' } },
};

function time(cmd, args, input) {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd: repo, env, input, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`hook start-up vs bare node (${N} interleaved pairs; ratio = median of per-pair ratios; node ${process.version})`);
for (const [name, payload] of Object.entries(payloads)) {
  const input = JSON.stringify(payload);
  time(process.execPath, [hookJs, 'claude-code', 'PreToolUse'], input); // warm the fleet cache and the page cache
  const bare = [];
  const hook = [];
  for (let i = 0; i < N; i++) {
    bare.push(time(process.execPath, ['-e', '0'], ''));
    hook.push(time(process.execPath, [hookJs, 'claude-code', 'PreToolUse'], input));
  }
  const b = median(bare);
  const h = median(hook);
  // the median of per-pair ratios: each pair ran back to back, so load drifts cancel within a pair
  const r = median(hook.map((x, i) => x / bare[i]));
  console.log(`  ${name.padEnd(16)} hook ${h.toFixed(1)} ms  node -e 0 ${b.toFixed(1)} ms  ratio ${r.toFixed(2)}  (goal <= 1.30)`);
}
rmSync(base, { recursive: true, force: true });

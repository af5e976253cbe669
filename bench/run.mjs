// npm run bench — speed targets as ratios measured in one run (never timed assertions in tests).
//  1. PreToolUse hook, whole process, vs bare `node -e 0`, interleaved (goal <= 1.3)
//  2. policy decisions per second in-process on a 20-agent fleet (goal >= 100k/s)
//  3. shell-analysis throughput
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const r1 = spawnSync(process.execPath, ['bench/hook-startup.mjs', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const r2 = spawnSync(process.execPath, ['--import', 'tsx', 'bench/policy.ts'], { cwd: root, stdio: 'inherit' });
if (spawnSync(process.execPath, ['bench/session-start.mjs', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }).status !== 0) process.on('exit', (code) => void (process.exitCode = code || 1)); // SessionStart with a full memory index (issue 4)
if (spawnSync(process.execPath, ['--import', 'tsx', 'bench/lessons.ts'], { cwd: root, stdio: 'inherit' }).status !== 0) process.on('exit', (code) => void (process.exitCode = code || 1)); // lessons search over 100k, sync of 50 x 1,000 (issue 4)
process.exit((r1.status ?? 1) || (r2.status ?? 1));

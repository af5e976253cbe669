// Warms dist/hook-main.cjs.v8cache: runs the built hook on the main paths (file tools, a compound
// Bash line, post-tool and lifecycle events) in a throwaway repository, each run adding the
// functions it compiled to the cache. Called by scripts/build.mjs; failures only cost speed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function warmHookCache(root) {
  const base = mkdtempSync(join(tmpdir(), 'bosun-warm-'));
  try {
    const repo = join(base, 'repo');
    mkdirSync(join(repo, 'src'), { recursive: true });
    const env = { ...process.env, HOME: base, GIT_CONFIG_GLOBAL: join(base, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1', BOSUN_HOOK_CACHE_REFRESH: '1' };
    delete env.BOSUN_AGENT;
    writeFileSync(env.GIT_CONFIG_GLOBAL, '');
    if (spawnSync('git', ['init', '-q'], { cwd: repo, env }).status !== 0) return false;
    if (spawnSync(process.execPath, [join(root, 'bin/bosun.js'), 'init', '--yes'], { cwd: repo, env }).status !== 0) return false;
    const common = { session_id: 'warm', transcript_path: join(base, 't.jsonl'), cwd: repo, permission_mode: 'default' };
    const tool = (event, tool_name, tool_input, extra = {}) => [event, { ...common, hook_event_name: event, tool_name, tool_input, ...extra }];
    const runs = [
      ['SessionStart', { ...common, hook_event_name: 'SessionStart', source: 'startup' }],
      tool('PreToolUse', 'Write', { file_path: join(repo, 'src/a.js'), content: 'x' }),
      tool('PreToolUse', 'Edit', { file_path: join(repo, '.bosun/fleet.yaml'), old_string: 'a', new_string: 'b' }),
      tool('PreToolUse', 'Read', { file_path: join(repo, 'src/a.js') }),
      tool('PreToolUse', 'Bash', { command: 'cd src && npm test 2>&1 | tail -5; git status --short && echo ok > /tmp/x' }),
      tool('PreToolUse', 'Bash', { command: 'find . -name "*.js" -exec sed -i s/a/b/ {} + ; bash -c "rm -rf build" ; python3 -c 1' }),
      tool('PreToolUse', 'Agent', { subagent_type: 'reviewer', prompt: 'p', description: 'd' }),
      tool('PostToolUse', 'Bash', { command: 'npm test' }, { tool_response: {} }),
      tool('PostToolUseFailure', 'Bash', { command: 'npm test' }, { error: 'Exit code 1\nfail' }),
      ['Stop', { ...common, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'Done.' }],
    ];
    for (const [event, payload] of runs) {
      spawnSync(process.execPath, [join(root, 'dist/hook.cjs'), 'claude-code', event], { cwd: repo, env, input: JSON.stringify(payload) });
    }
    return true;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

// The outer environment minus whatever would leak the developer's (or an enclosing Claude Code
// session's) setup into a child: Claude Code and Anthropic settings, git overrides, proxies.

const DROPPED_PREFIXES = ['CLAUDE_', 'ANTHROPIC_', 'GIT_', 'OTEL_'];
const DROPPED = new Set([
  'CLAUDECODE',
  'NODE_TEST_CONTEXT',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'all_proxy',
]);

export function inheritedEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || DROPPED.has(key)) continue;
    if (DROPPED_PREFIXES.some((p) => key.startsWith(p))) continue;
    env[key] = value;
  }
  return env;
}

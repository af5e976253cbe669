// In-process throughput of the policy engine (20-agent fleet) and of the shell analysis.
import { loadFleetParser } from '../src/fleet/index.ts';
import { evaluate, type Action, type PolicyContext } from '../src/policy/index.ts';
import { analyzeShell } from '../src/policy/shell/index.ts';
import { BENCH_COMMANDS } from '../src/policy/shell/bench.ts';

const AREAS = ['api', 'web', 'db', 'auth', 'billing', 'search', 'infra', 'docs', 'mobile', 'ml'];
const agents = Array.from({ length: 20 }, (_, i) => {
  const area = AREAS[i % AREAS.length]!;
  const readOnly = i % 5 === 4;
  return `  agent-${i}:
    role: works on ${area}
    autonomy: ${readOnly ? 'plan-only' : 'auto-apply'}
    edit: ${readOnly ? '[]' : `["src/${area}/**", "test/${area}/**", "docs/${area}/*.md"]`}
    run: ["@read-only", "npm *", "git status", "git diff *"]`;
}).join('\n');
const yaml = `version: 1
default_agent: agent-0
steward: agent-1
agents:
${agents}
ownership:
${AREAS.map((a, i) => `  "src/${a}/migrations/**": [agent-${i}]`).join('\n')}
protected:
  sacred: ["test/billing/sacred/**", "test/auth/**/*.sacred.ts"]
  human_review: ["src/auth/**"]
`;
const { parseFleet } = await loadFleetParser();
const parsed = parseFleet(yaml, 'bench-fleet.yaml');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const fleet = parsed.fleet;
const ctx: PolicyContext = { repoRoot: '/repo', cwd: '/repo', gitDir: '/repo/.git', commonDir: '/repo/.git', tempDirs: ['/tmp'], home: '/home/u' };

const fileActions: Action[] = [];
for (const a of AREAS) {
  fileActions.push({ kind: 'edit', path: `/repo/src/${a}/index.ts` }, { kind: 'edit', path: `src/${a}/migrations/001.sql` }, { kind: 'read', path: `/repo/src/${a}/x.ts` });
}
fileActions.push({ kind: 'edit', path: '/repo/.bosun/fleet.yaml' }, { kind: 'edit', path: '/repo/test/billing/sacred/a.test.ts' }, { kind: 'edit', path: '/etc/passwd' });

function rate(label: string, fn: () => number, goal?: string): void {
  fn(); // warm up
  const t0 = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - t0) < 1e9) n += fn();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`  ${label.padEnd(44)} ${Math.round(n / secs).toLocaleString('en-US').padStart(10)} /s${goal ? `  (goal ${goal})` : ''}`);
}

const names = Object.keys(fleet.agents);
console.log('policy engine, in process (20-agent fleet)');
rate('decisions, file tools (edit/read)', () => {
  for (const name of names) for (const a of fileActions) evaluate(fleet, name, a, ctx);
  return names.length * fileActions.length;
}, '>= 100,000/s');
rate('decisions, Bash (parse + analysis + rules)', () => {
  for (const c of BENCH_COMMANDS) evaluate(fleet, names[0]!, { kind: 'bash', command: c }, ctx);
  return BENCH_COMMANDS.length;
});
rate('shell analyses alone', () => {
  for (const c of BENCH_COMMANDS) analyzeShell(c, { cwd: '/repo', home: '/home/u' });
  return BENCH_COMMANDS.length;
});

import { resolve } from 'node:path';
import { toolActions } from '../../adapters/claude-code/payload.ts';
import { loadFleet } from '../../fleet/index.ts';
import { evaluate, type Action, type Decision } from '../../policy/index.ts';
import { usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { policyContext, requireRepo } from '../repo-context.ts';

const HELP = `Usage: bosun policy check --agent A (--tool T --path P | --bash CMD) [--cwd DIR] [--json]

Dry-runs one decision of the policy engine against .bosun/fleet.yaml of the repository in the
current directory, exactly as the PreToolUse hook would decide it.

  --agent A     the fleet agent to evaluate as
  --tool T      a Claude Code tool: Write, Edit, MultiEdit, NotebookEdit, Read, Glob, Grep,
                Agent (P = subagent name), WebFetch (P = URL), mcp__server__tool
  --path P      the tool's target (file path, relative to --cwd or absolute)
  --bash CMD    a shell command line (as the Bash tool would run it)
  --cwd DIR     the session's working directory (default: the current directory)
  --json        print {decision, rule, reason, target} as one JSON object

Exit codes: 0 allow, 1 deny or ask, 2 usage, 3 invalid fleet file, 4 not a git repository.`;

function action(tool: string | undefined, path: string | undefined, bash: string | undefined, cwd: string): Action {
  if (bash !== undefined) {
    if (tool !== undefined && tool !== 'Bash') throw usageError('--bash goes with no --tool (or --tool Bash)');
    return { kind: 'bash', command: bash };
  }
  if (!tool) throw usageError('give --tool T --path P, or --bash CMD', HELP);
  if (tool === 'Bash') throw usageError('--tool Bash takes --bash CMD');
  const input: Record<string, unknown> = { file_path: path, notebook_path: path, path, url: path, subagent_type: path };
  if (path === undefined && tool !== 'Glob' && tool !== 'Grep') throw usageError(`--tool ${tool} needs --path`);
  const { actions } = toolActions(tool, input, cwd);
  const first = actions[0];
  if (!first) throw usageError(`bosun does not scope tool "${tool}": every call of it is allowed`);
  return first;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('policy', args, {
      agent: { type: 'string' },
      tool: { type: 'string' },
      path: { type: 'string' },
      bash: { type: 'string' },
      cwd: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  if (positionals[0] !== 'check') throw usageError(`unknown policy subcommand "${positionals[0] ?? ''}"`, HELP);
  if (!values.agent) throw usageError('--agent is required', HELP);
  const cwd = resolve(values.cwd ?? process.cwd());
  const act = action(values.tool, values.path, values.bash, cwd);
  const dirs = requireRepo(cwd);
  const { fleet } = await loadFleet({ repoRoot: dirs.root, commonDir: dirs.commonDir });
  const d: Decision = evaluate(fleet, values.agent, act, policyContext(dirs, cwd));
  if (values.json) {
    process.stdout.write(JSON.stringify(d) + '\n');
  } else {
    process.stdout.write(`${d.decision.toUpperCase()}  (rule: ${d.rule}${d.target ? `, target: ${d.target}` : ''})\n${d.reason}\n`);
  }
  return d.decision === 'allow' ? EXIT.ok : EXIT.failure;
}

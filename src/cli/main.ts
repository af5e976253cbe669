// The CLI: maps verbs to lazily imported command modules. The only place that sets the exit code.
import { BosunError } from '../shared/errors.ts';
import { EXIT } from '../shared/exit-codes.ts';
import type { CommandModule } from './command.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  init: { summary: 'scaffold .bosun/fleet.yaml and wire hooks into a harness', load: () => import('./commands/init.ts') },
  fleet: { summary: 'fleet validate | fleet show [--json]', load: () => import('./commands/fleet.ts') },
  schema: { summary: 'print the JSON Schema of .bosun/fleet.yaml', load: () => import('./commands/schema.ts') },
  policy: { summary: 'policy check: dry-run a decision', load: () => import('./commands/policy.ts') },
  hook: { summary: 'hook <harness> <event>: the hook entry point (reads the payload on stdin)', load: () => import('./commands/hook.ts') },
  log: { summary: 'show recent decisions from the ledger', load: () => import('./commands/log.ts') },
  sacred: { summary: 'sacred lock | status | approve: pin the tests no agent may change', load: () => import('./commands/sacred.ts') },
  gate: { summary: 'gate sacred [--base REV] | gate pre-commit | gate ci [--base REV]: the checks git hooks and CI run', load: () => import('./commands/gate.ts') },
  verify: { summary: 'verify the claims of a session against the evidence, running missing checks', load: () => import('./commands/verify.ts') },
  status: { summary: 'per session: claims, evidence and verdict (verified / blocked / unverified)', load: () => import('./commands/status.ts') },
  lesson: { summary: 'lesson add|list|show|retire|supersede|ack: the project memory index', load: () => import('./commands/lesson.ts') },
  memory: { summary: 'memory show [--session-start] | lint | commit: the project memory', load: () => import('./commands/memory.ts') },
  closeout: { summary: 'closeout [--session S]: mine a session transcript for candidate lessons', load: () => import('./commands/closeout.ts') },
  lessons: { summary: 'lessons sync | search Q | review: lessons across workspaces, and candidates to review', load: () => import('./commands/lessons.ts') },
  facts: { summary: 'facts add|list|show|verify|stale: the facts vault', load: () => import('./commands/facts.ts') },
  workspaces: { summary: 'workspaces add|list|remove: the registry of workspaces that share lessons', load: () => import('./commands/workspaces.ts') },
  schedule: { summary: 'schedule install|remove|status: the daily lessons sync', load: () => import('./commands/schedule.ts') },
  review: { summary: 'review approve --reason R [--paths ...]: a human approves staged changes to human_review paths', load: () => import('./commands/review.ts') },
  ci: { summary: 'ci status [--sha S] [--wait] | ci record <check> <success|failure>: CI status for the exact commit', load: () => import('./commands/ci.ts') },
  deploy: { summary: 'deploy <env> [--dry-run] | deploy log: CI-gated deploy with backup, counts and verify', load: () => import('./commands/deploy.ts') },
  audit: { summary: 'the self-audit: wiring, hooks, memory, sacred lock, inbox, facts, lessons sync', load: () => import('./commands/audit.ts') },
  demo: { summary: 'a guided run in a temp repo, no model or network needed', load: () => import('./commands/demo.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(width)}  ${v.summary}`);
  return [
    'bosun — guardrails for a fleet of AI coding agents',
    '',
    'Usage: bosun <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --json and --help. Exit codes: 0 ok, 1 check said no, 2 usage,',
    '3 invalid config, 4 unusable environment, 70 bug in bosun.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(usage() + '\n');
    return verb ? EXIT.ok : EXIT.usage;
  }
  if (verb === '--version' || verb === '-v') {
    process.stdout.write(`${BOSUN_VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS[verb];
  if (!entry) {
    const { suggest } = await import('../shared/suggest.ts');
    const s = suggest(verb, Object.keys(COMMANDS));
    process.stderr.write(`bosun: unknown command "${verb}"${s ? ` (did you mean "${s}"?)` : ''}\n\n${usage()}\n`);
    return EXIT.usage;
  }
  const mod = await entry.load();
  return mod.run(rest);
}

declare const BOSUN_VERSION: string;

// `bosun … | head`: a reader that went away is not an error of ours; stop quietly like other CLIs.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof BosunError) {
      process.stderr.write(`bosun: ${err.message}\n`);
      if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`bosun: internal error (this is a bug in bosun, please report it):\n${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = EXIT.internal;
  },
);

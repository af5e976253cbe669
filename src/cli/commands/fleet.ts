// `bosun fleet validate|show`: check the fleet file and show what it resolves to.
import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FLEET_FILE,
  decodeFleetText,
  describeFleet,
  fleetInvalid,
  formatIssues,
  loadFleet,
  loadFleetParser,
  readFleetBytes,
  type Fleet,
} from '../../fleet/index.ts';
import { BosunError, errorMessage, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { findRepoDirs } from '../../shared/git-dirs.ts';
import { gatesIssues } from '../fleet-gates-check.ts';
import { suggest } from '../../shared/suggest.ts';

const HELP = `Usage: bosun fleet <command> [--file F] [--json]

Commands:
  validate   check ${FLEET_FILE}: reports every problem at once, with file:line:column
             and "did you mean" suggestions. Exit 0 when valid, 3 when not.
  show       print the resolved fleet (every default filled in): a summary per agent,
             or the full resolved fleet as JSON with --json.

Options:
  -f, --file F   the fleet file to use (default: ${FLEET_FILE} in the current repository;
                 with --file, no repository is needed)
      --json     machine-readable output on stdout
  -h, --help     this help

Examples:
  bosun fleet validate
  bosun fleet validate --file ./candidate-fleet.yaml --json
  bosun fleet show --json | jq '.agents.lead.edit'`;

const SUBCOMMANDS = ['validate', 'show'] as const;

interface Flags {
  file: string | undefined;
  json: boolean;
  help: boolean;
}

function parseFlags(args: string[]): Flags {
  try {
    const { values } = parseArgs({
      args,
      options: {
        file: { type: 'string', short: 'f' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    return { file: values.file, json: values.json, help: values.help };
  } catch (err) {
    throw usageError(errorMessage(err), 'Run `bosun fleet --help` for usage.');
  }
}

/** The fleet file to read, how to name it in messages, and the repository (for the cache) if there is one. */
function locate(flags: Flags): { file: string; shown: string; repo: { root: string; commonDir: string } | null } {
  const cwd = process.cwd();
  if (flags.file !== undefined) {
    return { file: resolve(cwd, flags.file), shown: flags.file, repo: findRepoDirs(cwd) };
  }
  const repo = findRepoDirs(cwd);
  if (!repo) {
    throw new BosunError({
      code: 'E_NO_REPO',
      message: `${cwd} is not inside a git repository`,
      hint: `Run it inside the repository whose fleet you mean, or pass --file with the path of a fleet file.`,
      exitCode: EXIT.environment,
    });
  }
  const file = resolve(repo.root, FLEET_FILE);
  return { file, shown: relative(cwd, file), repo };
}

async function validate(flags: Flags): Promise<number> {
  const { file, shown } = locate(flags);
  const text = decodeFleetText(readFleetBytes(file, shown), shown);
  const { parseFleet } = await loadFleetParser();
  const result = parseFleet(text, shown);
  // gates: and deploy: are checked by the gates' own parsers (key paths, "did you mean"), once the rest is valid.
  const gateProblems = result.ok ? gatesIssues(result.fleet, shown) : [];
  const ok = result.ok && gateProblems.length === 0;
  if (flags.json) {
    const issues = result.ok ? gateProblems.map((message) => ({ message })) : result.issues;
    process.stdout.write(JSON.stringify({ ok, file: shown, issues }, null, 2) + '\n');
    return ok ? EXIT.ok : EXIT.config;
  }
  if (!result.ok) {
    process.stderr.write(formatIssues(result.issues) + '\n');
    return EXIT.config;
  }
  if (gateProblems.length) {
    process.stderr.write(`${shown}: ${gateProblems.length} problem${gateProblems.length === 1 ? '' : 's'} in gates/deploy:\n${gateProblems.map((p) => `  ${p}`).join('\n')}\n`);
    return EXIT.config;
  }
  const names = Object.keys(result.fleet.agents);
  process.stdout.write(`${shown} is valid: ${names.length} agent${names.length === 1 ? '' : 's'} (${names.join(', ')})\n`);
  return EXIT.ok;
}

async function show(flags: Flags): Promise<number> {
  const { file, shown, repo } = locate(flags);
  let fleet: Fleet;
  let hash: string;
  if (repo) {
    ({ fleet, hash } = await loadFleet({ repoRoot: repo.root, commonDir: repo.commonDir, file }));
  } else {
    const bytes = readFleetBytes(file, shown);
    const { parseFleet } = await loadFleetParser();
    const result = parseFleet(decodeFleetText(bytes, shown), shown);
    if (!result.ok) throw fleetInvalid(shown, result.issues);
    fleet = result.fleet;
    hash = createHash('sha256').update(bytes).digest('hex');
  }
  process.stdout.write((flags.json ? JSON.stringify(fleet, null, 2) : describeFleet(fleet, { file: shown, hash })) + '\n');
  return EXIT.ok;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
    const close = suggest(sub, SUBCOMMANDS);
    throw usageError(`unknown fleet command "${sub}"${close ? ` (did you mean "${close}"?)` : ''}`, 'Run `bosun fleet --help` for usage.');
  }
  const flags = parseFlags(rest);
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  return sub === 'validate' ? validate(flags) : show(flags);
}

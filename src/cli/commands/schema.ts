// `bosun schema`: print the JSON Schema (draft 2020-12) of .bosun/fleet.yaml, for editors.
import { parseArgs } from 'node:util';
import { fleetJsonSchema } from '../../fleet/index.ts';
import { errorMessage, usageError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';

const HELP = `Usage: bosun schema [--json]

Prints the JSON Schema (draft 2020-12) of .bosun/fleet.yaml on stdout. The output is JSON
either way; --json is accepted for symmetry with every other command.

Editor setup (VS Code with the YAML extension, or any yaml-language-server client):
  bosun schema > .bosun/fleet.schema.json
  then make this the first line of .bosun/fleet.yaml:
  # yaml-language-server: $schema=fleet.schema.json

The schema checks structure, enums and path formats. That agent names referenced in
ownership, spawn, steward and default_agent exist is checked by \`bosun fleet validate\`.`;

export async function run(args: string[]): Promise<number> {
  let help: boolean;
  try {
    ({ values: { help } } = parseArgs({
      args,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw usageError(errorMessage(err), 'Run `bosun schema --help` for usage.');
  }
  process.stdout.write((help ? HELP : JSON.stringify(fleetJsonSchema(), null, 2)) + '\n');
  return EXIT.ok;
}

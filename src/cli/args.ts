import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from '../shared/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with positionals allowed, whose complaints (an unknown flag…) are usage errors (exit 2), not bugs. */
export function parseFlags<O extends Options>(verb: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(`${verb}: ${err instanceof Error ? err.message : String(err)}`, `Run \`bosun ${verb} --help\` for usage.`);
  }
}

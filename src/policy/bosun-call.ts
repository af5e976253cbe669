/**
 * Where a simple command runs bosun itself, however it is launched: `bosun`, `npx bosun`, `pnpm exec bosun`,
 * `node …/bin/bosun.js`, `node …/bosun/dist/cli.js`. Pure.
 */

/** Launchers that may stand before bosun, with their options (`npx --yes bosun`, `pnpm dlx bosun`). */
const LAUNCHERS = new Set(['npx', 'node', 'pnpm', 'yarn', 'bunx', 'bun', 'exec', 'dlx', 'x']);
const BOSUN = /(^|\/)bosun(\.js)?$|(^|\/)bosun\/dist\/cli\.js$/;

export interface BosunCall {
  /** Index of the bosun word in argv. */
  at: number;
  /** The words after it: the subcommand, its verb, and the rest. */
  args: readonly string[];
  /** Everything before bosun is a launcher or a launcher's option: the command really runs bosun (`echo bosun …` does not). */
  launched: boolean;
}

export function bosunCall(argv: readonly string[]): BosunCall | null {
  const at = argv.findIndex((w) => BOSUN.test(w));
  if (at < 0) return null;
  const base = (w: string): string => w.slice(w.lastIndexOf('/') + 1);
  const launched = argv.slice(0, at).every((w, i) => (i === 0 ? LAUNCHERS.has(base(w)) : LAUNCHERS.has(w) || w.startsWith('-')));
  return { at, args: argv.slice(at + 1), launched };
}

import { handleEvent } from '../../hooks/index.ts';
import { readStdin, runHook } from '../hook-run.ts';

/** `bosun hook <harness> <event>` through the CLI bundle (the launcher normally loads dist/hook.cjs). */
export async function run(args: string[]): Promise<number> {
  const a = await runHook(args, readStdin, handleEvent);
  if (a.stdout) process.stdout.write(a.stdout);
  if (a.stderr) process.stderr.write(a.stderr);
  return a.exitCode;
}

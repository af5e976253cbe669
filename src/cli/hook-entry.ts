// Bundle entry of the hook path (dist/hook.cjs): nothing but the hook runner.
import { readStdin, runHook } from './hook-run.ts';

const args = process.argv.slice(2);
runHook(args, readStdin).then(
  (a) => {
    if (a.stdout) process.stdout.write(a.stdout);
    if (a.stderr) process.stderr.write(a.stderr);
    process.exitCode = a.exitCode;
  },
  (err: unknown) => {
    // runHook catches everything; this is the last line of defence.
    process.stderr.write(`bosun denied this tool call: the hook crashed (${String(err)})\n`);
    process.exitCode = 2;
  },
);

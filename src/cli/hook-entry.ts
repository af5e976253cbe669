// Bundle entry of the hook path (dist/hook-main.cjs, started by dist/hook.cjs): nothing but the hook runner.
import { writeSync } from 'node:fs';
import { readStdin, runHook } from './hook-run.ts';

/**
 * Writes straight to the file descriptor: touching process.stdout/stderr would load Node's stream
 * machinery, a measurable share of a hook's start-up. Retries when a non-blocking pipe is full.
 */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      buf = buf.subarray(writeSync(fd, buf));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

const args = process.argv.slice(2);
runHook(args, readStdin).then(
  (a) => {
    if (a.stdout) writeAll(1, a.stdout);
    if (a.stderr) writeAll(2, a.stderr);
    process.exitCode = a.exitCode;
  },
  (err: unknown) => {
    // runHook catches everything; this is the last line of defence.
    writeAll(2, `bosun denied this tool call: the hook crashed (${String(err)})\n`);
    process.exitCode = 2;
  },
);

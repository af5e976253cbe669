// What both hook bundles run (see hook-entry.ts and hook-guard-entry.ts): the hook runner, answering on
// the process's file descriptors.
import { writeSync } from 'node:fs';
import { readStdin, runHook, type EventHandler } from './hook-run.ts';

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

/** Runs the hook for the process arguments (`<harness> <event>`) and writes its answer. */
export function hookMain(handle: EventHandler): void {
  runHook(process.argv.slice(2), readStdin, handle).then(
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
}

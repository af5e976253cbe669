/**
 * What of a long test output the agent needs to act on: the lines that name failures (which test,
 * which assertion), then the end of the output (the summary). Pure.
 */
const FAILURE = /^\s*(not ok\b|✖|✗|×|FAIL\b|--- FAIL|FAILED\b|failures?:|E\s{2,}|AssertionError|Error:|expected|received|thread '.*' panicked|\d+\) )/i;

export function excerpt(output: string, limit = 4096): string {
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const failing = lines.filter((l) => FAILURE.test(l)).slice(0, 20);
  const end = lines.slice(-25);
  const head = failing.length ? ['[failure lines]', ...failing, '[end of output]'] : [];
  let text = [...head, ...end].join('\n');
  if (text.length > limit) text = text.slice(-limit);
  return text;
}

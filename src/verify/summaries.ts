import { findSummaries } from './summaries-runners.ts';
import type { TestSummary } from './types.ts';

// CSI sequences (colours, cursor moves), OSC sequences (hyperlinks, titles) and two-byte escapes.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()#][0-9A-Za-z]|\x1b[=>78DEHM]/g;

/** Output as a terminal would show it: no escape codes, and of a `\r`-rewritten line only what was left. */
export function plainLines(output: string): string[] {
  return output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => {
      const parts = line.split('\r').filter((p) => p.trim() !== '');
      return parts[parts.length - 1] ?? '';
    });
}

/**
 * The final summary of a test run in `output` (often only the tail of it), or null when no
 * summary of a known runner is there. Runs of one runner (a monorepo, go packages, cargo test
 * binaries) are summed.
 *
 * When summaries of more than one runner appear (a workspace whose packages use different runners),
 * their counts are summed too, so that a failure in any of them shows, and `runner` names the one
 * whose summary comes last.
 */
export function parseTestSummary(output: string): TestSummary | null {
  const found = findSummaries(plainLines(output));
  if (found.length === 0) return null;
  const last = found.reduce((a, b) => (b.at > a.at ? b : a));
  const sum = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  for (const s of found) {
    sum.passed += s.passed;
    sum.failed += s.failed;
    sum.skipped += s.skipped;
    sum.todo += s.todo;
  }
  return {
    runner: last.runner,
    passed: sum.passed,
    failed: sum.failed,
    skipped: sum.skipped,
    total: sum.passed + sum.failed + sum.skipped + sum.todo,
  };
}

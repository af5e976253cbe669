import type { TestRunner } from './types.ts';

/** One summary block found in the output: its counts and the line it ends on. */
export interface FoundSummary {
  runner: TestRunner;
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  /** Index of the block's last line: the runner whose summary comes last ran last. */
  at: number;
}

type Counts = Omit<FoundSummary, 'runner' | 'at'>;
const zero = (): Counts => ({ passed: 0, failed: 0, skipped: 0, todo: 0 });

/** `N word` pairs of a summary line, e.g. `3 failed | 10 passed` → [[3,'failed'],[10,'passed']]. */
function pairs(text: string): Array<[number, string]> {
  return [...text.matchAll(/(\d+) ([a-z]+(?: fail)?)/g)].map((m) => [Number(m[1]), m[2] as string]);
}

/** Adds `n` to the count that `word` names in `map`; words not in the map (total, warnings…) are ignored. */
function tally(c: Counts, map: Record<string, keyof Counts>, word: string, n: number): void {
  const key = map[word];
  if (key) c[key] += n;
}

// node --test, TAP reporter (`# pass 4`) and spec reporter (`ℹ pass 4`); cancelled tests did not pass.
const NODE_LINE = /^(?:#|ℹ\uFE0F?)\s*(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\s+[\d.]+\s*$/;
const NODE_MAP: Record<string, keyof Counts> = { pass: 'passed', fail: 'failed', cancelled: 'failed', skipped: 'skipped', todo: 'todo' };

function node(lines: string[]): FoundSummary[] {
  const out: FoundSummary[] = [];
  let block: (FoundSummary & { counted: boolean }) | null = null;
  const close = (): void => {
    if (block?.counted) out.push({ runner: 'node', passed: block.passed, failed: block.failed, skipped: block.skipped, todo: block.todo, at: block.at });
    block = null;
  };
  lines.forEach((line, i) => {
    const m = NODE_LINE.exec(line.trim());
    if (!m) return close();
    const key = m[1] as string;
    // A second `tests` line starts another run's block even without a gap between them.
    if (key === 'tests') close();
    block ??= { runner: 'node', ...zero(), at: i, counted: false };
    tally(block, NODE_MAP, key, Number(/([\d.]+)\s*$/.exec(line)?.[1]));
    // Only a block with a pass or fail line is a summary, not a stray `# tests` comment.
    if (key === 'pass' || key === 'fail') block.counted = true;
    block.at = i;
  });
  close();
  return out;
}

// vitest: ` Tests  3 failed | 10 passed | 1 skipped (14)`; `Test Files` is the per-file line and is not counted.
const VITEST = /(?:^|\s)Tests\s{2,}((?:\d+ [a-z]+(?: fail)?(?:\s*\|\s*)?)+)\s*\(\d+\)\s*$/;
const VITEST_MAP: Record<string, keyof Counts> = { passed: 'passed', failed: 'failed', skipped: 'skipped', todo: 'todo', 'expected fail': 'passed' };

// jest: `Tests:       1 failed, 2 skipped, 5 passed, 8 total`.
const JEST = /(?:^|\s)Tests:\s+((?:\d+ [a-z]+,\s*)*\d+ total)\s*$/;
const JEST_MAP: Record<string, keyof Counts> = { passed: 'passed', failed: 'failed', skipped: 'skipped', pending: 'skipped', todo: 'todo' };

// pytest: `=== 2 failed, 10 passed, 1 skipped in 0.12s ===`, `5 passed in 0.01s` (-q), `no tests ran in 0.01s`.
// Errors are failures; an xfail is an expected outcome (skipped), a non-strict xpass passed; deselected tests did not run.
const PYTEST = /(?:^|\s)=*\s*((?:\d+ (?:failed|passed|skipped|deselected|xfailed|xpassed|warnings?|errors?|rerun)(?:, )?)+|no tests ran) in [\d.]+s(?: \(\d+:\d\d:\d\d\))?\s*=*\s*$/;
const PYTEST_MAP: Record<string, keyof Counts> = { passed: 'passed', xpassed: 'passed', failed: 'failed', error: 'failed', errors: 'failed', skipped: 'skipped', xfailed: 'skipped' };

// cargo: one `test result:` line per test binary (unit, integration, doc tests).
const CARGO = /test result: (?:ok|FAILED)\. (\d+ passed; \d+ failed; \d+ ignored.*)$/;
const CARGO_MAP: Record<string, keyof Counts> = { passed: 'passed', failed: 'failed', ignored: 'skipped' };

/** Runners whose summary is a single line: each matching line is one run. */
function lineSummaries(lines: string[], runner: TestRunner, re: RegExp, map: Record<string, keyof Counts>): FoundSummary[] {
  const out: FoundSummary[] = [];
  lines.forEach((line, i) => {
    const m = re.exec(line);
    if (!m) return;
    const c = zero();
    for (const [n, word] of pairs(m[1] as string)) tally(c, map, word, n);
    out.push({ runner, ...c, at: i });
  });
  return out;
}

// mocha: `  5 passing (12ms)` then `  2 failing` and `  1 pending` on the lines right after.
function mocha(lines: string[]): FoundSummary[] {
  const out: FoundSummary[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(\d+) passing \(\d+(?:\.\d+)?\s*(?:ms|s|m|h|µs)\)\s*$/.exec(line);
    if (!m) return;
    const s: FoundSummary = { runner: 'mocha', ...zero(), passed: Number(m[1]), at: i };
    for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
      const more = /^\s*(\d+) (failing|pending)\s*$/.exec(lines[j] as string);
      if (!more) continue;
      if (more[2] === 'failing') s.failed += Number(more[1]);
      else s.skipped += Number(more[1]);
      s.at = j;
    }
    out.push(s);
  });
  return out;
}

// go test: `--- PASS|FAIL|SKIP: Name` per test (all of them with -v, failures only without), and one
// `ok  \tpkg\t0.01s` / `FAIL\tpkg\t0.01s` line per package. A package that printed no test lines
// (not -v, or a build failure or panic) counts as one test, so that a failing package is never zero.
const GO_TEST = /^\s*--- (PASS|FAIL|SKIP): \S/;
const GO_OK = /^ok\s+\S+\s+(?:\(cached\)|[\d.]+m?s|\[no tests to run\])/;
const GO_FAIL = /^FAIL\s+\S+\s+(?:[\d.]+m?s|\[(?:build|setup) failed\])/;

function go(lines: string[]): FoundSummary[] {
  const c = zero();
  let at = -1;
  let pendingPass = 0;
  let pendingFail = 0;
  lines.forEach((line, i) => {
    const t = GO_TEST.exec(line);
    if (t) {
      if (t[1] === 'PASS') {
        c.passed++;
        pendingPass++;
      } else if (t[1] === 'FAIL') {
        c.failed++;
        pendingFail++;
      } else c.skipped++;
      at = i;
      return;
    }
    if (GO_OK.test(line)) {
      if (pendingPass === 0 && !line.includes('[no tests to run]')) c.passed++;
    } else if (GO_FAIL.test(line)) {
      if (pendingFail === 0) c.failed++;
    } else return;
    pendingPass = pendingFail = 0;
    at = i;
  });
  return at < 0 ? [] : [{ runner: 'go', ...c, at }];
}

/** Every summary block of every runner this module knows, in no particular order. */
export function findSummaries(lines: string[]): FoundSummary[] {
  return [
    ...node(lines),
    ...lineSummaries(lines, 'vitest', VITEST, VITEST_MAP),
    ...lineSummaries(lines, 'jest', JEST, JEST_MAP),
    ...lineSummaries(lines, 'pytest', PYTEST, PYTEST_MAP),
    ...lineSummaries(lines, 'cargo', CARGO, CARGO_MAP),
    ...mocha(lines),
    ...go(lines),
  ];
}

/**
 * Which extra arguments leave a check's run whole. Anything not known to be harmless counts as
 * narrowing: a run with an argument bosun cannot judge proves less than the check, and the agent
 * can always run the check as written.
 */

/** Flags that change how a run reports, caches or parallelises, never which tests or files it covers. */
const HARMLESS: RegExp[] = [
  // watch mode off, CI mode, colour, verbosity, progress
  /^--(?:no-watch|watch=false|watchAll=false|run|ci|no-ci|colou?rs?|no-colou?rs?|colou?r=\w+|verbose|verbose=\w+|quiet|silent|pretty|pretty=\w+|no-progress|progress=false)$/,
  /^-(?:v+|q+|s)$/,
  // test runners: workers, bail, reporters, coverage, timeouts (jest, vitest, node, mocha, pytest)
  /^--(?:runInBand|detectOpenHandles|forceExit|logHeapUsage|passWithNoTests|no-cache|cache|bail|bail=\d+|maxWorkers=\S+|workers=\S+|pool=\w+|no-file-parallelism|testTimeout=\d+|timeout=\S+|forbid-only|fail-zero|exit)$/,
  /^--(?:reporters?=\S+|test-reporter=\S+|test-reporter-destination=\S+|test-concurrency=\d+|test-timeout=\d+|test-force-exit|experimental-test-coverage|outputFile=\S+|json|coverage|coverage=\w+|no-coverage|no-cov|cov=\S+|cov-report=\S+|junitxml=\S+)$/,
  /^-(?:i|x|r[fEsxXpPaAN]+|n\d+|nauto)$/,
  /^--(?:exitfirst|maxfail=\d+|ff|failed-first|tb=\w+|showlocals|durations=\d+|disable-warnings|no-header|strict-markers|cache-clear|numprocesses=\S+|dist=\w+|import-mode=\w+)$/,
  // go test
  /^-(?:race|count=\d+|failfast|json|cover|coverprofile=\S+|covermode=\w+|timeout=\S+|shuffle=\w+|p=\d+|vet=\w+)$/,
  // cargo test and make
  /^--(?:no-fail-fast|nocapture|show-output|test-threads=\d+|release|locked|frozen|offline|workspace|all|all-targets|all-features|jobs=\d+|keep-going|no-print-directory)$/,
  /^-j\d*$/,
  // linters and tsc: fixing, caching or formatting findings does not skip files
  /^--(?:fix|cache-location=\S+|format=\S+|max-warnings=\d+|noEmit|incremental|extendedDiagnostics|diagnostics)$/,
  // npm's own options
  /^--(?:if-present|loglevel=\w+|no-audit|no-fund|foreground-scripts)$/,
];

/** Harmless options whose value is the next word. */
const HARMLESS_VALUED = new Set(['--reporter', '--reporters', '--test-reporter', '--test-reporter-destination', '--maxWorkers', '-n', '--numprocesses', '-j', '--jobs', '-timeout', '-count', '--tb', '--color', '--format', '-f', '--test-threads', '--loglevel', '--outputFile', '--junitxml', '--cov', '--cov-report', '--max-warnings', '--pool', '--timeout', '--testTimeout', '--durations']);

/** `-p`/`--project` naming the default project, a pytest `-p no:plugin`, or go's parallelism. */
const DEFAULT_PROJECT = /^(?:\.\/?|(?:\.\/)?tsconfig\.json|no:\S+|\d+)$/;

export interface ArgDiff {
  /** Arguments of the run that may narrow or change it, as written. */
  extra: string[];
  /** Arguments of the check that the run lacks. */
  missing: string[];
}

/** How a run's arguments differ from its check's, for a run whose base already matches. */
export function compareArgs(run: string[], check: string[], base: string): ArgDiff {
  const wanted = new Map<string, number>();
  for (const a of check) wanted.set(a, (wanted.get(a) ?? 0) + 1);
  const extra: string[] = [];
  for (let i = 0; i < run.length; i++) {
    const a = run[i] as string;
    const left = wanted.get(a) ?? 0;
    if (left > 0) {
      wanted.set(a, left - 1);
      continue;
    }
    if (HARMLESS.some((re) => re.test(a))) continue;
    // `.` is the whole tree for most tools, but only the current package for `go test`.
    if ((a === '.' || a === './') && base !== 'go test') continue;
    if (HARMLESS_VALUED.has(a) && i + 1 < run.length) {
      i++;
      continue;
    }
    if ((a === '-p' || a === '--project') && DEFAULT_PROJECT.test(run[i + 1] ?? '')) {
      i++;
      continue;
    }
    extra.push(a);
  }
  const missing = [...wanted].flatMap(([a, n]) => Array<string>(n).fill(a));
  return { extra, missing };
}

/**
 * The test runner's configuration decides which tests run: changing it can exclude sacred tests
 * without touching them. While `protected.sacred` names tests, these files are protected like the
 * tests themselves (nobody but a human), and package.json is protected in its test-related keys.
 * Pure. The full analysis (which files a config excludes) is the sacred gate's, at commit time.
 */
export const RUNNER_CONFIG = [
  'jest.config.*',
  'jest.setup.*',
  'vitest.config.*',
  'vitest.workspace.*',
  'vitest.setup.*',
  'vite.config.*',
  '.mocharc*',
  'pytest.ini',
  'tox.ini',
  'setup.cfg',
  '**/conftest.py',
];

/** package.json keys that select or configure the tests. */
const TEST_KEYS = ['scripts.test', 'scripts.pretest', 'scripts.posttest', 'jest', 'mocha', 'ava', 'c8', 'nyc'];

function get(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function parse(text: string | null): unknown {
  if (text === null) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The test-related keys of package.json that differ between two versions of its text. An after
 * text that is not JSON counts as changing all of them (bosun cannot tell what it would run).
 */
export function packageTestKeysChanged(before: string | null, after: string | null): string[] {
  const a = parse(before);
  const b = parse(after);
  if (b === null) return ['(package.json would not be valid JSON)'];
  return TEST_KEYS.filter((k) => JSON.stringify(get(a, k)) !== JSON.stringify(get(b, k)));
}

/** `npm pkg set|delete <key>…` naming a test-related key. */
export function npmPkgTouchesTests(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'npm' || argv[1] !== 'pkg' || (argv[2] !== 'set' && argv[2] !== 'delete')) return undefined;
  return argv.slice(3).find((a) => TEST_KEYS.some((k) => a === k || a.startsWith(`${k}=`) || a.startsWith(`${k}.`) || a.startsWith(`${k}[`)));
}

/**
 * `.bosun/sacred.lock` as text: stable key order (objects in a fixed order, maps sorted by key), two-space
 * indentation, a final newline — so a re-lock diffs line by line. Parsing validates every field. Pure.
 */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { LOCK_VERSION, MARKERS, SACRED_LOCK_FILE, type Approval, type LockedFile, type Marker, type RunnerFingerprint, type SacredLock, type SacredTest } from './types.ts';

function sortedRecord<T, U>(rec: Record<string, T>, map: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const k of Object.keys(rec).sort()) out[k] = map(rec[k] as T);
  return out;
}

/** The lock with every key in its canonical place: what `serializeLock` writes and `sameLockContent` compares. */
export function canonicalLock(lock: SacredLock): SacredLock {
  return {
    version: LOCK_VERSION,
    approval: lock.approval ? { by: lock.approval.by, reason: lock.approval.reason, at: lock.approval.at } : null,
    files: sortedRecord(lock.files, (f) => ({
      sha256: f.sha256,
      tests: f.tests.map((t) => ({ name: t.name, assertions: t.assertions, markers: MARKERS.filter((m) => t.markers.includes(m)) })),
    })),
    runner: {
      scripts: sortedRecord(lock.runner.scripts, (v) => v),
      configs: sortedRecord(lock.runner.configs, (v) => v),
      uncovered: sortedRecord(lock.runner.uncovered, (v) => v),
      setup: sortedRecord(lock.runner.setup, (v) => v),
    },
  };
}

export function serializeLock(lock: SacredLock): string {
  return JSON.stringify(canonicalLock(lock), null, 2) + '\n';
}

/** Do two locks pin the same tree (the approval aside)? */
export function sameLockContent(a: SacredLock, b: SacredLock): boolean {
  const strip = (l: SacredLock): string => JSON.stringify({ ...canonicalLock(l), approval: null });
  return strip(a) === strip(b);
}

function invalid(shown: string, what: string): BosunError {
  return new BosunError({
    code: 'E_SACRED_LOCK_INVALID',
    message: `${shown} is not a valid sacred-test lock: ${what}`,
    hint: `The lock is written by \`bosun sacred lock\` and \`bosun sacred approve\`; restore it from git (\`git show HEAD:${SACRED_LOCK_FILE}\`) rather than editing it.`,
    exitCode: EXIT.config,
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringRecord(v: unknown, at: string, fail: (w: string) => BosunError): Record<string, string> {
  if (!isObject(v)) throw fail(`${at} must be an object`);
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw fail(`${at}["${k}"] must be a string`);
  return v as Record<string, string>;
}

function parseTest(v: unknown, at: string, fail: (w: string) => BosunError): SacredTest {
  if (!isObject(v) || typeof v['name'] !== 'string') throw fail(`${at}.name must be a string`);
  const assertions = v['assertions'];
  if (typeof assertions !== 'number' || !Number.isInteger(assertions) || assertions < 0) throw fail(`${at}.assertions must be a whole number`);
  const markers = v['markers'];
  if (!Array.isArray(markers) || markers.some((m) => !MARKERS.includes(m as Marker))) throw fail(`${at}.markers must list ${MARKERS.join('/')}`);
  return { name: v['name'], assertions, markers: markers as Marker[] };
}

function parseFile(v: unknown, at: string, fail: (w: string) => BosunError): LockedFile {
  if (!isObject(v) || typeof v['sha256'] !== 'string' || !/^[0-9a-f]{64}$/.test(v['sha256'])) throw fail(`${at}.sha256 must be a sha256 hex digest`);
  const tests = v['tests'];
  if (!Array.isArray(tests)) throw fail(`${at}.tests must be a list`);
  return { sha256: v['sha256'], tests: tests.map((t, i) => parseTest(t, `${at}.tests[${i}]`, fail)) };
}

function parseApproval(v: unknown, fail: (w: string) => BosunError): Approval | null {
  if (v === null || v === undefined) return null;
  if (!isObject(v) || typeof v['by'] !== 'string' || typeof v['reason'] !== 'string' || typeof v['at'] !== 'string') {
    throw fail('approval must be {by, reason, at} (strings) or null');
  }
  return { by: v['by'], reason: v['reason'], at: v['at'] };
}

export function parseLock(text: string, shown: string = SACRED_LOCK_FILE): SacredLock {
  const fail = (what: string): BosunError => invalid(shown, what);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw fail(`not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(data)) throw fail('not a JSON object');
  if (data['version'] !== LOCK_VERSION) throw fail(`version must be ${LOCK_VERSION}, found ${JSON.stringify(data['version'])}`);
  const files = data['files'];
  if (!isObject(files)) throw fail('files must be an object');
  const runner = data['runner'];
  if (!isObject(runner)) throw fail('runner must be an object');
  const fp: RunnerFingerprint = {
    scripts: stringRecord(runner['scripts'] ?? {}, 'runner.scripts', fail),
    configs: stringRecord(runner['configs'] ?? {}, 'runner.configs', fail),
    uncovered: stringRecord(runner['uncovered'] ?? {}, 'runner.uncovered', fail),
    setup: stringRecord(runner['setup'] ?? {}, 'runner.setup', fail),
  };
  const parsed: Record<string, LockedFile> = {};
  for (const [path, f] of Object.entries(files)) parsed[path] = parseFile(f, `files["${path}"]`, fail);
  return { version: LOCK_VERSION, approval: parseApproval(data['approval'], fail), files: parsed, runner: fp };
}

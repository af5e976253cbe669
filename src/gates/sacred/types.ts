/**
 * The sacred-test lock (`.bosun/sacred.lock`, committed) and what the gate finds when the tree no longer
 * matches it. Keys keep the lock file's spelling so `--json` output reads like the file.
 */

export const SACRED_LOCK_FILE = '.bosun/sacred.lock';
export const LOCK_VERSION = 1;

export type Marker = 'skip' | 'only' | 'todo';
export const MARKERS: readonly Marker[] = ['skip', 'only', 'todo'];

export interface SacredTest {
  /** Enclosing describe names and the test's own, joined with " > ". Dynamic names are `<dynamic>`. */
  name: string;
  /** Assertion calls lexically inside the test's body (nested tests excluded). */
  assertions: number;
  /** Sorted; inherited from enclosing describes. */
  markers: Marker[];
}

export interface LockedFile {
  sha256: string;
  /** Tests found by the JS/TS parser; empty for files it does not read (Python, data files …). */
  tests: SacredTest[];
}

/** What was fingerprinted of the test runners' configuration when the lock was written. */
export interface RunnerFingerprint {
  /** Command lines that run tests, by label (`package.json scripts.test`, `fleet checks.test`). */
  scripts: Record<string, string>;
  /** sha256 of each runner configuration source, by label (`jest.config.js`, `package.json#jest`). */
  configs: Record<string, string>;
  /** Sacred files no detected runner ran when the lock was approved, with the reason: accepted then. */
  uncovered: Record<string, string>;
  /** sha256 of the setup code that runs with the sacred tests (setupFiles, --require, conftest.py …), by path. */
  setup: Record<string, string>;
}

/** Who wrote the lock last, and why. `--base` accepts a lock changed in the range only with a new approval. */
export interface Approval {
  by: string;
  reason: string;
  /** ISO time. */
  at: string;
}

export interface SacredLock {
  version: typeof LOCK_VERSION;
  approval: Approval | null;
  files: Record<string, LockedFile>;
  runner: RunnerFingerprint;
}

/** The runner side of the tree as it is now. */
export interface RunnerState {
  scripts: Record<string, string>;
  configs: Record<string, string>;
  /** Sacred files no detected runner would run now, with the reason. Only computed when something changed. */
  uncovered: Record<string, string>;
  /** sha256 of the setup code that runs with the sacred tests, by path. */
  setup: Record<string, string>;
  /** Config sources bosun cannot read statically (their changes are reported conservatively). */
  opaque: string[];
}

/** The tree as it is now (working tree, staged snapshot, or a commit), as the pure comparison needs it. */
export interface SacredSnapshot {
  /** Every file the sacred globs match now. */
  files: Record<string, LockedFile>;
  /** Locked files that still exist but that the sacred globs no longer match. */
  outside: Record<string, LockedFile>;
  /** sha256 → other paths with that content (candidates for a move of a missing locked file). */
  elsewhere: Record<string, string[]>;
  runner: RunnerState;
}

export type FindingKind =
  | 'changed'
  | 'missing'
  | 'moved'
  | 'unlocked'
  | 'unprotected'
  | 'test-vanished'
  | 'assertions-decreased'
  | 'marker-added'
  | 'runner-script-changed'
  | 'runner-config-changed'
  | 'runner-excludes'
  | 'runner-setup-changed'
  | 'lock-changed';

export interface Finding {
  kind: FindingKind;
  /** The sacred file (or runner source) concerned. */
  file: string;
  test?: string;
  /** One line, naming the file. */
  message: string;
}

/**
 * What a shell command line may do, as found by parsing it with a real shell parser.
 * Produced by `analyzeShell` (pure: no fs, no env, no clock); consumed by the policy engine.
 * Every path here is absolute and normalised (no `.`/`..`), resolved against the cwd in force at
 * that point of the command line (the session cwd, changed by `cd` for later parts).
 */

/**
 * - `read-only`: bosun knows the command changes nothing (git log, cat, grep, find without -exec …).
 * - `writes`: a known writer whose targets are all listed in `writes` (cp, rm, sed -i, tee …).
 * - `opaque`: runs code that lives in files (npm test, make, node script.js, an unknown binary):
 *   effects are not visible on the command line.
 * - `unknown`: effects cannot be determined: inline interpreter code (`python3 -c`, `node -e`),
 *   `eval` of a dynamic string, a write target that depends on a variable, a parse error.
 */
export type CommandEffect = 'read-only' | 'writes' | 'opaque' | 'unknown';

export interface ShellCommand {
  /** The words of the command after unwrapping (`timeout 5 npm test` -> ['npm','test']), quotes removed. */
  argv: string[];
  /** `argv` joined by single spaces: what the agent's `run` patterns are matched against. */
  text: string;
  /** Wrappers that were peeled off, outermost first (`env`, `timeout`, `nice`, `nohup`, `sudo`, `xargs`, `find -exec`, `bash -c` …). */
  wrappers: string[];
  /** Absolute cwd in force for this command, or null when it cannot be known (`cd "$DIR"`). */
  cwd: string | null;
  effect: CommandEffect;
  /** Why the effect is `unknown` or `opaque`, in words for the agent (e.g. "inline Python code"). */
  note?: string;
}

export interface ShellWrite {
  /** Absolute, normalised path that may be created, changed or deleted. */
  path: string;
  /** The whole tree under `path` may change (rm -r, tar -x into a dir, git clean, git checkout .). */
  recursive: boolean;
  /** What writes it, for the reason text: "redirection >", "rm", "sed -i", "git checkout" … */
  via: string;
  /** The simple command (its `text`) the write belongs to. */
  command: string;
}

export type HazardKind = 'skip-hooks' | 'hooks-path' | 'force-push';

export interface ShellHazard {
  kind: HazardKind;
  /** The simple command's text. */
  command: string;
  /** E.g. "git commit --no-verify skips the pre-commit gates". */
  detail: string;
}

export interface ShellAnalysis {
  /** False when the parser reported errors: then the whole line is `unknown`. */
  parsed: boolean;
  /** Every simple command reached, nested ones included (bash -c, $(…), `…`, <(…), xargs, find -exec). */
  commands: ShellCommand[];
  writes: ShellWrite[];
  hazards: ShellHazard[];
  /**
   * Absolute paths named as arguments by commands that are not `read-only` (option values
   * `--out=x` included). The policy denies a non-read-only command that names a protected path.
   */
  mentions: string[];
}

export interface ShellContext {
  /** Absolute cwd the command starts in. */
  cwd: string;
  /** Absolute home directory, for `~` expansion; null leaves `~` paths unknown. */
  home: string | null;
  /**
   * Absolute worktree root. Worktree-wide git changes (checkout <branch>, reset --hard, pull …)
   * are reported as a recursive write of this directory when the cwd lies inside it; without it,
   * of the cwd (which under-reports when the cwd is a subdirectory).
   */
  repoRoot?: string;
}

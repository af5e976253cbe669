/**
 * The text bosun writes into git hooks. Pure.
 *
 * Plain git (and a custom core.hooksPath): bosun owns `pre-commit`; a hook that was there before is kept as
 * `pre-commit.bosun-chained` and runs first, its failure failing the commit. Husky: a marked block in
 * `.husky/pre-commit`. Both are recognised by their markers, so installing again is a no-op and removal
 * restores what was there.
 */

export const HOOK_MARKER = '# bosun-managed pre-commit hook';
export const CHAINED_SUFFIX = '.bosun-chained';
export const BLOCK_BEGIN = '# >>> bosun pre-commit gate (managed by `bosun init`) >>>';
export const BLOCK_END = '# <<< bosun pre-commit gate <<<';

/** The command a hook runs: bosun's launcher by absolute path (no npx, no network, any cwd). */
export function preCommitCommand(bosunRoot: string): string {
  return `node "${bosunRoot.replace(/"/g, '\\"')}/bin/bosun.js" gate pre-commit`;
}

/** Runs the gate and refuses the commit, saying why, when it fails (or cannot start: exit 126/127). */
function gateLines(command: string): string[] {
  return [
    'status=0',
    `${command} || status=$?`,
    'if [ "$status" -ne 0 ]; then',
    '  case "$status" in',
    '    126|127) echo "bosun: the pre-commit gate could not start (exit $status): is Node.js on PATH, and is bosun still installed there? Run \\`bosun init\\` again." >&2 ;;',
    '    *) echo "bosun: commit refused by the pre-commit gate (exit $status)." >&2 ;;',
    '  esac',
    '  exit "$status"',
    'fi',
  ];
}

/** The whole `pre-commit` file bosun owns. */
export function hookScript(command: string): string {
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Installed by `bosun init`. A pre-commit hook that was here before is kept next to this file as',
    `# pre-commit${CHAINED_SUFFIX} and runs first; if it fails, the commit fails.`,
    `chained="$(dirname "$0")/pre-commit${CHAINED_SUFFIX}"`,
    '# git runs only executable hooks; so does this',
    'if [ -x "$chained" ]; then',
    '  "$chained" "$@" || exit $?',
    'fi',
    ...gateLines(command),
    'exit 0',
    '',
  ].join('\n');
}

/** The marked block for `.husky/pre-commit`. */
export function hookBlock(command: string): string {
  return [BLOCK_BEGIN, ...gateLines(command), BLOCK_END].join('\n');
}

/**
 * `text` with bosun's block in place: replaced where it is, else inserted after the shebang and husky's
 * own `. "…/husky.sh"` line (so an early `exit 0` further down cannot skip it).
 */
export function withBlock(text: string, command: string): string {
  const block = hookBlock(command);
  const begin = text.indexOf(BLOCK_BEGIN);
  const end = text.indexOf(BLOCK_END);
  if (begin !== -1 && end > begin) return text.slice(0, begin) + block + text.slice(end + BLOCK_END.length);
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  let at = 0;
  while (at < lines.length && (lines[at]!.startsWith('#!') || /husky\.sh/.test(lines[at]!))) at++;
  return [...lines.slice(0, at), block, ...lines.slice(at)].join('\n') + '\n';
}

/** `text` without bosun's block (null when there is none). */
export function withoutBlock(text: string): string | null {
  const begin = text.indexOf(BLOCK_BEGIN);
  const end = text.indexOf(BLOCK_END);
  if (begin === -1 || end < begin) return null;
  let after = end + BLOCK_END.length;
  if (text[after] === '\n') after++;
  return text.slice(0, begin) + text.slice(after);
}

/** What to add to lefthook's config (bosun does not edit it: `lefthook install` owns .git/hooks). */
export function lefthookSnippet(command: string): string {
  return ['pre-commit:', '  commands:', '    bosun-gate:', `      run: ${command}`].join('\n');
}

/** The Stop checklist's text. PURE. */

export interface ChecklistFacts {
  /** Paths the session edited (relative or absolute, as the ledger holds them). */
  editedPaths: readonly string[];
  /** Tool calls bosun denied in the session. */
  denials: number;
}

const SHOWN = 3;

export function closeoutChecklist(f: ChecklistFacts): string {
  const n = f.editedPaths.length;
  const shown = f.editedPaths.slice(0, SHOWN).join(', ') + (n > SHOWN ? `, … (${n - SHOWN} more)` : '');
  const denied = f.denials > 0 ? ` bosun denied ${f.denials} tool call${f.denials === 1 ? '' : 's'} along the way.` : '';
  return [
    `bosun close-out (asked once per session that changed files): you changed ${n} file${n === 1 ? '' : 's'} (${shown}).${denied}`,
    'Before you finish, keep what the next session should know — a trap you hit, a command that only works one way, a correction from the user:',
    '1. Record each lesson: bosun lesson add "<one line: what to do or avoid, and why>" --topic <topic>',
    '   If you may not run bosun, write each lesson on its own line starting with "Lesson:" instead; bosun files those for review.',
    '2. If there is nothing worth keeping, say "No new lessons." and stop.',
    'Keep lessons short and specific to this repository, and do not repeat .bosun/memory/INDEX.md.',
  ].join('\n');
}

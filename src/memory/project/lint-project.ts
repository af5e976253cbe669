import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lintMemory, type Finding } from './lint.ts';
import { loadMemory } from './store.ts';
import type { Budget } from './types.ts';
import { mergedIndex } from './view.ts';

/** `bosun memory lint` on a worktree: reads the index, retired entries and the journal, then lints them (pure). */
export function lintProject(root: string, commonDir: string, budget: Budget): { findings: Finding[]; lessons: number } {
  const m = loadMemory(root, commonDir);
  const findings = lintMemory({
    index: m.index,
    indexFile: '.bosun/memory/INDEX.md',
    retired: m.retired,
    retiredFile: '.bosun/memory/retired.md',
    retiredProblems: m.retiredProblems,
    journalBad: m.journalBad,
    journalFile: m.paths.journal,
    view: m.view,
    merged: mergedIndex(m.index, m.view),
    budget,
    topicExists: (link) => existsSync(join(m.paths.dir, link)),
  });
  return { findings, lessons: m.view.lessons.length };
}

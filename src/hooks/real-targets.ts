import { realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { Action } from '../policy/index.ts';

/**
 * The policy judges paths as written; a symlink inside an agent's scope could point at a protected
 * file. For every edit, also judge where the path really leads (the deepest existing ancestor,
 * resolved, plus the rest). IO: this is the shell around the pure policy.
 */
export function withRealTargets(actions: Action[], cwd: string, repoRoot: string): Action[] {
  const out = [...actions];
  const realRoot = realOf(repoRoot);
  for (const a of actions) {
    if (a.kind !== 'edit') continue;
    const abs = posix.resolve(cwd, a.path);
    let real = realOf(abs);
    // A symlink above the repository (a symlinked /tmp, say) is not the agent's doing: map it back.
    if (real === realRoot || real.startsWith(realRoot + '/')) real = repoRoot + real.slice(realRoot.length);
    if (real !== abs) out.push({ kind: 'edit', path: real });
  }
  return out;
}

export function realOf(abs: string): string {
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      const r = realpathSync(head);
      return tail.length ? posix.join(r, ...tail.reverse()) : r;
    } catch {
      const up = posix.dirname(head);
      if (up === head) return abs;
      tail.push(posix.basename(head));
      head = up;
    }
  }
}

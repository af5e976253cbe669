import { readFileSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import { analyzeShell, type Action } from '../policy/index.ts';
import type { HookEvent } from './types.ts';

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

/**
 * The same for shell commands: every path the command line writes (as the shell analysis finds them) is
 * also judged where it really leads, so `ln -s test/billing/x.test.js src/l.js` then `echo > src/l.js`
 * (or a link in /tmp) does not write a protected file through a path the agent may write.
 * Device and process files (/dev/stdout, /proc/self/fd/1) are what they are, not links to follow.
 */
export function withRealShellTargets(actions: Action[], cwd: string, repoRoot: string, home: string | null): Action[] {
  if (!actions.some((a) => a.kind === 'bash')) return actions;
  const out = [...actions];
  const realRoot = realOf(repoRoot);
  for (const a of actions) {
    if (a.kind !== 'bash') continue;
    for (const w of analyzeShell(a.command, { cwd, home, repoRoot }).writes) {
      if (w.path.startsWith('/dev/') || w.path.startsWith('/proc/')) continue;
      let real = realOf(w.path);
      if (real === realRoot || real.startsWith(realRoot + '/')) real = repoRoot + real.slice(realRoot.length);
      if (real !== w.path) out.push({ kind: 'edit', path: real });
    }
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

/**
 * For edits of package.json, the text before and after the edit, so the policy can see whether the
 * test settings change. An Edit whose old text is not in the file changes nothing (Claude Code
 * refuses it); its "after" is then the file as it is.
 */
export function withChanges(actions: Action[], cwd: string, proposed: HookEvent['proposed']): Action[] {
  return actions.map((a) => {
    if (a.kind !== 'edit' || posix.basename(a.path) !== 'package.json' || !proposed) return a;
    let before: string | null;
    try {
      before = readFileSync(posix.resolve(cwd, a.path), 'utf8');
    } catch {
      before = null;
    }
    let after: string | null = proposed.content ?? before;
    for (const r of proposed.replacements ?? []) {
      if (after === null) break;
      after = r.all ? after.split(r.old).join(r.new) : after.replace(r.old, () => r.new);
    }
    return { ...a, change: { before, after } };
  });
}

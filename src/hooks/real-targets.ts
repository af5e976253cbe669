import { readFileSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { Action, ShellWrite } from '../policy/index.ts';
import type { HookEvent } from './types.ts';

/**
 * The policy judges paths as written; a symlink inside an agent's scope (or in the temp dir) could point
 * at a protected file. For every path a tool call writes — an edit's path, or what the shell analysis
 * finds a command line writing (`writesOf`) — also judge where it really leads (the deepest existing
 * ancestor, resolved, plus the rest), as an extra edit. Device and process files (/dev/stdout,
 * /proc/self/fd/1) are what they are, not links to follow. IO: this is the shell around the pure policy.
 */
export function withRealTargets(actions: Action[], cwd: string, repoRoot: string, writesOf: (command: string) => readonly ShellWrite[]): Action[] {
  const out = [...actions];
  const realRoot = realOf(repoRoot);
  const follow = (abs: string): void => {
    if (abs.startsWith('/dev/') || abs.startsWith('/proc/')) return;
    let real = realOf(abs);
    // A symlink above the repository (a symlinked /tmp, say) is not the agent's doing: map it back.
    if (real === realRoot || real.startsWith(realRoot + '/')) real = repoRoot + real.slice(realRoot.length);
    if (real !== abs) out.push({ kind: 'edit', path: real });
  };
  for (const a of actions) {
    if (a.kind === 'edit') follow(posix.resolve(cwd, a.path));
    else if (a.kind === 'bash') for (const w of writesOf(a.command)) follow(w.path);
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

import type { ShellCommand } from './shell/types.ts';

/** The run entry that allows every command bosun knows to be read-only. */
export const READ_ONLY_ENTRY = '@read-only';

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    // `npm *` also matches bare `npm`; `*` spans anything (the line is already split into simple commands).
    const trimmed = pattern.trim().replace(/\s+/g, ' ');
    const optionalTail = trimmed.endsWith(' *');
    const body = optionalTail ? trimmed.slice(0, -2) : trimmed;
    const src = body
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp('^' + src + (optionalTail ? '(?: .*)?' : '') + '$', 's');
    cache.set(pattern, re);
  }
  return re;
}

/** The first run pattern that allows this command, if any. */
export function matchRun(patterns: readonly string[], cmd: ShellCommand): string | undefined {
  for (const p of patterns) {
    if (p === READ_ONLY_ENTRY) {
      if (cmd.effect === 'read-only') return p;
      continue;
    }
    if (compile(p).test(cmd.text)) return p;
  }
  return undefined;
}

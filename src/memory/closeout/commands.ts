/** Shell commands as the miner compares them. PURE. */

/** A command without the noise agents add around it: `cd X &&`, env assignments, output trimming pipes, `2>&1`. */
export function normalizeCommand(command: string): string {
  let c = command.replace(/\s+/g, ' ').trim();
  c = c.replace(/^(?:cd\s+\S+\s*&&\s*)+/, '');
  c = c.replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, '');
  for (;;) {
    const next = c
      .replace(/\s*2>&1\s*$/, '')
      .replace(/\s*\|\s*(?:tail|head)(?:\s+-n)?(?:\s+-?\d+)?\s*$/, '')
      .replace(/\s*;\s*echo\s+\S*\$\?\S*\s*$/, '')
      .replace(/\s*;\s*exit\s+\S+\s*$/, '')
      .replace(/\s*2>&1\s*(?=\|)/, ' ')
      .trim();
    if (next === c) return c;
    c = next;
  }
}

/** Commands of one family are attempts at the same thing: the first two words (`npm test`, `npx tsc`, `git commit`). */
export function commandFamily(command: string): string {
  return normalizeCommand(command).split(' ').slice(0, 2).join(' ');
}

/** The first informative line of an error: not `Exit code N`, not the npm script banner. */
export function errorHeadline(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(?:Error: )?Exit code \d+$/.test(l) && !/^>\s/.test(l));
  const informative = lines.find((l) => /error|fail|not found|cannot|can't|denied|invalid|unknown|missing|no such/i.test(l)) ?? lines[0] ?? '';
  return clip(informative, 160);
}

export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** Paths a `git checkout -- …` / `git restore …` puts back; `['.']` for the whole tree; null for other commands. */
export function restoredPaths(command: string): string[] | null {
  const words = normalizeCommand(command).split(' ');
  if (words[0] !== 'git') return null;
  const sub = words[1];
  if (sub === 'restore') {
    if ((words.includes('--staged') || words.includes('-S')) && !words.includes('--worktree') && !words.includes('-W')) return null;
    return words.slice(2).filter((w) => !w.startsWith('-'));
  }
  if (sub === 'checkout') {
    const dash = words.indexOf('--');
    if (dash < 0) return null;
    return words.slice(dash + 1);
  }
  return null;
}

/** Like clip, but keeps line breaks (evidence reads better as lines). */
export function excerpt(text: string, max: number): string {
  const t = text.replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

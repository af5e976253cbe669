// Kills every process whose environment carries KEY=value. Claude Code starts Bash tool commands
// in their own process groups, so killing its group misses them; they do inherit its environment,
// so a per-run marker variable finds them all (hooks, shells, background tasks). Linux /proc only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export function killMarked(key: string, value: string): number[] {
  if (!existsSync('/proc')) return [];
  const needle = `\0${key}=${value}\0`;
  const killed: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ: string;
    try {
      environ = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
    } catch {
      continue;
    }
    if (!environ.includes(needle)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}

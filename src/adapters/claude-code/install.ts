import type { Fleet } from '../../fleet/index.ts';
import { agentFile, isGenerated } from './agents.ts';
import { posix } from 'node:path';
import { mergeHooks, type HookLocation } from './settings.ts';

export interface FileChange {
  /** Repo-relative path. */
  path: string;
  action: 'create' | 'update' | 'unchanged' | 'skip';
  content: string;
  note?: string;
}

/**
 * What wiring Claude Code to bosun changes (pure: `read` returns a file's text or null).
 * Settings are merged, never clobbered; agent files bosun did not generate are left alone.
 */
/** The hook bundle's location; project-relative when it lies inside `repoRoot` (see `hookCommand`). */
export function hookLocation(hookJs: string, repoRoot: string | null): HookLocation {
  const rel = repoRoot ? posix.relative(repoRoot, hookJs) : '';
  const inside = rel !== '' && !rel.startsWith('..') && !posix.isAbsolute(rel) && !/["$`\\]/.test(rel);
  return { absolute: hookJs, projectRelative: inside ? rel : null };
}

export function planClaudeInstall(fleet: Fleet, hookJs: string, read: (rel: string) => string | null, repoRoot: string | null = null): FileChange[] {
  const changes: FileChange[] = [];
  const settingsPath = '.claude/settings.json';
  const current = read(settingsPath);
  let parsed: Record<string, unknown> = {};
  if (current !== null && current.trim() !== '') {
    const v: unknown = JSON.parse(current);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${settingsPath} is not a JSON object`);
    parsed = v as Record<string, unknown>;
  }
  const merged = JSON.stringify(mergeHooks(parsed, hookLocation(hookJs, repoRoot), { default: 30, stop: fleet.verify.timeout_seconds + 60 }), null, 2) + '\n';
  changes.push({ path: settingsPath, action: current === null ? 'create' : current === merged ? 'unchanged' : 'update', content: merged });

  for (const agent of Object.values(fleet.agents)) {
    const path = `.claude/agents/${agent.name}.md`;
    const want = agentFile(fleet, agent);
    const have = read(path);
    if (have === null) changes.push({ path, action: 'create', content: want });
    else if (!isGenerated(have)) changes.push({ path, action: 'skip', content: have, note: 'written by hand; bosun leaves it alone (its tool calls are still scoped by the fleet file)' });
    else changes.push({ path, action: have === want ? 'unchanged' : 'update', content: want });
  }
  return changes;
}

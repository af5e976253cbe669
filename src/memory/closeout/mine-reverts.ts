/** Edits undone later in the same session. PURE. */
import { clip, restoredPaths } from './commands.ts';
import { candidate, provenance, relPath, str, type CallOutcome, type MineContext } from './mine-context.ts';
import type { Candidate } from './types.ts';

interface Change {
  old: string;
  new: string;
}

interface PathState {
  changes: Change[];
  /** The file's content before the session's first edit of it, when the harness reported it. */
  original: string | null;
}

function changesOf(o: CallOutcome): Change[] {
  const i = o.call.input;
  if (o.call.name === 'Edit') {
    const a = str(i['old_string']);
    const b = str(i['new_string']);
    return a !== null && b !== null ? [{ old: a, new: b }] : [];
  }
  if (o.call.name === 'MultiEdit' && Array.isArray(i['edits'])) {
    return i['edits'].flatMap((e: unknown) => {
      const r = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
      const a = str(r['old_string']);
      const b = str(r['new_string']);
      return a !== null && b !== null ? [{ old: a, new: b }] : [];
    });
  }
  return [];
}

function originalOf(o: CallOutcome): string | null {
  const d = o.result?.detail;
  if (typeof d !== 'object' || d === null) return null;
  return str((d as Record<string, unknown>)['originalFile']);
}

const undoes = (later: Change, earlier: Change): boolean => earlier.old !== earlier.new && later.old === earlier.new && later.new === earlier.old;

function matchesRestore(edited: string, restored: string): boolean {
  const r = restored.replace(/^\.\//, '').replace(/\/+$/, '');
  return r === '.' || r === '' || edited === r || edited.startsWith(`${r}/`) || edited.endsWith(`/${r}`);
}

export function revertedEdits(list: readonly CallOutcome[], ctx: MineContext): Candidate[] {
  const state = new Map<string, PathState>();
  const out: Candidate[] = [];
  const report = (path: string, how: string, o: CallOutcome, evidence: string): void => {
    out.push(
      candidate('reverted-edit', `revert: ${path}`, `An edit of ${path} was undone in the same session (${how}): record what was wrong with the first change.`, 'editing', provenance(ctx, o.result ?? o.call, evidence)),
    );
  };
  for (const o of list) {
    if (o.outcome !== 'ok') continue;
    const file = str(o.call.input['file_path']);
    if (file && (o.call.name === 'Edit' || o.call.name === 'MultiEdit' || o.call.name === 'Write')) {
      const path = relPath(file, ctx.cwd);
      const s = state.get(path) ?? { changes: [], original: originalOf(o) };
      state.set(path, s);
      if (o.call.name === 'Write') {
        const content = str(o.call.input['content']);
        if (content !== null && s.original !== null && s.changes.length > 0 && content === s.original) report(path, 'rewritten to its original content', o, `Write ${path} restored the content it had before the session's edits`);
        if (content !== null && s.original !== null) s.changes.push({ old: s.original, new: content });
        continue;
      }
      for (const c of changesOf(o)) {
        const undone = s.changes.find((e) => undoes(c, e));
        if (undone) report(path, 'an Edit put the old text back', o, `first: ${clip(undone.old, 120)} → ${clip(undone.new, 120)}\nthen: ${clip(c.old, 120)} → ${clip(c.new, 120)}`);
        s.changes.push(c);
      }
      continue;
    }
    const command = o.call.name === 'Bash' ? str(o.call.input['command']) : null;
    const restored = command ? restoredPaths(command) : null;
    if (!command || !restored) continue;
    for (const [path, s] of state) {
      if (s.changes.length === 0 || !restored.some((r) => matchesRestore(path, r))) continue;
      report(path, `\`${clip(command, 80)}\``, o, `$ ${command} after ${s.changes.length} edit(s) of ${path}`);
      s.changes = [];
    }
  }
  return out;
}

/** `bosun lessons review`: accept (into project memory), edit, or reject inbox candidates. */
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { editPending, findPending, resolvePending } from './inbox.ts';
import type { InboxEntry } from './types.ts';

/** Adds a lesson to project memory; the CLI wires project memory's `addLesson`, tests may pass their own. */
export type AddLessonFn = (lesson: { text: string; topic: string }) => { ok: true; id: string } | { ok: false; message: string; hint?: string };

export interface ReviewWhere {
  commonDir: string;
  now: number;
  /** Who reviewed (git user, or null). */
  by: string | null;
}

/**
 * Accepts a candidate: the lesson is added first (with the reviewer's text and topic when given), and only
 * when that succeeds does the candidate leave the inbox. A refusal (duplicate, over budget) changes nothing.
 */
export function acceptCandidate(w: ReviewWhere, id: string, add: AddLessonFn, over: { text?: string | null; topic?: string | null } = {}): InboxEntry {
  const entry = findPending(w.commonDir, id);
  return resolvePending(w.commonDir, entry.id, { status: 'accepted', at: w.now, by: w.by }, (e) => {
    const text = over.text ?? e.text;
    const topic = over.topic ?? e.topic;
    const r = add({ text, topic });
    if (!r.ok) {
      throw new BosunError({
        code: 'E_LESSON_REFUSED',
        message: `candidate ${e.id} was not accepted: ${r.message}`,
        hint: r.hint ?? `edit it first (bosun lessons review --edit ${e.id} "…") or reject it (--reject ${e.id}).`,
        exitCode: EXIT.failure,
      });
    }
    return r.id;
  });
}

export function rejectCandidate(w: ReviewWhere, id: string, note: string | null = null): InboxEntry {
  const entry = findPending(w.commonDir, id);
  return resolvePending(w.commonDir, entry.id, { status: 'rejected', at: w.now, by: w.by, note });
}

/** Rewrites a candidate's text (it stays pending); accept it afterwards. */
export function editCandidate(w: ReviewWhere, id: string, text: string): InboxEntry {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) throw new BosunError({ code: 'E_USAGE', message: 'the new text of the candidate is empty', exitCode: EXIT.usage });
  return editPending(w.commonDir, findPending(w.commonDir, id).id, clean);
}

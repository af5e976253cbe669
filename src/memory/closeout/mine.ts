/**
 * Close-out mining: a session's transcripts and the ledger's deny decisions in, candidate lessons out.
 * PURE: the caller reads the files and the ledger. Kinds: denied actions, commands that failed and were
 * then made to work, repeated failures, a person's corrections, reverted edits, and lessons the agent
 * stated itself (`Lesson: …` lines, the fallback the Stop checklist offers).
 */
import { clip } from './commands.ts';
import { findCorrection } from './corrections.ts';
import { failuresThenFixes, repeatedFailures } from './mine-failures.ts';
import { revertedEdits } from './mine-reverts.ts';
import { BOSUN_DENY, candidate, normalizeText, outcomes, provenance, relPath, targetKey, targetOf, type CallOutcome, type MineContext } from './mine-context.ts';
import { parseTranscript, type TranscriptItem } from './transcript.ts';
import type { Candidate, DeniedDecision } from './types.ts';

export interface TranscriptInput {
  /** How provenance names the file (its base name). */
  label: string;
  text: string;
  /** `main` or the subagent's type/id. */
  agent: string | null;
  /** The `user` lines are a person's (main transcript), not a parent agent's prompt (subagent transcript). */
  human: boolean;
}

export interface MineInput {
  sessionId: string;
  /** The session's cwd: paths under it are reported relative to it. */
  cwd: string | null;
  transcripts: readonly TranscriptInput[];
  /** The ledger's deny decisions of the session. */
  denials: readonly DeniedDecision[];
}

function reasonText(text: string): string {
  return clip(text.replace(BOSUN_DENY, '').replace(/^(?:Error:\s*)+/, ''), 220);
}

function deniedInTranscript(list: readonly CallOutcome[], ctx: MineContext): Candidate[] {
  return list
    .filter((o) => o.outcome === 'denied')
    .map((o) => {
      const rule = BOSUN_DENY.exec(o.result?.text ?? '')?.[1] ?? 'guard-failure';
      const target = targetOf(o.call, ctx.cwd);
      const reason = reasonText(o.result?.text ?? '');
      return candidate('denied', `${rule}|${o.call.name}|${targetKey(o.call.name, target, ctx.cwd)}`, `${o.call.name} ${clip(target, 100)} was denied (${rule}): ${reason}`, 'policy', provenance(ctx, o.result ?? o.call, `${o.call.name} ${target}\n${o.result?.text ?? ''}`));
    });
}

function deniedInLedger(denials: readonly DeniedDecision[], sessionId: string, cwd: string | null): Candidate[] {
  return denials.map((d) =>
    candidate('denied', `${d.rule}|${d.tool}|${targetKey(d.tool, d.target, cwd)}`, `${d.tool} ${clip(d.target === null ? '' : d.tool === 'Bash' ? d.target : relPath(d.target, cwd), 100)} was denied (${d.rule}): ${clip(d.reason, 220)}`, 'policy', {
      sessionId,
      time: d.time,
      evidence: clip(`${d.agent}: ${d.tool} ${d.target ?? ''} — ${d.reason}`, 400),
      agent: d.agent,
      source: 'ledger',
    }),
  );
}

function corrections(items: readonly TranscriptItem[], list: readonly CallOutcome[], ctx: MineContext): Candidate[] {
  const out: Candidate[] = [];
  let agentActed = false;
  let lastCall: TranscriptItem | null = null;
  for (const it of items) {
    if (it.kind === 'call') lastCall = it;
    if (it.kind === 'call' || it.kind === 'text') agentActed = true;
    if (it.kind !== 'prompt' || !agentActed) continue;
    const found = findCorrection(it.text);
    if (!found) continue;
    const after = lastCall?.kind === 'call' ? ` (after ${lastCall.name} ${clip(targetOf(lastCall, ctx.cwd), 80)})` : '';
    out.push(candidate('correction', normalizeText(found.sentence), `The user corrected the agent: "${clip(found.sentence, 200)}"${after}`, 'conventions', provenance(ctx, it, it.text)));
  }
  for (const o of list) {
    if (o.outcome !== 'rejected') continue;
    const target = targetOf(o.call, ctx.cwd);
    out.push(candidate('correction', `rejected|${o.call.name}|${targetKey(o.call.name, target, ctx.cwd)}`, `The user rejected ${o.call.name} ${clip(target, 120)}.`, 'conventions', provenance(ctx, o.result ?? o.call, `${o.call.name} ${target}\n${o.result?.text ?? ''}`)));
  }
  return out;
}

const STATED = /^\s*(?:[-*•]\s*)?(?:\*\*)?lesson(?:\*\*)?\s*(?:\[([\w-]+)\])?\s*:\s*(?:\*\*)?\s*(.+)$/gim;

function stated(items: readonly TranscriptItem[], ctx: MineContext): Candidate[] {
  const out: Candidate[] = [];
  for (const it of items) {
    if (it.kind !== 'text') continue;
    const prose = it.text.replace(/```[\s\S]*?(?:```|$)/g, ' ');
    for (const m of prose.matchAll(STATED)) {
      const text = m[2]!.trim();
      if (text.length < 10) continue;
      out.push(candidate('stated', normalizeText(text), text, m[1] ?? 'general', provenance(ctx, it, it.text)));
    }
  }
  return out;
}

/** Every candidate of the session, each id once (the first sighting wins), in the order found. */
export function mineSession(input: MineInput): Candidate[] {
  const all: Candidate[] = [];
  for (const t of input.transcripts) {
    const ctx: MineContext = { sessionId: input.sessionId, cwd: input.cwd, label: t.label, agent: t.agent };
    const items = parseTranscript(t.text);
    const list = outcomes(items);
    all.push(...deniedInTranscript(list, ctx), ...failuresThenFixes(list, ctx), ...repeatedFailures(list, ctx), ...revertedEdits(list, ctx), ...stated(items, ctx));
    if (t.human) all.push(...corrections(items, list, ctx));
  }
  all.push(...deniedInLedger(input.denials, input.sessionId, input.cwd));
  const seen = new Set<string>();
  return all.filter((c) => !seen.has(c.id) && seen.add(c.id));
}

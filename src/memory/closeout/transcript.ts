/**
 * Claude Code transcript (JSONL) to an ordered list of what happened. PURE. The format is internal to
 * Claude Code and changes between versions: every field is read defensively and a line that does not
 * parse is skipped. One API message is split over several `assistant` lines sharing `message.id`; a
 * block repeated on two of them counts once.
 */

export type TranscriptItem =
  | { kind: 'prompt'; text: string; time: number | null; line: number }
  | { kind: 'text'; text: string; time: number | null; line: number; messageId: string | null }
  | { kind: 'call'; id: string; name: string; input: Record<string, unknown>; time: number | null; line: number; messageId: string | null }
  | { kind: 'result'; callId: string; isError: boolean; text: string; detail: unknown; time: number | null; line: number };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function timeOf(o: Obj): number | null {
  const t = str(o['timestamp']);
  if (!t) return null;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/** The text of a tool_result's content: a string, or text blocks. */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b) => (isObj(b) && b['type'] === 'text' ? (str(b['text']) ?? '') : ''))
    .filter((t) => t !== '')
    .join('\n');
}

/** User lines Claude Code writes itself (slash-command output, hook feedback, interruptions, reminders): never a person's words. */
const HARNESS_TEXT = /^\s*(?:<(?:command-|local-command|bash-|system-reminder|user-prompt-submit-hook)|Stop hook feedback|SubagentStop hook feedback|\[Request interrupted|Caveat: The messages below|This session is being continued)/;

function userItems(o: Obj, msg: Obj, line: number, time: number | null): TranscriptItem[] {
  const content = msg['content'];
  if (typeof content === 'string') {
    if (o['isMeta'] === true || o['isCompactSummary'] === true || HARNESS_TEXT.test(content)) return [];
    return [{ kind: 'prompt', text: content, time, line }];
  }
  if (!Array.isArray(content)) return [];
  const out: TranscriptItem[] = [];
  const texts: string[] = [];
  for (const b of content) {
    if (!isObj(b)) continue;
    if (b['type'] === 'tool_result') {
      const callId = str(b['tool_use_id']);
      if (callId) out.push({ kind: 'result', callId, isError: b['is_error'] === true, text: resultText(b['content']), detail: o['toolUseResult'], time, line });
    } else if (b['type'] === 'text') {
      const t = str(b['text']);
      if (t && !HARNESS_TEXT.test(t)) texts.push(t);
    }
  }
  if (texts.length && out.length === 0 && o['isMeta'] !== true && o['isCompactSummary'] !== true) out.push({ kind: 'prompt', text: texts.join('\n'), time, line });
  return out;
}

export function parseTranscript(text: string): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  const seenCalls = new Set<string>();
  const seenTexts = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw.startsWith('{')) continue;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch {
      continue;
    }
    if (!isObj(o) || !isObj(o['message'])) continue;
    const msg = o['message'];
    const time = timeOf(o);
    const line = i + 1;
    if (o['type'] === 'user') {
      items.push(...userItems(o, msg, line, time));
      continue;
    }
    if (o['type'] !== 'assistant' || !Array.isArray(msg['content'])) continue;
    const messageId = str(msg['id']);
    for (const b of msg['content']) {
      if (!isObj(b)) continue;
      if (b['type'] === 'tool_use') {
        const id = str(b['id']);
        const name = str(b['name']);
        if (!id || !name || seenCalls.has(id)) continue;
        seenCalls.add(id);
        items.push({ kind: 'call', id, name, input: isObj(b['input']) ? b['input'] : {}, time, line, messageId });
      } else if (b['type'] === 'text') {
        const t = str(b['text']);
        const key = `${messageId ?? `line${line}`}\u0000${t}`;
        if (!t || seenTexts.has(key)) continue;
        seenTexts.add(key);
        items.push({ kind: 'text', text: t, time, line, messageId });
      }
    }
  }
  return items;
}

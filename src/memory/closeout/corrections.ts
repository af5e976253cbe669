/**
 * Is a person's message a correction of the agent? PURE. Only the person's own prose counts: code
 * (fenced or inline), quoted text and block quotes are removed first, and each cue word counts only
 * where it reads as a correction ("No, use …", "don't …", "stop …", "that's wrong", "… instead"),
 * not inside a negation or a question about something else ("no problem", "I don't know",
 * "what's wrong with the build?", "the stop hook").
 */

export type CorrectionCue = 'no' | 'dont' | 'stop' | 'wrong' | 'instead';

export interface Correction {
  cue: CorrectionCue;
  /** The sentence that carries the cue, as the person wrote it (trimmed). */
  sentence: string;
}

/** The person's prose: without code, quotes, block quotes and harness tags. */
export function proseOf(text: string): string {
  return text
    .replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, ' ')
    .replace(/```[\s\S]*?(?:```|$)/g, ' ')
    .replace(/~~~[\s\S]*?(?:~~~|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/^\s*>.*$/gm, ' ')
    .replace(/^(?: {4}|\t).*$/gm, ' ')
    .replace(/"[^"\n]*"|“[^”\n]*”/g, ' ');
}

/** Sentences with their closing punctuation kept (a question is told apart by its `?`). */
function sentences(prose: string): string[] {
  return prose
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const LEAD = String.raw`(?:^|[,:]\s*|\s[–—-]\s*|\b(?:please|and|but|so|just|also|then|ok|okay|now|oh|wait|hey|no)[,]?\s+)`;
const RULES: Array<{ cue: CorrectionCue; test: (s: string) => boolean }> = [
  // "No." / "No, use …" / "nope" — but not "No tests exist", "no problem", "no need"
  { cue: 'no', test: (s) => /^(?:no+|nope)(?:\s*[,!.:;–—-]|\s*$)/.test(s) && !/^no+[,!. ]+(?:problem|worries|rush|thanks|thank you)\b/.test(s) },
  // imperative "don't …" / "do not …" / "never …": a clause starting with it, not "I don't know"
  { cue: 'dont', test: (s) => new RegExp(`${LEAD}(?:don'?t|do not|never)\\s+(?!worry|bother|mind|hesitate|know\\b)\\w`).test(s) },
  // imperative "stop …": not "the stop hook", not "non-stop", not "don't stop"
  { cue: 'stop', test: (s) => new RegExp(`${LEAD}stop(?:\\s*[,!.]|\\s*$|\\s+(?!hook|hooks|button|words?\\b|sign|condition)\\w)`).test(s) && !/\b(?:don'?t|do not|never|can'?t|won'?t)\s+stop\b/.test(s) },
  // "that's wrong" / "wrong file" — not "what's wrong …?", "nothing wrong", "not wrong"
  {
    cue: 'wrong',
    test: (s) =>
      /\bwrong\b/.test(s) &&
      !/\b(?:what'?s|what is|what was|went|goes|go|going|something|anything|nothing|not|isn'?t|wasn'?t|aren'?t|never)\s+(?:\w+\s+)?wrong\b/.test(s) &&
      !(s.endsWith('?') && /^(?:is|are|was|were|what|why|how|does|do|did|can|could)\b/.test(s)),
  },
  // "use X instead" / "instead of X, do Y"
  { cue: 'instead', test: (s) => /\binstead\b/.test(s) },
];

export function findCorrection(text: string): Correction | null {
  for (const raw of sentences(proseOf(text))) {
    const s = raw.toLowerCase().replace(/[’‘]/g, "'");
    const hit = RULES.find((r) => r.test(s));
    if (hit) return { cue: hit.cue, sentence: raw.replace(/\s+/g, ' ') };
  }
  return null;
}

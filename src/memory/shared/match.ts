/**
 * PURE: which lessons of other workspaces a workspace receives. A lesson matches a workspace when its topic
 * is one of the workspace's own topics, or when it shares at least `MIN_SHARED_WORDS` significant words
 * with the workspace's own lessons. Best matches first (topic, then shared words, then newest), capped.
 * A workspace with no lessons of its own has nothing to match on: it receives the newest lessons.
 */
import { normaliseLesson, oneLine, renderSources } from './aggregate.ts';
import type { SharedLesson, WorkspaceLesson } from './types.ts';

export const MIN_SHARED_WORDS = 2;
export const DEFAULT_BROADCAST_LIMIT = 40;

const STOP = new Set(
  'about above after again against also always because been before being below between both cannot could does doing down during each every from further have having here into itself just more most must need never only other over same should some such than that their them then there these they this those through under until very were what when where which while will with without would your yours instead dont does not use using used make sure'.split(' '),
);

/** Significant words: 4+ letters, not a stop word, a trailing plural `s` dropped. */
export function significantWords(text: string): string[] {
  const out = new Set<string>();
  for (const w of normaliseLesson(text).split(' ')) {
    if (w.length < 4 || STOP.has(w) || /^\d+$/.test(w)) continue;
    out.add(w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  }
  return [...out];
}

export interface WorkspaceProfile {
  topics: Set<string>;
  words: Set<string>;
}

export function workspaceProfile(lessons: WorkspaceLesson[]): WorkspaceProfile {
  const topics = new Set<string>();
  const words = new Set<string>();
  for (const l of lessons) {
    if (l.topic.trim()) topics.add(l.topic.trim().toLowerCase());
    for (const w of significantWords(l.text)) words.add(w);
    for (const w of significantWords(l.topic)) words.add(w);
  }
  return { topics, words };
}

/** Precomputed once per sync: the matcher runs for every workspace over every lesson. Words are numbered. */
export interface IndexedLessons {
  lessons: SharedLesson[];
  /** Per lesson: its topic's number and its significant words' numbers. */
  topics: Int32Array;
  words: Int32Array[];
  dict: Map<string, number>;
}

export function indexLessons(lessons: SharedLesson[]): IndexedLessons {
  const dict = new Map<string, number>();
  const id = (w: string): number => {
    let n = dict.get(w);
    if (n === undefined) {
      n = dict.size;
      dict.set(w, n);
    }
    return n;
  };
  const topics = new Int32Array(lessons.length);
  const words: Int32Array[] = [];
  lessons.forEach((l, i) => {
    topics[i] = id(`#${l.topic.toLowerCase()}`);
    words.push(Int32Array.from(significantWords(l.text), id));
  });
  return { lessons, topics, words, dict };
}

interface Scored {
  lesson: SharedLesson;
  score: number;
}

/** Better first: higher score, then newer, then by text. Plain comparisons: this runs millions of times. */
function better(score: number, lesson: SharedLesson, than: Scored): boolean {
  if (score !== than.score) return score > than.score;
  if (lesson.date !== than.lesson.date) return lesson.date > than.lesson.date;
  return lesson.key < than.lesson.key;
}

/** Keeps the best `limit` in order: a bounded insertion, allocating only for what it keeps. */
function keep(top: Scored[], score: number, lesson: SharedLesson, limit: number): void {
  if (top.length === limit && !better(score, lesson, top[limit - 1]!)) return;
  let i = top.length;
  while (i > 0 && better(score, lesson, top[i - 1]!)) i--;
  top.splice(i, 0, { lesson, score });
  if (top.length > limit) top.pop();
}

function heldBy(lesson: SharedLesson, workspace: string): boolean {
  for (const s of lesson.sources) if (s.workspace === workspace) return true;
  return false;
}

export function lessonsFor(workspace: string, profile: WorkspaceProfile, index: IndexedLessons, limit = DEFAULT_BROADCAST_LIMIT): SharedLesson[] {
  if (limit <= 0) return [];
  const empty = profile.topics.size === 0 && profile.words.size === 0;
  const mine = new Uint8Array(index.dict.size);
  for (const t of profile.topics) {
    const n = index.dict.get(`#${t}`);
    if (n !== undefined) mine[n] = 1;
  }
  for (const w of profile.words) {
    const n = index.dict.get(w);
    if (n !== undefined) mine[n] = 1;
  }
  const top: Scored[] = [];
  for (let i = 0; i < index.lessons.length; i++) {
    const lesson = index.lessons[i]!;
    // A lesson this workspace also holds is already in its own index.
    if (heldBy(lesson, workspace)) continue;
    if (empty) {
      keep(top, 0, lesson, limit);
      continue;
    }
    const topicHit = mine[index.topics[i]!] === 1;
    let shared = 0;
    const words = index.words[i]!;
    for (let k = 0; k < words.length; k++) shared += mine[words[k]!]!;
    if (!topicHit && shared < MIN_SHARED_WORDS) continue;
    keep(top, (topicHit ? 100 : 0) + shared, lesson, limit);
  }
  return top.map((s) => s.lesson);
}

export const SHARED_LESSONS_FILE = '.bosun/memory/shared-lessons.md';

/** The broadcast file: generated, read-only, git-ignored; only lesson lines, nothing that configures anything. */
export function renderSharedLessons(workspace: string, lessons: SharedLesson[], opts: { generatedAt: string; total: number }): string {
  const lines = [
    '<!-- GENERATED by `bosun lessons sync`: read-only and git-ignored; it is rewritten on every sync and agents may not edit it. -->',
    '# Lessons shared from other workspaces',
    '',
    lessons.length
      ? `${lessons.length} of ${opts.total} lessons from other workspaces match "${workspace}" (same topic, or words in common with its own lessons), synced ${opts.generatedAt}. More: \`bosun lessons search "<words>"\`.`
      : `No lesson from another workspace matches "${workspace}" yet (synced ${opts.generatedAt}). Search them all: \`bosun lessons search "<words>"\`.`,
    '',
    ...lessons.map((l) => `- [${oneLine(l.topic)}] ${oneLine(l.text)} (from ${renderSources(l.sources)})`),
  ];
  return lines.join('\n') + '\n';
}

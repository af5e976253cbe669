import type { Budget, Lesson } from './types.ts';
import type { Usage } from './view.ts';

/**
 * The session-start context, PURE. Claude Code 2.1.197 replaces an `additionalContext` of 10,000
 * characters or more with a file path and a 2 KB preview, so the whole context stays under
 * SESSION_CONTEXT_CAP characters. What does not fit is never dropped silently: a closing section names
 * what was left out and the command that shows it.
 */
export const SESSION_CONTEXT_CAP = 9_500;
/** Share of the cap a long index leaves for the start of the facts summary and of the shared lessons. */
const FACTS_SHARE = 0.15;
const SHARED_SHARE = 0.1;

export interface ComposeInput {
  /** Shown in the opening line (the repository's directory name). */
  project: string;
  lessons: readonly Lesson[];
  usage: Usage;
  budget: Budget;
  /** Maintenance flags, one line each (main sessions only). */
  flags: readonly string[];
  facts: string;
  shared: string;
  /** Subagents get the same memory without the maintenance flags (those are the main session's chores). */
  audience: 'session' | 'subagent';
  cap?: number;
}

export interface Composed {
  text: string;
  /** What did not fit, as stated in the text. */
  omitted: string[];
}

export function lessonLine(l: Lesson): string {
  let line = `- ${l.id} [${l.topic}] ${l.text}`;
  // A pending lesson's detail is in the journal, not yet in this worktree's topic file: name the command that shows it.
  if (l.link) line += l.pending ? ` (more: \`bosun lesson show ${l.id}\`)` : ` (more: .bosun/memory/${l.link})`;
  if (l.pending) line += ' (pending: added in another worktree)';
  return line;
}

function section(title: string, body: string): string {
  return `## ${title}\n${body.trim()}\n`;
}

/**
 * Strips a source's leading HTML comments (the broadcast file's "generated" banner) and its own heading, so
 * neither repeats ours nor spends the cap.
 */
function body(text: string): string {
  return text
    .replace(/^(?:\s*<!--[\s\S]*?-->[ \t]*\n?)+/, '')
    .trimStart()
    .replace(/^#{1,6} [^\n]*\n+/, '')
    .trim();
}

export function composeSessionContext(x: ComposeInput): Composed {
  const cap = x.cap ?? SESSION_CONTEXT_CAP;
  const pending = x.lessons.filter((l) => l.pending).length;
  const head =
    `bosun project memory for ${x.project}: lessons this project learned the hard way. Follow them.\n` +
    'Record a new lesson with `bosun lesson add "<text>" --topic <topic>`; `bosun memory show` prints all of it.\n';
  const parts: string[] = [head];
  const omitted: string[] = [];
  let used = head.length;
  // Room kept for the closing "left out" section, so stating what was left out never overflows the cap.
  const reserve = 600;
  const fits = (s: string): boolean => used + s.length + 1 <= cap - reserve;
  const push = (s: string): void => {
    parts.push(s);
    used += s.length + 1;
  };

  if (x.audience === 'session' && x.flags.length) {
    const s = section('Maintenance due', x.flags.map((f) => `- ${f}`).join('\n'));
    if (fits(s)) push(s);
    else omitted.push(`${x.flags.length} maintenance flag(s) (run \`bosun memory show --session-start\` in a terminal)`);
  }

  const facts = body(x.facts);
  const shared = body(x.shared);
  const FACTS_TITLE = 'Facts (canonical, from the facts vault)';
  const SHARED_TITLE = 'Lessons from other workspaces';
  // A long index must not crowd out the other sources entirely: room is held back for the start of the
  // facts summary (stale facts come first) and of the shared lessons. The lessons take the rest.
  const sharedHeld = shared ? Math.min(section(SHARED_TITLE, shared).length + 1, Math.floor(cap * SHARED_SHARE)) : 0;
  const held = (facts ? Math.min(section(FACTS_TITLE, facts).length + 1, Math.floor(cap * FACTS_SHARE)) : 0) + sharedHeld;

  if (x.lessons.length) {
    const title = `Project lessons (${x.lessons.length}${pending ? `, ${pending} pending from other worktrees` : ''}; ${x.usage.lines}/${x.budget.lines} lines of budget)`;
    const lines: string[] = [];
    const left: string[] = [];
    let size = title.length + 5;
    for (const l of x.lessons) {
      const line = lessonLine(l);
      if (!left.length && used + size + line.length + 1 <= cap - reserve - held) {
        lines.push(line);
        size += line.length + 1;
      } else left.push(l.id);
    }
    if (lines.length) push(section(title, lines.join('\n')));
    if (left.length) omitted.push(`${left.length} project lesson(s): ${idRange(left)} (\`bosun lesson list\` or .bosun/memory/INDEX.md)`);
  }

  /** Pushes as many leading lines of a section as fit; returns how many lines were left out. */
  const pushLines = (title: string, text: string, leave = 0): { kept: number; total: number } => {
    const lines = text.split('\n');
    const kept: string[] = [];
    for (const line of lines) {
      if (used + section(title, [...kept, line].join('\n')).length + 1 > cap - reserve - leave) break;
      kept.push(line);
    }
    if (kept.length) push(section(title, kept.join('\n')));
    return { kept: kept.length, total: lines.length };
  };

  if (facts) {
    const r = pushLines(FACTS_TITLE, facts, sharedHeld);
    if (r.kept < r.total) omitted.push(r.kept ? `${r.total - r.kept} of ${r.total} line(s) of the facts summary (\`bosun facts list\`)` : 'the facts summary (`bosun facts list`)');
  }

  if (shared) {
    const r = pushLines(SHARED_TITLE, shared);
    if (r.kept < r.total) omitted.push(`${r.total - r.kept} of ${r.total} line(s) of lessons from other workspaces (.bosun/memory/shared-lessons.md, \`bosun lessons search\`)`);
  }

  if (omitted.length) {
    push(section(`Left out (this context is capped at ${cap} characters)`, omitted.map((o) => `- ${o}`).join('\n')));
  }
  return { text: parts.join('\n').trimEnd() + '\n', omitted };
}

/** `L003, L007–L009` style listing of ids, shortened in the middle when long. */
export function idRange(ids: readonly string[]): string {
  if (ids.length <= 6) return ids.join(', ');
  return `${ids.slice(0, 3).join(', ')} … ${ids.slice(-2).join(', ')}`;
}

export interface FlagInput {
  now: number;
  /** When the self-audit last ran (epoch ms), null when it never did. */
  auditLastRun: number | null;
  usage: Usage;
  budget: Budget;
  closeoutCandidates: number;
  staleFacts: number;
}

const DAY = 86_400_000;

/** The overdue-maintenance flags of a main session. */
export function maintenanceFlags(x: FlagInput): string[] {
  const out: string[] = [];
  if (x.auditLastRun === null) out.push('The self-audit has never run on this repository (`bosun audit`).');
  else if (x.now - x.auditLastRun > 30 * DAY) out.push(`The self-audit last ran ${Math.floor((x.now - x.auditLastRun) / DAY)} days ago (due every 30 days: \`bosun audit\`).`);
  const pl = x.usage.lines / x.budget.lines;
  const pb = x.usage.bytes / x.budget.bytes;
  if (pl > 0.9 || pb > 0.9) {
    out.push(
      `Project memory is at ${Math.round(Math.max(pl, pb) * 100)}% of its budget (${x.usage.lines}/${x.budget.lines} lines, ${x.usage.bytes}/${x.budget.bytes} bytes): retire or merge lessons (\`bosun lesson retire <id>\`, \`bosun lesson supersede <id> "<text>"\`).`,
    );
  }
  if (x.closeoutCandidates > 0) out.push(`${x.closeoutCandidates} close-out candidate lesson(s) wait for review (\`bosun lessons review\`).`);
  if (x.staleFacts > 0) out.push(`${x.staleFacts} fact(s) are past expiry or failed verification (\`bosun facts stale\`, then \`bosun facts verify\`).`);
  return out;
}

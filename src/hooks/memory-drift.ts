import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { Fleet } from '../fleet/index.ts';
import type { Ledger } from '../ledger/index.ts';
import { analyzeShell, bosunCall, matchAny } from '../policy/index.ts';
import type { RepoDirs } from '../shared/git-dirs.ts';
import { memoryOff } from '../shared/opt-out.ts';
import type { HookDeps, HookEvent, HookResponse } from './types.ts';

export interface MemoryHookContext {
  ledger: Ledger;
  fleet: Fleet;
  dirs: RepoDirs;
  agent: string;
  deps: HookDeps;
}

/** Cheap prefilter: the command line mentions `bosun lesson add|ack|supersede` somewhere. */
const PAYS = /bosun(?:\.js|\/dist\/cli\.js)?['"]?\s+lesson\s+(?:add|ack|supersede)\b/;
const PAY_VERBS = new Set(['add', 'ack', 'supersede']);
/**
 * The verb (add, ack, supersede) when the Bash command really RUNS `bosun lesson <verb>` — not when it only
 * mentions it (`echo "bosun lesson add …"`, `grep -r "bosun lesson add" docs`), and not `--help`.
 * The parse is only paid for commands the prefilter lets through.
 */
export function paysMemoryDebt(command: string, ctx: { cwd: string; home: string | null; root: string }): string | null {
  if (!PAYS.test(command)) return null;
  for (const c of analyzeShell(command, { cwd: ctx.cwd, home: ctx.home, repoRoot: ctx.root }).commands) {
    const call = bosunCall(c.argv);
    if (!call?.launched) continue;
    const [sub, verb, ...rest] = call.args;
    if (sub !== 'lesson' || !verb || !PAY_VERBS.has(verb)) continue;
    if (rest.some((w) => w === '--help' || w === '-h')) continue;
    return verb;
  }
  return null;
}

/** Repo-relative paths this tool call wrote that match `memory.core`. */
export function coreEdits(ev: HookEvent, c: { fleet: Fleet; root: string; home: string | null }): string[] {
  const core = c.fleet.memory.core;
  if (!core.length) return [];
  const abs = new Set<string>();
  for (const a of ev.actions) {
    if (a.kind === 'edit') abs.add(posix.resolve(ev.cwd, a.path));
    if (a.kind === 'bash' && !ev.background) {
      for (const w of analyzeShell(a.command, { cwd: ev.cwd, home: c.home, repoRoot: c.root }).writes) abs.add(w.path);
    }
  }
  const out: string[] = [];
  for (const p of abs) {
    if (!p.startsWith(c.root + '/')) continue;
    const rel = p.slice(c.root.length + 1);
    if (matchAny(core, rel)) out.push(rel);
  }
  return out.sort();
}

// PostToolUse runs after every tool call: this file stays free of the memory domain (its import costs
// milliseconds per call); the few INDEX.md lines that mention a changed core file are found by a grep.
const ENTRY = /^- (L\d{3,}) \[([^\]]+)\]/;

/** Index lines that mention the file (by path or base name): the lessons most likely to be stale now. */
function related(root: string, paths: readonly string[]): string[] {
  let text = '';
  try {
    text = readFileSync(posix.join(root, '.bosun/memory/INDEX.md'), 'utf8');
  } catch {
    return [];
  }
  const keys = paths.flatMap((p) => [p, posix.basename(p)]);
  return text
    .split('\n')
    .filter((line) => ENTRY.test(line) && keys.some((k) => line.includes(k)))
    .map((line) => {
      const m = ENTRY.exec(line)!;
      return `${m[1]} [${m[2]}]`;
    });
}

/** PostToolUse: an edit of a `memory.core` file asks the agent to update memory and records a debt (issue 4, section 3). */
export function memoryDriftAfterEdit(ev: HookEvent, c: MemoryHookContext): HookResponse | null {
  if (memoryOff(c.deps.env)) return null;
  const now = c.deps.now();
  const bash = ev.actions.find((a) => a.kind === 'bash');
  const verb = bash?.kind === 'bash' && ev.sessionId ? paysMemoryDebt(bash.command, { cwd: ev.cwd, home: c.deps.home, root: c.dirs.root }) : null;
  if (verb && ev.sessionId) {
    // The exact session is known here; the CLI itself may have had to guess it.
    c.ledger.payMemoryDebts({ sessionId: ev.sessionId, time: now, paidBy: `lesson ${verb} (seen by the hook)` });
    return null;
  }
  const paths = coreEdits(ev, { fleet: c.fleet, root: c.dirs.root, home: c.deps.home });
  if (!paths.length) return null;
  const fresh = paths.filter((path) => c.ledger.recordMemoryDebt({ time: now, sessionId: ev.sessionId, agent: c.agent, agentId: ev.agentId, worktree: c.dirs.root, path }));
  // Asked once per file and session while the debt is open: a second edit of the same file adds nothing.
  if (!fresh.length) return null;
  const rel = related(c.dirs.root, fresh);
  const text =
    `bosun: ${fresh.join(', ')} ${fresh.length === 1 ? 'is a' : 'are'} memory core file${fresh.length === 1 ? '' : 's'} (fleet memory.core): changes here often make the project memory wrong.\n` +
    (rel.length ? `Lessons that mention ${fresh.length === 1 ? 'it' : 'them'}: ${rel.join(', ')} — check they still hold (\`bosun lesson supersede <id> "<new text>"\` if not).\n` : '') +
    'Before you finish, either update the matching topic in .bosun/memory/topics/ or record what future sessions must know with `bosun lesson add "<lesson>" --topic <topic>` ' +
    '— or, if nothing they need to know changed, say why with `bosun lesson ack "<why no change>"`.';
  return { kind: 'context', text };
}

/** Stop, after verification passed: an unpaid memory debt blocks once (issue 4, section 3). */
export function memoryDebtAtStop(ev: HookEvent, c: MemoryHookContext): HookResponse | null {
  if (memoryOff(c.deps.env) || !ev.sessionId) return null;
  // The turn already continues because of a stop hook: let it end; the debt can block a later stop.
  if (ev.stopHookActive) return null;
  const debts = c.ledger.unpaidMemoryDebts(ev.event === 'SubagentStop' ? { sessionId: ev.sessionId, agentId: ev.agentId } : { sessionId: ev.sessionId });
  const due = debts.filter((d) => d.blockedAt === null);
  if (!due.length) return null;
  c.ledger.markMemoryDebtsBlocked(
    due.map((d) => d.id),
    c.deps.now(),
  );
  const paths = [...new Set(due.map((d) => d.path))];
  return {
    kind: 'block',
    reason:
      `bosun: this session changed memory core file${paths.length === 1 ? '' : 's'} ${paths.join(', ')}, and the project memory was not updated. ` +
      'Before you stop, record what the next session must know: `bosun lesson add "<lesson>" --topic <topic>` (add `--detail "…"` for the topic file), ' +
      'or, if nothing about the project memory changed, `bosun lesson ack "<why no change>"`. Then finish. (bosun asks this once.)',
  };
}

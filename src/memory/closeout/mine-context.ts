/** Shared by the detectors: one transcript's calls joined with their results. PURE. */
import { sha256Hex } from '../../shared/sha256.ts';
import { clip, commandFamily, excerpt } from './commands.ts';
import type { TranscriptItem } from './transcript.ts';
import type { Candidate, CandidateKind, Provenance } from './types.ts';

export type Call = Extract<TranscriptItem, { kind: 'call' }>;
export type Result = Extract<TranscriptItem, { kind: 'result' }>;

export interface CallOutcome {
  call: Call;
  result: Result | null;
  outcome: 'ok' | 'fail' | 'denied' | 'rejected' | 'unknown';
}

export interface MineContext {
  sessionId: string;
  cwd: string | null;
  label: string;
  agent: string | null;
}

export const FILE_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
export const BOSUN_DENY = /\[bosun rule: ([\w.-]+)\]/;
const BOSUN_FAIL_CLOSED = /bosun denied this tool call because its guard could not run/;
const USER_REJECTED = /doesn't want to proceed with this tool use|user (?:rejected|declined|denied) (?:this|the) tool|tool use was rejected/i;

export function outcomes(items: readonly TranscriptItem[]): CallOutcome[] {
  const results = new Map<string, Result>();
  for (const it of items) if (it.kind === 'result' && !results.has(it.callId)) results.set(it.callId, it);
  return items
    .filter((it): it is Call => it.kind === 'call')
    .map((call) => {
      const result = results.get(call.id) ?? null;
      if (!result) return { call, result, outcome: 'unknown' };
      if (BOSUN_DENY.test(result.text) || BOSUN_FAIL_CLOSED.test(result.text)) return { call, result, outcome: 'denied' };
      if (USER_REJECTED.test(result.text)) return { call, result, outcome: 'rejected' };
      return { call, result, outcome: result.isError ? 'fail' : 'ok' };
    });
}

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A path relative to the session's cwd when it lies under it. */
export function relPath(path: string, cwd: string | null): string {
  if (cwd && path.startsWith(cwd.endsWith('/') ? cwd : `${cwd}/`)) return path.slice(cwd.length).replace(/^\/+/, '');
  return path;
}

/** What a call acts on, for a human: the command, the file, the pattern. */
export function targetOf(call: Call, cwd: string | null): string {
  const i = call.input;
  const p = str(i['file_path']) ?? str(i['notebook_path']);
  if (p) return relPath(p, cwd);
  const cmd = str(i['command']);
  if (cmd) return cmd;
  return str(i['pattern']) ?? str(i['url']) ?? str(i['description']) ?? '';
}

/** The part of a target that decides sameness: a command's family, a file's path. */
export function targetKey(tool: string, target: string | null, cwd: string | null): string {
  if (!target) return '';
  return tool === 'Bash' ? commandFamily(target) : relPath(target, cwd);
}

export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/[^a-z0-9'/._-]+/g, ' ').trim();
}

export function candidate(kind: CandidateKind, key: string, text: string, topic: string, provenance: Provenance): Candidate {
  return { id: 'c' + sha256Hex(`${kind}\n${key}`).slice(0, 10), kind, key, text: clip(text, 300), topic, provenance };
}

export function provenance(ctx: MineContext, at: { time: number | null; line: number }, evidence: string): Provenance {
  return { sessionId: ctx.sessionId, time: at.time, evidence: excerpt(evidence, 400), agent: ctx.agent, source: `${ctx.label}:${at.line}` };
}

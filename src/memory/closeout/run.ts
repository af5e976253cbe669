/** The IO shell of close-out: reads the ledger and the transcripts, mines, files into the inbox, marks the session. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openLedger, type CloseoutSession, type Ledger } from '../../ledger/index.ts';
import { BosunError, errorMessage } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { fileCandidates, type FileResult } from './inbox.ts';
import { mineSession, type TranscriptInput } from './mine.ts';
import { parseTranscript } from './transcript.ts';
import type { Candidate } from './types.ts';

/** A transcript larger than this is not mined (it would stall a background run). */
export const MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;
/** A session not seen for this long counts as over even without SessionEnd (which Claude Code often cuts short). */
export const IDLE_MS = 15 * 60 * 1000;
/** A close-out claim older than this belongs to a run that died: the session is pending again. */
export const CLAIM_TTL_MS = 10 * 60 * 1000;
/** Sessions mined per `--pending` run; the rest wait for the next one. */
export const PENDING_LIMIT = 20;

export interface SessionCloseout {
  sessionId: string;
  /** The transcripts mined (main first, then subagents). */
  transcripts: string[];
  candidates: Candidate[];
  filed: FileResult;
  /** Why mining could not run (the session is still marked, so it is not retried forever). */
  error: string | null;
}

function readTranscript(path: string): string {
  const size = statSync(path).size;
  if (size > MAX_TRANSCRIPT_BYTES) throw new Error(`${path} is ${size} bytes (more than ${MAX_TRANSCRIPT_BYTES}): not mined`);
  return readFileSync(path, 'utf8');
}

/** The main transcript and its subagents' (`<session>/subagents/agent-<id>.jsonl` beside it). */
function transcriptsOf(path: string): TranscriptInput[] {
  const out: TranscriptInput[] = [{ label: basename(path), text: readTranscript(path), agent: 'main', human: true }];
  const subDir = join(dirname(path), basename(path, '.jsonl'), 'subagents');
  let names: string[] = [];
  try {
    names = readdirSync(subDir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return out;
  }
  for (const f of names) out.push({ label: `subagents/${f}`, text: readTranscript(join(subDir, f)), agent: basename(f, '.jsonl'), human: false });
  return out;
}

/** The session id a transcript names in its lines (for `--transcript` without a ledger session). */
function sessionIdIn(text: string): string | null {
  const m = /"sessionId"\s*:\s*"([^"]+)"/.exec(text.slice(0, 200_000));
  return m?.[1] ?? null;
}

function mineAndFile(ledger: Ledger, commonDir: string, s: { id: string; cwd: string | null; transcriptPath: string }, now: number): SessionCloseout {
  const empty: FileResult = { added: [], seen: [], reviewed: [] };
  let transcripts: TranscriptInput[];
  try {
    if (!existsSync(s.transcriptPath)) throw new Error(`transcript ${s.transcriptPath} does not exist (any more)`);
    transcripts = transcriptsOf(s.transcriptPath);
  } catch (err) {
    const error = errorMessage(err);
    ledger.markMined(s.id, { time: now, candidates: 0, error });
    return { sessionId: s.id, transcripts: [], candidates: [], filed: empty, error };
  }
  const candidates = mineSession({ sessionId: s.id, cwd: s.cwd, transcripts, denials: ledger.sessionDenials(s.id) });
  const filed = fileCandidates(commonDir, candidates, now);
  ledger.markMined(s.id, { time: now, candidates: candidates.length, error: null });
  return { sessionId: s.id, transcripts: transcripts.map((t) => t.label), candidates, filed, error: null };
}

export interface CloseoutOptions {
  commonDir: string;
  now: number;
  /** A full session id or a unique prefix; null: the most recent session with a transcript. */
  session: string | null;
  /** Mine this file instead of the transcript the ledger recorded. */
  transcript?: string | null;
}

function noSession(what: string): BosunError {
  return new BosunError({ code: 'E_NO_SESSION', message: what, hint: '`bosun log --json` lists sessions; or pass the transcript: bosun closeout --transcript FILE.', exitCode: EXIT.usage });
}

/** `bosun closeout [--session S] [--transcript F]`: one session, now, whatever its state. */
export function closeoutSession(opts: CloseoutOptions): SessionCloseout {
  const ledger = openLedger({ commonDir: opts.commonDir });
  try {
    let s: CloseoutSession | null = null;
    if (opts.session) {
      s = ledger.closeoutSession(opts.session);
      if (!s && !opts.transcript) throw noSession(`no session "${opts.session}" in the ledger (or the prefix is ambiguous)`);
    } else if (!opts.transcript) {
      s = ledger.querySessions({ limit: 50 }).filter((r) => r.transcriptPath && r.id !== 'unknown').map((r) => ledger.closeoutSession(r.id)).find((r) => r !== null) ?? null;
      if (!s) throw noSession('no session with a transcript in the ledger yet');
    }
    const transcriptPath = opts.transcript ?? s?.transcriptPath ?? null;
    if (!transcriptPath) throw noSession(`the ledger has no transcript path for session ${s?.id ?? '?'}`);
    if (opts.transcript && !existsSync(opts.transcript)) throw new BosunError({ code: 'E_NO_TRANSCRIPT', message: `no transcript at ${opts.transcript}`, exitCode: EXIT.usage });
    if (opts.transcript && parseTranscript(readTranscript(opts.transcript)).length === 0 && readTranscript(opts.transcript).trim() !== '') {
      // Mining a file of the wrong kind would report "0 candidates" as if the session had taught nothing.
      throw new BosunError({
        code: 'E_NOT_TRANSCRIPT',
        message: `${opts.transcript} holds no Claude Code transcript records (JSON lines with type user/assistant and a message)`,
        hint: 'Claude Code keeps transcripts in ~/.claude/projects/<project>/<session>.jsonl; `bosun log --json` shows each session\'s transcript path.',
        exitCode: EXIT.usage,
      });
    }
    const id = s?.id ?? opts.session ?? (opts.transcript ? sessionIdIn(readTranscript(opts.transcript)) : null) ?? basename(transcriptPath, '.jsonl');
    return mineAndFile(ledger, opts.commonDir, { id, cwd: s?.cwd ?? null, transcriptPath }, opts.now);
  } finally {
    ledger.close();
  }
}

/**
 * `bosun closeout --pending`: every session that is over (ended, or idle for IDLE_MS) and has activity not
 * mined yet. Each is claimed in the ledger first, so close-outs started by several session starts at once
 * never mine the same session twice.
 */
export function closeoutPendingSessions(opts: { commonDir: string; now: number; idleMs?: number; limit?: number }): SessionCloseout[] {
  const ledger = openLedger({ commonDir: opts.commonDir });
  try {
    const due = ledger.pendingCloseouts({ now: opts.now, idleMs: opts.idleMs ?? IDLE_MS, claimTtlMs: CLAIM_TTL_MS, limit: opts.limit ?? PENDING_LIMIT });
    const out: SessionCloseout[] = [];
    for (const s of due) {
      if (!s.transcriptPath || !ledger.claimCloseout(s.id, opts.now, CLAIM_TTL_MS)) continue;
      out.push(mineAndFile(ledger, opts.commonDir, { id: s.id, cwd: s.cwd, transcriptPath: s.transcriptPath }, opts.now));
    }
    return out;
  } finally {
    ledger.close();
  }
}

import type { Scope } from './scope.ts';
import type { ShellCommand, ShellHazard, ShellWrite } from './types.ts';

/** Words a command names, turned into `mentions` at the end if the command is not read-only. */
export interface MentionCandidate {
  command: ShellCommand;
  words: string[];
  /** Inline code, scanned for quoted paths. */
  code: string[];
  cwds: Array<string | null>;
}

/** Everything found so far in one analysis. */
export interface Sink {
  commands: ShellCommand[];
  writes: ShellWrite[];
  hazards: ShellHazard[];
  candidates: MentionCandidate[];
  parsed: boolean;
  /** Statements and commands left to follow: a line built to explode (recursive functions, nested loops) runs out. */
  budget: number;
  exhausted: boolean;
}

/** Where the walk is: who collects, which wrappers enclose the code, how deep it is nested. */
export interface Frame {
  sink: Sink;
  wrappers: string[];
  depth: number;
  loops: number;
}

export const MAX_DEPTH = 12;
export const BUDGET = 4000;

export function newSink(): Sink {
  return { commands: [], writes: [], hazards: [], candidates: [], parsed: true, budget: BUDGET, exhausted: false };
}

export function primaryCwd(scope: Scope): string | null {
  return scope.cwds[0] ?? null;
}

/** A command line bosun cannot analyse: one `unknown` command standing for it. */
export function recordUnknown(f: Frame, text: string, scope: Scope, note: string): ShellCommand {
  const cmd: ShellCommand = { argv: text === '' ? [] : [text], text, wrappers: [...f.wrappers], cwd: primaryCwd(scope), effect: 'unknown', note };
  f.sink.commands.push(cmd);
  return cmd;
}

/** Spends one unit of the budget; false (after recording one `unknown` command) when it is spent. */
export function spend(f: Frame, scope: Scope, text: string): boolean {
  if (f.sink.budget-- > 0) return true;
  if (!f.sink.exhausted) {
    f.sink.exhausted = true;
    recordUnknown(f, text, scope, 'the command line is too large or too deeply nested for bosun to follow');
  }
  return false;
}

import { EXIT } from './exit-codes.ts';

/**
 * The one error base class. `code` is stable (documented, greppable), `message` names the offending
 * value and file, `hint` says what to run or edit next. Expected errors print message + hint, no stack.
 */
export class BosunError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly details: unknown;

  constructor(opts: { code: string; message: string; hint?: string; exitCode?: number; details?: unknown }) {
    super(opts.message);
    this.name = 'BosunError';
    this.code = opts.code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? EXIT.failure;
    this.details = opts.details;
  }
}

export function usageError(message: string, hint?: string): BosunError {
  return new BosunError({ code: 'E_USAGE', message, hint: hint ?? 'Run `bosun --help` for usage.', exitCode: EXIT.usage });
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

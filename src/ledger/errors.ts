import { dirname } from 'node:path';
import { BosunError, errorMessage } from '../shared/errors.ts';
import { EXIT } from '../shared/exit-codes.ts';

/** Every ledger failure surfaces as this one code; `details.code` says which SQLite or file-system error it was. */
export const LEDGER_ERROR = 'E_LEDGER';

/** The `code` SQLite (`SQLITE_…`) or the file system (`ENOENT`, `EACCES`, …) put on an error; null for bugs. */
function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

function hintFor(code: string, path: string): string {
  const aside = `mv '${path}' '${path}.broken'`;
  const is = (prefix: string): boolean => code.startsWith(prefix);
  if (is('SQLITE_NOTADB') || is('SQLITE_CORRUPT')) {
    return `Check it with \`sqlite3 '${path}' 'PRAGMA integrity_check'\`; to start a fresh ledger, move it aside (\`${aside}\`, with its -wal and -shm files). bosun never recreates it on its own.`;
  }
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) {
    return `Another process held the ledger's write lock too long. Look for a stuck process with \`fuser '${path}'\` (or \`lsof\`).`;
  }
  if (is('SQLITE_FULL') || is('SQLITE_IOERR') || code === 'ENOSPC' || code === 'EIO') {
    return `Check free disk space and the file system holding '${path}' (\`df -h '${dirname(path)}'\`).`;
  }
  if (is('SQLITE_')) {
    return is('SQLITE_READONLY') || is('SQLITE_CANTOPEN') || is('SQLITE_PERM')
      ? `Check that you can read and write '${path}' and its directory (\`ls -la '${dirname(path)}'\`).`
      : `Check the file with \`sqlite3 '${path}' 'PRAGMA integrity_check'\`, or move it aside (\`${aside}\`).`;
  }
  return `Check that '${dirname(dirname(path))}' is the repository's git dir and that you can write to it.`;
}

/** True for failures of SQLite or the file system, false for bugs such as a TypeError from a bad argument. */
export function isEnvironmentFailure(err: unknown): boolean {
  return errorCode(err) !== null;
}

/** Wraps a failure from SQLite (or the file system under it) as an expected, explained BosunError. */
export function ledgerError(err: unknown, path: string, doing: string): BosunError {
  if (err instanceof BosunError) return err;
  const code = errorCode(err);
  return new BosunError({
    code: LEDGER_ERROR,
    message: `ledger ${path}: ${doing} failed: ${errorMessage(err)}${code && !errorMessage(err).includes(code) ? ` (${code})` : ''}`,
    hint: code ? hintFor(code, path) : `Check the file with \`sqlite3 '${path}' 'PRAGMA integrity_check'\`.`,
    exitCode: EXIT.environment,
    details: { path, code },
  });
}

export function ledgerSchemaError(path: string, found: number, known: number): BosunError {
  const newer = found > known;
  return new BosunError({
    code: LEDGER_ERROR,
    message: `ledger ${path}: schema version ${found} is ${newer ? 'newer' : 'older'} than this bosun's (${known})`,
    hint: newer
      ? 'A newer bosun wrote this ledger. Upgrade bosun here rather than editing or deleting the ledger.'
      : 'A read-only open cannot migrate it; any writing bosun command (a hook call, `bosun log`) migrates it in place.',
    exitCode: EXIT.environment,
    details: { path, found, known },
  });
}

export function ledgerMissingError(path: string): BosunError {
  return new BosunError({
    code: LEDGER_ERROR,
    message: `ledger ${path} does not exist`,
    hint: 'The first hook call in this repository creates it; check that bosun hooks are wired (`bosun init`).',
    exitCode: EXIT.environment,
    details: { path, code: null },
  });
}

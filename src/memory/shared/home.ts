/**
 * `$BOSUN_HOME` (default `~/.bosun`) and its `config.json`. The caller passes the user's home in: only
 * src/cli may ask the OS for it.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { readTextOrNull } from '../../shared/fs-atomic.ts';

/** PURE: `BOSUN_HOME` when set (made absolute), else `<userHome>/.bosun`. */
export function resolveBosunHome(env: Record<string, string | undefined>, userHome: string): string {
  const set = env['BOSUN_HOME']?.trim();
  if (set) return resolve(set);
  return join(userHome, '.bosun');
}

export interface BosunConfig {
  /** The facts vault; default `<home>/facts`. May be its own git repository. */
  factsDir?: string;
}

export const CONFIG_FILE = 'config.json';

function configError(file: string, message: string): BosunError {
  return new BosunError({ code: 'E_CONFIG', message: `${file}: ${message}`, hint: `fix or remove ${file} (see docs/facts.md)`, exitCode: EXIT.config });
}

/** PURE: parses `config.json` text; unknown keys are refused with the known ones named. */
export function parseBosunConfig(text: string, file: string, home: string): BosunConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw configError(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw configError(file, 'expected a JSON object');
  const out: BosunConfig = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'factsDir') {
      if (typeof value !== 'string' || value.trim() === '') throw configError(file, 'factsDir: expected a non-empty path');
      out.factsDir = isAbsolute(value) ? value : resolve(home, value);
    } else {
      throw configError(file, `unknown key "${key}" (known: factsDir)`);
    }
  }
  return out;
}

/** Reads `<home>/config.json`; a missing file is an empty config. */
export function readBosunConfig(home: string): BosunConfig {
  const file = join(home, CONFIG_FILE);
  const text = readTextOrNull(file);
  return text === null ? {} : parseBosunConfig(text, file, home);
}

// `bosun fleet validate` also checks the parts of the fleet file that the gates own (`gates`, `deploy`):
// the fleet schema keeps them free-form, their own parsers know them. Problems come back one per line.
import type { Fleet } from '../fleet/index.ts';
import { deployEnvNames, parseCiConfig, parseDeployEnv, parseGateSettings } from '../gates/index.ts';
import { BosunError } from '../shared/errors.ts';
import { suggest } from '../shared/suggest.ts';

const GATES_KEYS = ['typecheck', 'pre_commit', 'ci'];

function issuesOf(err: unknown): string[] {
  if (err instanceof BosunError && Array.isArray(err.details)) return err.details.map(String);
  if (err instanceof BosunError) return [err.message];
  throw err;
}

export function gatesIssues(fleet: Fleet, file: string): string[] {
  const out: string[] = [];
  const gates = fleet.gates ?? {};
  for (const key of Object.keys(gates)) {
    if (GATES_KEYS.includes(key)) continue;
    const close = suggest(key, GATES_KEYS);
    out.push(`gates.${key}: unknown key${close ? ` (did you mean "${close}"?)` : ''}; known: ${GATES_KEYS.join(', ')}`);
  }
  const settings = parseGateSettings(fleet.gates);
  if (!settings.ok) out.push(...settings.issues);
  if (gates['ci'] !== undefined) {
    try {
      parseCiConfig(gates['ci'], 'gates.ci');
    } catch (err) {
      out.push(...issuesOf(err));
    }
  }
  for (const env of deployEnvNames(fleet.deploy)) {
    try {
      parseDeployEnv({ deploy: fleet.deploy, gatesCi: gates['ci'], env, file });
    } catch (err) {
      out.push(...issuesOf(err));
    }
  }
  return [...new Set(out)];
}

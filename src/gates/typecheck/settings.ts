/**
 * The gate settings (`gates.typecheck`, `gates.pre_commit`) from the fleet file as the checked snapshot has
 * it: the staged fleet for pre-commit; for CI the fleet at the base revision (so a branch cannot switch its
 * own check off), else at HEAD. Without any fleet file: the defaults (type-check on, no commands).
 */
import { FLEET_FILE, fleetInvalid, loadFleet, loadFleetParser, type JsonObject } from '../../fleet/index.ts';
import { BosunError } from '../../shared/errors.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { commitTree, indexTree, readText } from '../sacred/tree.ts';
import { parseGateSettings, type GateSettings } from './config.ts';

export type SettingsAt = { kind: 'index' } | { kind: 'commit'; revs: string[] };

async function gatesOf(text: string, shown: string): Promise<JsonObject | undefined> {
  const { parseFleet } = await loadFleetParser();
  const parsed = parseFleet(text, shown);
  if (!parsed.ok) throw fleetInvalid(shown, parsed.issues);
  return parsed.fleet.gates;
}

export function gatesConfigError(shown: string, issues: readonly string[]): BosunError {
  return new BosunError({
    code: 'E_GATES_CONFIG',
    message: `invalid gate settings in ${shown}:\n${issues.map((i) => `  - ${i}`).join('\n')}`,
    hint: 'See docs/gates.md for the shape of gates.typecheck and gates.pre_commit.',
    exitCode: EXIT.config,
    details: issues,
  });
}

export async function loadGateSettings(repoRoot: string, commonDir: string, at: SettingsAt): Promise<GateSettings> {
  let gates: JsonObject | undefined;
  let shown = FLEET_FILE;
  let found = false;
  if (at.kind === 'index') {
    const text = readText(indexTree(repoRoot), FLEET_FILE);
    if (text !== null) [gates, shown, found] = [await gatesOf(text, `${FLEET_FILE} (staged)`), `${FLEET_FILE} (staged)`, true];
    // A commit must not switch off its own checks: HEAD's settings still apply (see `strictest`).
    const headText = readHeadFleet(repoRoot);
    if (found && headText !== null) {
      const staged = parseGateSettings(gates);
      if (!staged.ok) throw gatesConfigError(shown, staged.issues);
      const head = parseGateSettings(await gatesOf(headText, `${FLEET_FILE} (HEAD)`).catch(() => undefined));
      return head.ok ? strictest(staged.settings, head.settings) : staged.settings;
    }
  } else {
    for (const rev of at.revs) {
      const text = readText(commitTree(repoRoot, rev), FLEET_FILE);
      if (text === null) continue;
      [gates, shown, found] = [await gatesOf(text, `${FLEET_FILE} (${rev})`), `${FLEET_FILE} (${rev})`, true];
      break;
    }
  }
  if (!found && at.kind === 'index') {
    try {
      gates = (await loadFleet({ repoRoot, commonDir })).fleet.gates;
    } catch (err) {
      if (!(err instanceof BosunError && err.code === 'E_FLEET_MISSING')) throw err;
    }
  }
  const r = parseGateSettings(gates);
  if (!r.ok) throw gatesConfigError(shown, r.issues);
  return r.settings;
}

function readHeadFleet(repoRoot: string): string | null {
  try {
    return readText(commitTree(repoRoot, 'HEAD'), FLEET_FILE);
  } catch {
    return null; // no commit yet
  }
}

/**
 * The settings a commit is checked with when it changes them: the union of the staged and HEAD's. The
 * type-check runs if either enables it (over either's projects, or discovery when either discovers),
 * and every command of either runs. A relaxation takes effect from the next commit on.
 */
export function strictest(staged: GateSettings, head: GateSettings): GateSettings {
  const enabled = staged.typecheck.enabled || head.typecheck.enabled;
  const lists = [staged.typecheck, head.typecheck].filter((t) => t.enabled).map((t) => t.projects);
  const projects = lists.some((p) => p === null) ? null : [...new Set(lists.flatMap((p) => p ?? []))];
  const seen = new Set<string>();
  const commands = [...staged.commands, ...head.commands].filter((c) => {
    const key = `${c.globs.join('\0')}\0${c.run}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { typecheck: { enabled, projects: enabled ? projects : null }, commands };
}

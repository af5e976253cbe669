/**
 * The fleet domain's public API.
 *
 * The YAML parser and the validator are the heavy part, and the hook (run on every tool call) must not load
 * them when the cache hits. A static re-export of `parseFleet` here would pull them into every bundle that
 * imports this file, so they are offered through `loadFleetParser()` instead; `test/fleet-bundle.test.ts`
 * checks that a bundle importing this file keeps them in a lazy chunk.
 */
import type * as FleetParser from './parse.ts';

export type { AgentSpec, Autonomy, ClaimKind, VerifySettings, Fleet, JsonObject, JsonValue, MemorySettings, OwnershipRule, PolicySettings } from './types.ts';
export { AUTONOMY_MODES, CLAIM_KINDS, DEFAULT_CLAIM_CHECKS } from './types.ts';
export type { FleetIssue } from './issues.ts';
export type { ParseFleetResult } from './parse.ts';
export { formatIssue, formatIssues } from './format.ts';
export { describeFleet } from './describe.ts';
export { fleetJsonSchema } from './json-schema.ts';
export { FLEET_FILE, decodeFleetText, displayPath, loadFleet, readFleetBytes, type LoadFleetOptions, type LoadedFleet } from './load.ts';
export { fleetInvalid, fleetMissing } from './errors.ts';
export { STARTER_FLEET_YAML } from './starter.ts';
export { RUN_SPECIALS } from './formats.ts';

/** `parseFleet(text, file)` (pure) and friends, loaded on demand: `const { parseFleet } = await loadFleetParser()`. */
export const loadFleetParser = (): Promise<typeof FleetParser> => import('./parse.ts');

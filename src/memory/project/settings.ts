import { loadFleet, type MemorySettings } from '../../fleet/index.ts';
import { BosunError } from '../../shared/errors.ts';

/** The fleet's defaults (src/fleet/schema.ts), used when a repository has project memory but no fleet file. */
export const DEFAULT_MEMORY: MemorySettings = { budget: { lines: 150, bytes: 20000 }, core: [], closeout: 'ask', share: true };

/** `memory` settings of the fleet; without a fleet file the defaults, with a note saying so. An invalid fleet still fails (exit 3). */
export async function memorySettings(root: string, commonDir: string): Promise<{ memory: MemorySettings; note: string | null }> {
  try {
    return { memory: (await loadFleet({ repoRoot: root, commonDir })).fleet.memory, note: null };
  } catch (err) {
    if (err instanceof BosunError && err.code === 'E_FLEET_MISSING') return { memory: DEFAULT_MEMORY, note: 'no .bosun/fleet.yaml: using the default memory budget (150 lines, 20000 bytes)' };
    throw err;
  }
}

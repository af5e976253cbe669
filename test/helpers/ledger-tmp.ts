import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionInput } from '../../src/ledger/index.ts';

/** A temp dir standing in for a common git dir, removed by `[Symbol.dispose]` (use with `using`). */
export function tmpCommonDir(prefix = 'bosun-ledger-'): { dir: string } & Disposable {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A decision with plausible defaults; tests override only what they check. */
export function decision(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    time: 1_700_000_000_000,
    sessionId: 'sess-aaaa-1111',
    agent: 'lead',
    harness: 'claude-code',
    tool: 'Edit',
    target: 'src/a.ts',
    decision: 'allow',
    rule: 'edit-scope',
    reason: 'src/** is in lead’s edit scope',
    ...over,
  };
}

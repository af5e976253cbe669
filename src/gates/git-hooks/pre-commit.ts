/**
 * `bosun gate pre-commit`: every gate that checks the staged snapshot, in order. Today the sacred-test
 * gate; the staged type-check joins here. A gate that cannot run throws (fail closed: the hook exits
 * non-zero and the commit is refused).
 */
import { runSacredGate, type SacredGateResult } from '../sacred/gate.ts';
import { reviewGate } from '../review/gate.ts';
import { commandsGate, typecheckGate } from '../typecheck/gate.ts';

export interface PreCommitContext {
  repoRoot: string;
  commonDir: string;
  /** The committing process's environment (agent markers); gates default to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface PreCommitGate {
  name: string;
  run(ctx: PreCommitContext): Promise<GateOutcome>;
}

/** What every gate reports; `details` holds the gate's own result for --json. */
export interface GateOutcome {
  gate: string;
  ok: boolean;
  /** One line each. */
  findings: string[];
  notices: string[];
  details: unknown;
}

export function sacredOutcome(r: SacredGateResult): GateOutcome {
  return { gate: 'sacred', ok: r.ok, findings: r.findings.map((f) => f.message), notices: r.notices, details: r };
}

export const PRE_COMMIT_GATES: readonly PreCommitGate[] = [
  { name: 'sacred', run: async (ctx) => sacredOutcome(await runSacredGate({ ...ctx, mode: { kind: 'index' } })) },
  reviewGate,
  typecheckGate,
  commandsGate,
];

export interface PreCommitResult {
  ok: boolean;
  gates: GateOutcome[];
}

export async function runPreCommit(ctx: PreCommitContext, gates: readonly PreCommitGate[] = PRE_COMMIT_GATES): Promise<PreCommitResult> {
  const out: GateOutcome[] = [];
  for (const g of gates) out.push(await g.run(ctx));
  return { ok: out.every((g) => g.ok), gates: out };
}

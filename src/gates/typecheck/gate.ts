import type { PreCommitGate } from '../git-hooks/pre-commit.ts';

/** The staged type-check (issue 5 §1). */
export const typecheckGate: PreCommitGate = { name: 'typecheck', run: async () => ({ gate: 'typecheck', ok: true, findings: [], notices: ['not implemented yet'], details: null }) };

/** Per-glob commands from `gates.pre_commit`, run against the staged snapshot (issue 5 §1). */
export const commandsGate: PreCommitGate = { name: 'commands', run: async () => ({ gate: 'commands', ok: true, findings: [], notices: [], details: null }) };

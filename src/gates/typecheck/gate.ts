/**
 * The pre-commit slots of the staged type-check and of the per-glob commands (`gates.pre_commit`), and
 * `runCiGate` (`bosun gate ci`): the sacred gate over a branch plus the same checks at HEAD.
 */
import type { GateOutcome, PreCommitGate } from '../git-hooks/pre-commit.ts';
import { runCommands, type CommandsResult } from './commands.ts';
import { runTypecheck, type TypecheckResult } from './check.ts';
import { loadGateSettings } from './settings.ts';

export function typecheckOutcome(r: TypecheckResult): GateOutcome {
  return { gate: 'typecheck', ok: r.ok, findings: r.findings, notices: r.notices, details: r };
}

export function commandsOutcome(r: CommandsResult): GateOutcome {
  return { gate: 'commands', ok: r.ok, findings: r.findings, notices: r.notices, details: r };
}

/** The staged type-check (issue 5 §1). */
export const typecheckGate: PreCommitGate = {
  name: 'typecheck',
  run: async (ctx) => {
    const settings = await loadGateSettings(ctx.repoRoot, ctx.commonDir, { kind: 'index' });
    return typecheckOutcome(await runTypecheck({ ...ctx, source: { kind: 'index' }, changes: { kind: 'staged' }, settings: settings.typecheck }));
  },
};

/** Per-glob commands from `gates.pre_commit`, run against the staged snapshot (issue 5 §1). */
export const commandsGate: PreCommitGate = {
  name: 'commands',
  run: async (ctx) => {
    const settings = await loadGateSettings(ctx.repoRoot, ctx.commonDir, { kind: 'index' });
    return commandsOutcome(await runCommands({ ...ctx, source: { kind: 'index' }, changes: { kind: 'staged' }, commands: settings.commands }));
  },
};

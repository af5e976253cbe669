/**
 * `runCiGate` (`bosun gate ci [--base REV]`): what a required CI check runs, so that skipping the local hook
 * (`git commit --no-verify`) gains nothing. The sacred gate over base..HEAD, the type-check of the projects
 * the branch's changes (`git diff base...HEAD`) affect — checked at HEAD in a clean snapshot, with their
 * dependents — and the `gates.pre_commit` commands over the changed files. Settings come from the fleet at
 * the base (a branch cannot switch its own check off), else HEAD's. Without a base: the sacred gate on the
 * working tree (in CI: HEAD's checkout) and every project and command file at HEAD.
 */
import { sacredOutcome, type GateOutcome } from '../git-hooks/pre-commit.ts';
import { runSacredGate } from '../sacred/gate.ts';
import { resolveCommit } from '../sacred/tree.ts';
import type { Compiler } from './compiler.ts';
import { runCommands } from './commands.ts';
import { runTypecheck } from './check.ts';
import { commandsOutcome, typecheckOutcome } from './gate.ts';
import { loadGateSettings } from './settings.ts';

export interface CiGateOptions {
  repoRoot: string;
  commonDir: string;
  base?: string;
  /** Overrides the compiler selection (tests). */
  compiler?: Compiler;
}

export interface CiGateResult {
  ok: boolean;
  base: string | null;
  head: string;
  gates: GateOutcome[];
}

export async function runCiGate(opts: CiGateOptions): Promise<CiGateResult> {
  const { repoRoot, commonDir, base } = opts;
  const head = resolveCommit(repoRoot, 'HEAD');
  if (base !== undefined) resolveCommit(repoRoot, base);
  const sacred = sacredOutcome(await runSacredGate({ repoRoot, commonDir, mode: base === undefined ? { kind: 'worktree' } : { kind: 'range', base } }));
  const settings = await loadGateSettings(repoRoot, commonDir, { kind: 'commit', revs: base === undefined ? ['HEAD'] : [base, 'HEAD'] });
  const source = { kind: 'commit', rev: head } as const;
  const changes = base === undefined ? ({ kind: 'all' } as const) : ({ kind: 'range', base } as const);
  const typecheck = typecheckOutcome(await runTypecheck({ repoRoot, commonDir, source, changes, settings: settings.typecheck, ...(opts.compiler ? { compiler: opts.compiler } : {}) }));
  const commands = commandsOutcome(await runCommands({ repoRoot, commonDir, source, changes, commands: settings.commands }));
  const gates = [sacred, typecheck, commands];
  return { ok: gates.every((g) => g.ok), base: base ?? null, head, gates };
}

/** Staged type-check and per-glob pre-commit commands; `gate ci` (issue 5 §1, §5). */
export { typecheckGate, commandsGate, typecheckOutcome, commandsOutcome } from './gate.ts';
export { runCiGate, type CiGateOptions, type CiGateResult } from './ci.ts';
export { runTypecheck, type ChangeSet, type TypecheckOptions, type TypecheckResult } from './check.ts';
export { runCommands, type CommandRun, type CommandsResult } from './commands.ts';
export { selectCompiler, describeCompiler, type Compiler } from './compiler.ts';
export { parseGateSettings, type GateSettings, type PreCommitCommand, type TypecheckSettings } from './config.ts';
export { loadGateSettings } from './settings.ts';
export { cacheRoot as typecheckCacheRoot } from './snapshot.ts';
export type { Diagnostic } from './diagnostics.ts';
export type { SelectedProject } from './graph.ts';

export { analyzeShell } from './analyze.ts';
export type { CommandEffect, HazardKind, ShellAnalysis, ShellCommand, ShellContext, ShellHazard, ShellWrite } from './types.ts';

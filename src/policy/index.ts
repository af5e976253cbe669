export { evaluate } from './evaluate.ts';
export type { Action, Decision, PolicyContext, RuleName, Verdict } from './types.ts';
export { globMatch, matchAny } from './glob.ts';
export { FLEET_FILE, SACRED_LOCK, WIRING } from './protected.ts';
export { analyzeShell } from './shell/index.ts';
export type { ShellAnalysis, ShellWrite } from './shell/types.ts';
export { bosunCall, type BosunCall } from './bosun-call.ts';

export { handleEvent } from './pipeline.ts';
export { handleGuard } from './guard.ts';
export { resolveAgent } from './agent.ts';
export type { HookDeps, HookEvent, HookResponse } from './types.ts';
export { realOf } from './real-targets.ts';
export { recordGuardFailure, type GuardFailure } from './failure.ts';

/**
 * The deploy pipeline: ci, backup, counts, run, verify, smoke (issue 5 §4).
 *
 * Only the pure parts are loaded with the gates domain (the pre-commit hook imports it); the pipeline,
 * with its database clients, comes through `loadDeployPipeline()`.
 */
import type * as Pipeline from './pipeline.ts';

export { parseDeployEnv, deployEnvNames, RESERVED_ENV_NAMES, DEFAULT_TIMEOUTS, type ParseDeployOptions } from './config.ts';
export { parseCountRule, evaluateCount, describeRule, RULE_FORMS, type CountRule, type RuleVerdict } from './rules.ts';
export { shellQuote, shellCommand, quoteIdent, countSql } from './quote.ts';
export { STEPS, type BackupSpec, type CommandSpec, type CountSpec, type DatabaseSpec, type DbKind, type DeployEnv, type StepName } from './types.ts';
export type { DeployDeps, DeployReport, DeployRequest, DeployOutcome, StepReport } from './pipeline.ts';
export type { CiStatusFn } from './steps.ts';

/** `runDeploy(request, deps)`, loaded on demand: `const { runDeploy } = await loadDeployPipeline()`. */
export const loadDeployPipeline = (): Promise<typeof Pipeline> => import('./pipeline.ts');

/** CI status for the exact commit (issue 5 §3): providers github, gitlab and local; fail closed. */
export { parseCiConfig } from './config.ts';
export { ciStatus, waitForCi, DEFAULT_INITIAL_DELAY_MS, DEFAULT_MAX_DELAY_MS, type WaitOptions } from './status.ts';
export type { CheckState, CiCheck, CiConfig, CiProviderName, CiStatusOptions, CiVerdict, GithubCiConfig, GitlabCiConfig, LocalCiConfig } from './types.ts';

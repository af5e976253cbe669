/**
 * The memory domain (issue 4): project memory, close-out, facts vault, cross-project lessons.
 * Each part keeps its own index; this file only re-exports them.
 */
export * from './project/index.ts';
export * from './closeout/index.ts';
export * from './facts/index.ts';
export * from './shared/index.ts';

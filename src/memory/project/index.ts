/** Project memory: index, topics, lessons, budgets, lint, worktree-pending lessons, session-start context (issue 4 §1–3). */
export type { Lesson, IndexEntry, RetiredEntry, Budget, JournalRecord } from './types.ts';
export { readProjectLessons, loadMemory, memoryPaths, topicPath, MEMORY_DIR } from './store.ts';
export type { LoadedMemory, MemoryPaths } from './store.ts';
export { addLesson, retireLesson, supersedeLesson, commitPending, cleanText } from './mutate.ts';
export type { AddInput, AddResult, AddRefusal, RetireResult, SupersedeResult, CommitResult, Where } from './mutate.ts';
export { MAX_TEXT } from './limits.ts';
export { lintMemory, WARNING_KINDS } from './lint.ts';
export { lintProject } from './lint-project.ts';
export type { Finding, FindingKind } from './lint.ts';
export { mergedIndex, usageOf, type Usage, type MemoryView } from './view.ts';
export { formatEntry, serializeIndex, ID_RE } from './index-format.ts';
export { composeSessionContext, maintenanceFlags, SESSION_CONTEXT_CAP, lessonLine, type Composed } from './compose.ts';
export { sessionContext, auditLastRun, AUDIT_STAMP, type SessionSources } from './session-context.ts';
export { sessionStartText, memoryOff, SESSION_SOURCES, type SessionStartOptions } from './session-start.ts';
export { memorySettings, DEFAULT_MEMORY } from './settings.ts';

/** Cross-project lessons: workspaces registry, sync, FTS5 search, broadcast, schedule (issue 4 §6). */
export { sharedLessonsFor, maybeStartBackgroundSync, findBosunBin, SYNC_INTERVAL_MS } from './session.ts';
export type { BackgroundSyncOptions, BackgroundSyncResult } from './session.ts';
export { resolveBosunHome, readBosunConfig, parseBosunConfig, CONFIG_FILE, type BosunConfig } from './home.ts';
export type { LessonReader, LessonSource, SharedLesson, WorkspaceLesson } from './types.ts';
export { aggregateLessons, normaliseLesson, renderIndex, renderLessonLine } from './aggregate.ts';
export { lessonsFor, workspaceProfile, indexLessons, significantWords, type IndexedLessons, renderSharedLessons, SHARED_LESSONS_FILE, DEFAULT_BROADCAST_LIMIT } from './match.ts';
export { buildFtsQuery, type FtsQuery } from './query.ts';
export { lessonSearcher, openDatabase as openLessonsDatabase, searchLessons, writeLessonsDb, type SearchHit, type SearchResult } from './fts.ts';
export { lessonsPaths } from './paths.ts';
export { lastSync, projectLessonReader, syncLessons, type SyncOptions, type SyncReport, type WorkspaceSyncReport } from './sync.ts';
export { removeBroadcast, sharedLessonsPath, ensureExcluded, EXCLUDE_LINE } from './broadcast.ts';
export { parseRegistry, readRegistry, registryPath, updateRegistry, withWorkspace, withoutWorkspace, workspaceRepo, WORKSPACE_NAME, type Registry, type Workspace } from './workspaces.ts';
export {
  chooseBackend,
  cronLine,
  crontabBackend,
  editCrontab,
  systemdBackend,
  systemdUnits,
  CRON_TAG,
  UNIT_NAME,
  type Runner,
  type ScheduleBackend,
  type ScheduleChange,
  type ScheduleStatus,
  type SyncCommand,
} from './schedule.ts';

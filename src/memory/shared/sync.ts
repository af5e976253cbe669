/**
 * `bosun lessons sync`: every registered workspace's live lessons -> `$BOSUN_HOME/lessons/INDEX.md` and the
 * FTS5 index, then the matching lessons of the others back to each workspace's shared-lessons.md. IO shell
 * around aggregate.ts and match.ts; one sync at a time (lock file), every file written atomically.
 */
import { loadFleet } from '../../fleet/index.ts';
import { BosunError, errorMessage } from '../../shared/errors.ts';
import { readProjectLessons } from '../project/index.ts';
import { aggregateLessons, renderIndex, type WorkspaceLessons } from './aggregate.ts';
import { writeBroadcast } from './broadcast.ts';
import { acquireLock, readTextOrNull, writeFileAtomic } from '../../shared/fs-atomic.ts';
import { writeLessonsDb } from './fts.ts';
import { lessonsPaths } from './paths.ts';
import { DEFAULT_BROADCAST_LIMIT, indexLessons, lessonsFor, workspaceProfile } from './match.ts';
import type { LessonReader, WorkspaceLesson } from './types.ts';
import { readRegistry, workspaceRepo, type Workspace } from './workspaces.ts';


/** The project memory API as the sync reads it. */
export const projectLessonReader: LessonReader = (repoRoot, commonDir) =>
  readProjectLessons(repoRoot, commonDir).map((l) => ({ id: l.id, topic: l.topic, text: l.text, date: l.date ?? '', private: l.private }));

export interface WorkspaceSyncReport {
  name: string;
  path: string;
  /** Lessons read (private ones included). */
  lessons: number;
  /** Whether its lessons went into the aggregate: registry `share` and the fleet's `memory.share`. */
  shared: boolean;
  /** Why it kept its lessons home, when it did. */
  keptHome: string | null;
  /** Lessons written to its shared-lessons.md; null when nothing was written (problem). */
  received: number | null;
  problem: string | null;
}

export interface SyncReport {
  at: string;
  lessons: number;
  workspaces: WorkspaceSyncReport[];
  index: string;
  db: string;
  durationMs: number;
}

export interface SyncOptions {
  home: string;
  now: number;
  /** Default: the project memory API. */
  reader?: LessonReader;
  /** Lessons per shared-lessons.md. */
  broadcastLimit?: number;
  /** How long to wait for a running sync. Default 2 minutes. */
  waitMs?: number;
}

async function fleetShare(ws: Workspace, root: string, commonDir: string): Promise<{ share: boolean; why: string | null }> {
  try {
    const { fleet } = await loadFleet({ repoRoot: root, commonDir });
    return fleet.memory.share ? { share: true, why: null } : { share: false, why: 'memory.share: false in .bosun/fleet.yaml' };
  } catch (err) {
    if (err instanceof BosunError && err.code === 'E_FLEET_MISSING') return { share: true, why: null };
    // An unreadable fleet file might say share: false: keep the lessons home until it is fixed.
    return { share: false, why: `the fleet file of ${ws.name} cannot be read (${errorMessage(err).split('\n')[0]}); its lessons stay home until it is fixed` };
  }
}

interface Loaded {
  ws: Workspace;
  root: string;
  commonDir: string;
  lessons: WorkspaceLesson[];
  report: WorkspaceSyncReport;
}

async function loadWorkspace(ws: Workspace, reader: LessonReader): Promise<Loaded | WorkspaceSyncReport> {
  const base: WorkspaceSyncReport = { name: ws.name, path: ws.path, lessons: 0, shared: false, keptHome: null, received: null, problem: null };
  const dirs = workspaceRepo(ws);
  if (!dirs) return { ...base, problem: `${ws.path} is not a git repository any more (moved or deleted?): bosun workspaces remove ${ws.name}` };
  let lessons: WorkspaceLesson[];
  try {
    lessons = await reader(dirs.root, dirs.commonDir);
  } catch (err) {
    return { ...base, problem: `cannot read its lessons: ${errorMessage(err).split('\n')[0]}` };
  }
  const fleet = await fleetShare(ws, dirs.root, dirs.commonDir);
  const shared = ws.share && fleet.share;
  const keptHome = !ws.share ? 'registered with --no-share' : fleet.why;
  return { ws, root: dirs.root, commonDir: dirs.commonDir, lessons, report: { ...base, lessons: lessons.length, shared, keptHome } };
}

/** One sync. Waits for a sync already running (never two at once), then does the whole job. */
export async function syncLessons(opts: SyncOptions): Promise<SyncReport> {
  const paths = lessonsPaths(opts.home);
  const reader = opts.reader ?? projectLessonReader;
  const release = acquireLock(paths.lock, { what: 'the lessons sync', waitMs: opts.waitMs ?? 120_000, staleMs: 10 * 60_000 });
  try {
    return await syncLocked(opts, paths, reader);
  } finally {
    release();
  }
}

async function syncLocked(opts: SyncOptions, paths: ReturnType<typeof lessonsPaths>, reader: LessonReader): Promise<SyncReport> {
  const started = performance.now();
  const at = new Date(opts.now).toISOString();
  const registry = readRegistry(opts.home);
  const results = await Promise.all(registry.workspaces.map((ws) => loadWorkspace(ws, reader)));
  const loaded = results.filter((r): r is Loaded => 'ws' in r);
  const inputs: WorkspaceLessons[] = loaded.filter((l) => l.report.shared).map((l) => ({ workspace: l.ws.name, lessons: l.lessons }));
  const all = aggregateLessons(inputs);
  const sharing = inputs.map((i) => i.workspace);
  writeFileAtomic(paths.index, renderIndex(all, { generatedAt: at, workspaces: sharing }));
  writeLessonsDb(paths.db, all, { synced_at: at, workspaces: JSON.stringify(sharing) });

  const indexed = indexLessons(all);
  for (const l of loaded) {
    const mine = lessonsFor(l.ws.name, workspaceProfile(l.lessons), indexed, opts.broadcastLimit ?? DEFAULT_BROADCAST_LIMIT);
    try {
      writeBroadcast({ repoRoot: l.root, commonDir: l.commonDir, workspace: l.ws.name, lessons: mine, generatedAt: at, total: all.filter((x) => !x.sources.some((s) => s.workspace === l.ws.name)).length });
      l.report.received = mine.length;
    } catch (err) {
      l.report.problem = `cannot write its shared-lessons.md: ${errorMessage(err)}`;
    }
  }
  const reports = results.map((r) => ('ws' in r ? r.report : r));
  const report: SyncReport = { at, lessons: all.length, workspaces: reports, index: paths.index, db: paths.db, durationMs: Math.round(performance.now() - started) };
  writeFileAtomic(paths.state, JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** The last sync's report, or null when none ran (or its file is unreadable). */
export function lastSync(home: string): SyncReport | null {
  const text = readTextOrNull(lessonsPaths(home).state);
  if (text === null) return null;
  try {
    return JSON.parse(text) as SyncReport;
  } catch {
    return null;
  }
}

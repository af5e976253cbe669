import { join } from 'node:path';

/** The files of the cross-project lessons under `$BOSUN_HOME/lessons/`. */
export function lessonsPaths(home: string): { dir: string; index: string; db: string; lock: string; state: string; started: string } {
  const dir = join(home, 'lessons');
  return { dir, index: join(dir, 'INDEX.md'), db: join(dir, 'lessons.db'), lock: join(dir, 'sync.lock'), state: join(dir, 'last-sync.json'), started: join(dir, 'sync-started') };
}

/** A live lesson of one workspace, as the project memory gives it. */
export interface WorkspaceLesson {
  id: string;
  topic: string;
  text: string;
  /** `YYYY-MM-DD`, or '' when the index line carries none. */
  date: string;
  /** Private lessons never leave their workspace. */
  private: boolean;
}

/** Reads a workspace's live lessons; the project memory API, or the INDEX.md fallback. */
export type LessonReader = (repoRoot: string, commonDir: string) => WorkspaceLesson[] | Promise<WorkspaceLesson[]>;

/** Where one aggregated lesson came from. */
export interface LessonSource {
  workspace: string;
  id: string;
  date: string;
}

/** One line of the cross-project index: a lesson, deduplicated across workspaces by its normalised text. */
export interface SharedLesson {
  /** Normalised text: the dedupe key. */
  key: string;
  text: string;
  topic: string;
  /** Latest date among the sources. */
  date: string;
  sources: LessonSource[];
}

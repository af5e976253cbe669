/** Cross-project lessons: workspaces registry, sync, FTS5 search, broadcast, schedule (issue 4 §6). */
export {};

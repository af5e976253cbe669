/** Project memory: index, topics, lessons, budgets, lint, worktree-pending lessons, session-start context (issue 4 §1–3). */
export {};

/** Migration 3 (issue 4 §3: memory debts from edits of memory.core files). Never edit once shipped; append a new migration. */
export const MEMORY_MIGRATION = `
  CREATE TABLE memory_placeholder (id INTEGER PRIMARY KEY) STRICT;
`;

/** Migration 6 (issue 5 §3: CI results recorded with `bosun ci record` (local provider)). Never edit once shipped; append a new migration. */
export const CI_MIGRATION = `
  CREATE TABLE ci_placeholder (id INTEGER PRIMARY KEY) STRICT;
`;

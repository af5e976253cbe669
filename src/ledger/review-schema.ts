/** Migration 5 (issue 5 §2: human review approvals). Never edit once shipped; append a new migration. */
export const REVIEW_MIGRATION = `
  CREATE TABLE review_placeholder (id INTEGER PRIMARY KEY) STRICT;
`;

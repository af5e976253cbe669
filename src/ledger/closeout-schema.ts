/** Migration 4 (issue 4 §4: close-outs done per session, checklist asked). Never edit once shipped; append a new migration. */
export const CLOSEOUT_MIGRATION = `
  CREATE TABLE closeout_placeholder (id INTEGER PRIMARY KEY) STRICT;
`;

/** Migration 7 (issue 5 §4: deploys and their steps). Never edit once shipped; append a new migration. */
export const DEPLOY_MIGRATION = `
  CREATE TABLE deploy_placeholder (id INTEGER PRIMARY KEY) STRICT;
`;

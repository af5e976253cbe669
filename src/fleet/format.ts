/** Renders fleet issues for humans: one line each, `file:line:column  path  message (did you mean "x"?)`, then a summary. */
import type { FleetIssue } from './issues.ts';

export function formatIssue(issue: FleetIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const hint = issue.suggestion ? ` (did you mean "${issue.suggestion}"?)` : '';
  return [where, issue.path, `${issue.message}${hint}`].filter((part) => part !== '').join('  ');
}

export function formatIssues(issues: readonly FleetIssue[]): string {
  const files = [...new Set(issues.map((i) => i.file))];
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const summary = files.length === 0 ? 'no problems' : `${count} in ${files.join(', ')}`;
  return [...issues.map(formatIssue), summary].join('\n');
}

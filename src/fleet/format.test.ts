import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIssue, formatIssues } from './format.ts';
import type { FleetIssue } from './issues.ts';

const issue = (over: Partial<FleetIssue>): FleetIssue => ({ file: 'f.yaml', line: 3, column: 5, path: 'agents.lead', message: 'bad', ...over });

const rows: Array<[string, FleetIssue, string]> = [
  ['path and message', issue({}), 'f.yaml:3:5  agents.lead  bad'],
  ['with a suggestion', issue({ message: 'unknown key "rol"', suggestion: 'role' }), 'f.yaml:3:5  agents.lead  unknown key "rol" (did you mean "role"?)'],
  ['no path (syntax error)', issue({ path: '', message: 'YAML syntax error: x' }), 'f.yaml:3:5  YAML syntax error: x'],
];
for (const [name, input, want] of rows) test(`formatIssue: ${name}`, () => assert.equal(formatIssue(input), want));

test('formatIssues: one line per issue, then a summary', () => {
  assert.equal(formatIssues([issue({})]), 'f.yaml:3:5  agents.lead  bad\n1 problem in f.yaml');
  assert.equal(formatIssues([issue({}), issue({ line: 4 })]).split('\n').at(-1), '2 problems in f.yaml');
  assert.equal(formatIssues([]), 'no problems');
});

/** One problem found in a fleet file. `line` and `column` are 1-based and point at the offending node. */
export interface FleetIssue {
  file: string;
  line: number;
  column: number;
  /** Where in the file's structure, like `agents.lead.autonomy` or `ownership["db/**"][0]`; empty for syntax errors. */
  path: string;
  message: string;
  /** A close match for a misspelt key, agent name or value. */
  suggestion?: string;
}

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Renders a path the way a reader would write it: dots for plain keys, brackets for indices and odd keys. */
export function renderPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function compareIssues(a: FleetIssue, b: FleetIssue): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/**
 * `parseFleet`: text of `.bosun/fleet.yaml` -> the resolved fleet, or every issue found. Pure.
 *
 * Order of checks: YAML syntax first; when the YAML itself is broken, only its syntax errors are
 * reported (the structure past a syntax error is the parser's guess, so schema complaints about it would
 * mislead). Otherwise every schema issue and every dangling agent reference is reported in one go.
 */
import { LineCounter, parseDocument } from 'yaml';
import { suggest } from '../shared/suggest.ts';
import { compareIssues, renderPath, type FleetIssue } from './issues.ts';
import { resolveFleet } from './resolve.ts';
import { FLEET_SCHEMA, type FleetFile } from './schema.ts';
import type { Fleet } from './types.ts';
import { INVALID, walk, type WalkContext } from './validate-yaml.ts';

export type ParseFleetResult = { ok: true; fleet: Fleet } | { ok: false; issues: FleetIssue[] };

export function parseFleet(text: string, file: string): ParseFleetResult {
  const lines = new LineCounter();
  // Duplicate keys are reported by the walker, with the path and the line of the first definition.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const fail = (issues: FleetIssue[]): ParseFleetResult => ({ ok: false, issues: issues.sort(compareIssues) });

  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        // The parser's advice for this one names its own API; say what to change in the file instead.
        const message = e.code === 'MULTIPLE_DOCS' ? 'the fleet file must be a single YAML document (remove the "---" separator)' : e.message;
        return { file, line, column: col, path: '', message: `YAML syntax error: ${message}` };
      }),
    );
  }
  if (doc.contents === null) {
    return fail([{ file, line: 1, column: 1, path: '', message: 'the fleet file is empty (`bosun init` writes a starter)' }]);
  }

  const ctx: WalkContext = { file, doc, lines, issues: [], refs: [], names: new Map() };
  const value = walk(FLEET_SCHEMA, doc.contents, { path: [], offset: doc.contents.range?.[0] ?? 0 }, ctx);
  checkReferences(ctx);
  if (ctx.issues.length > 0 || value === INVALID) return fail(ctx.issues);
  // The walker accepted the document against FLEET_SCHEMA, so the value has FleetFile's shape.
  return { ok: true, fleet: resolveFleet(value as FleetFile) };
}

function checkReferences(ctx: WalkContext): void {
  for (const ref of ctx.refs) {
    const known = ctx.names.get(ref.space) ?? new Set<string>();
    if (known.has(ref.name)) continue;
    // No agents at all is reported where they should be; repeating it at every reference is noise.
    if (known.size === 0 && ref.space === 'agent') continue;
    const close = suggest(ref.name, [...known]);
    const { line, col } = ctx.lines.linePos(ref.offset);
    ctx.issues.push({
      file: ctx.file,
      line,
      column: col,
      path: renderPath(ref.path),
      message: close
        ? `unknown ${ref.space} "${ref.name}"`
        : known.size === 0
          ? `unknown ${ref.space} "${ref.name}" (no ${ref.space}s are defined)`
          : `unknown ${ref.space} "${ref.name}" (${ref.space}s: ${[...known].join(', ')})`,
      ...(close ? { suggestion: close } : {}),
    });
  }
}

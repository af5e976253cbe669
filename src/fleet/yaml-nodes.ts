/** The context a schema walk shares, and helpers for reading YAML nodes with their positions. Pure. */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Pair } from 'yaml';
import { renderPath, type FleetIssue, type PathSegment } from './issues.ts';
import type { NameSpace } from './schema-dsl.ts';

/** A string that names something (an agent); checked once every name is known. */
export interface Reference {
  space: NameSpace;
  name: string;
  path: PathSegment[];
  offset: number;
}

export interface WalkContext {
  file: string;
  doc: Document;
  lines: LineCounter;
  issues: FleetIssue[];
  refs: Reference[];
  /** Every name a record defines, valid or not, so one bad definition does not cascade into many bad references. */
  names: Map<NameSpace, Set<string>>;
}

/** Where a value sits: its path and the offset to report (the value's own, or its key's when it has none). */
export interface At {
  path: PathSegment[];
  offset: number;
}

export const INVALID: unique symbol = Symbol('invalid');

export function report(ctx: WalkContext, at: At, message: string, suggestion?: string): void {
  const { line, col } = ctx.lines.linePos(at.offset);
  ctx.issues.push({ file: ctx.file, line, column: col, path: renderPath(at.path), message, ...(suggestion ? { suggestion } : {}) });
}

/** The node an alias points at; an alias to an undefined anchor stays itself so messages can name it. */
export function deref(node: unknown, doc: Document): unknown {
  return isAlias(node) ? (node.resolve(doc) ?? node) : node;
}

export function offsetOf(node: unknown, fallback: number): number {
  if (isScalar(node) && node.value === null && !node.source) return fallback;
  if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) return node.range?.[0] ?? fallback;
  return fallback;
}

/** Sets an own property even for keys like `__proto__`, which plain assignment would turn into a prototype change. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return `an alias to an undefined anchor (*${node.source})`;
  if (!isScalar(node)) return 'an unsupported node';
  const v = node.value;
  if (v === null) return node.source ? `null` : 'an empty value';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${node.source ?? String(v)}`;
  if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  return 'an unsupported value';
}

export interface Key {
  name: string;
  at: At;
}

/** Reads a mapping key: it must be a plain string and not repeat an earlier key. */
export function readKey(pair: Pair, parent: At, seen: Map<string, number>, ctx: WalkContext): Key | undefined {
  const keyNode = deref(pair.key, ctx.doc);
  const offset = offsetOf(pair.key, parent.offset);
  if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
    const shown = isScalar(keyNode) && keyNode.source ? keyNode.source : undefined;
    const message = shown
      ? `key ${shown} is read as ${describeNode(keyNode)}; quote it ("${shown}") if it is a name`
      : `keys must be plain strings, got ${describeNode(keyNode)}`;
    report(ctx, { path: parent.path, offset }, message);
    return undefined;
  }
  const name = keyNode.value;
  const at: At = { path: [...parent.path, name], offset };
  const first = seen.get(name);
  if (first !== undefined) {
    report(ctx, at, `duplicate key "${name}" (first defined on line ${ctx.lines.linePos(first).line})`);
    return undefined;
  }
  seen.set(name, offset);
  return { name, at };
}

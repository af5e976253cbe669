/**
 * Walks a YAML document against a schema (`schema-dsl.ts`), collecting every issue with the position of
 * the offending node, and builds the plain value with static defaults filled in. Pure.
 */
import { isMap, isScalar, isSeq, type Pair } from 'yaml';
import { suggest } from '../shared/suggest.ts';
import { FORMATS } from './formats.ts';
import type { ArraySchema, ObjectSchema, RecordSchema, Schema, StringSchema } from './schema-dsl.ts';
import { toPlainData } from './yaml-data.ts';
import {
  INVALID,
  deref,
  describeNode,
  offsetOf,
  readKey,
  report,
  setKey,
  type At,
  type Key,
  type WalkContext,
} from './yaml-nodes.ts';

export { INVALID, type Reference, type WalkContext } from './yaml-nodes.ts';

function expected(s: Schema): string {
  switch (s.kind) {
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${s.values.join(', ')}`;
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'const':
      return JSON.stringify(s.value);
    case 'array':
      return 'a list of strings';
    default:
      return 'a mapping';
  }
}

function mismatch(s: Schema, node: unknown, at: At, ctx: WalkContext): typeof INVALID {
  const empty = isScalar(node) && node.value === null;
  let hint = '';
  if (empty && s.kind === 'array') hint = ' (write [] for none)';
  if (empty && (s.kind === 'object' || s.kind === 'record' || s.kind === 'free')) hint = ' (write {} or remove the key)';
  report(ctx, at, `expected ${expected(s)}, got ${describeNode(node)}${hint}`);
  return INVALID;
}

export function walk(s: Schema, raw: unknown, at: At, ctx: WalkContext): unknown {
  const node = deref(raw, ctx.doc);
  switch (s.kind) {
    case 'string':
      return isScalar(node) && typeof node.value === 'string' ? checkString(s, node.value, at, ctx) : mismatch(s, node, at, ctx);
    case 'enum': {
      if (!isScalar(node) || typeof node.value !== 'string') return mismatch(s, node, at, ctx);
      if (s.values.includes(node.value)) return node.value;
      const key = at.path[at.path.length - 1] ?? 'value';
      report(ctx, at, `invalid ${String(key)} "${node.value}" (allowed: ${s.values.join(', ')})`, suggest(node.value, s.values));
      return INVALID;
    }
    case 'integer': {
      if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return mismatch(s, node, at, ctx);
      if (s.maximum !== undefined && node.value > s.maximum) {
        report(ctx, at, `must be at most ${s.maximum}, got ${node.value}`);
        return INVALID;
      }
      if (s.minimum !== undefined && node.value < s.minimum) {
        report(ctx, at, `must be at least ${s.minimum}, got ${node.value}`);
        return INVALID;
      }
      return node.value;
    }
    case 'boolean':
      return isScalar(node) && typeof node.value === 'boolean' ? node.value : mismatch(s, node, at, ctx);
    case 'const':
      return isScalar(node) && node.value === s.value ? node.value : mismatch(s, node, at, ctx);
    case 'array':
      return isSeq(node) ? walkArray(s, node.items, at, ctx) : mismatch(s, node, at, ctx);
    case 'record':
      return isMap(node) ? walkRecord(s, node.items, at, ctx) : mismatch(s, node, at, ctx);
    case 'object':
      return isMap(node) ? walkObject(s, node.items, at, ctx) : mismatch(s, node, at, ctx);
    case 'free':
      return isMap(node) ? toPlainData(node, at, ctx) : mismatch(s, node, at, ctx);
  }
}

function checkString(s: StringSchema, value: string, at: At, ctx: WalkContext): unknown {
  const bad = s.format ? FORMATS[s.format].check(value) : undefined;
  if (bad) {
    report(ctx, at, bad.message, bad.suggestion);
    return INVALID;
  }
  if (s.ref) ctx.refs.push({ space: s.ref, name: value, path: at.path, offset: at.offset });
  return value;
}

function walkArray(s: ArraySchema, items: readonly unknown[], at: At, ctx: WalkContext): unknown {
  const out: unknown[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const v = walk(s.items, item, { path: [...at.path, i], offset: offsetOf(item, at.offset) }, ctx);
    if (v === INVALID) ok = false;
    else out.push(v);
  });
  if (s.minItems !== undefined && items.length < s.minItems) {
    report(ctx, at, `must list at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
    return INVALID;
  }
  return ok ? out : INVALID;
}

function valueAt(pair: Pair, key: Key): At {
  return { path: key.at.path, offset: offsetOf(pair.value, key.at.offset) };
}

function walkRecord(s: RecordSchema, pairs: readonly Pair[], at: At, ctx: WalkContext): unknown {
  const names = s.defines ? (ctx.names.get(s.defines) ?? new Set<string>()) : undefined;
  if (s.defines && names) ctx.names.set(s.defines, names);
  const out: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  let ok = true;
  for (const pair of pairs) {
    const key = readKey(pair, at, seen, ctx);
    if (!key) {
      ok = false;
      continue;
    }
    names?.add(key.name);
    const keyOk = checkString(s.keys, key.name, key.at, ctx) !== INVALID;
    const v = walk(s.values, pair.value, valueAt(pair, key), ctx);
    if (!keyOk || v === INVALID) ok = false;
    else setKey(out, key.name, v);
  }
  if (s.minProperties !== undefined && seen.size < s.minProperties) {
    report(ctx, at, `must define at least ${s.minProperties} entr${s.minProperties === 1 ? 'y' : 'ies'}`);
    return INVALID;
  }
  return ok ? out : INVALID;
}

/** Also used for absent objects (with no pairs), so their required keys are reported and defaults filled. */
function walkObject(s: ObjectSchema, pairs: readonly Pair[], at: At, ctx: WalkContext): unknown {
  const out: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  const known = Object.keys(s.properties);
  let ok = true;
  for (const pair of pairs) {
    const key = readKey(pair, at, seen, ctx);
    if (!key) {
      ok = false;
      continue;
    }
    const prop = Object.hasOwn(s.properties, key.name) ? s.properties[key.name] : undefined;
    if (!prop) {
      const close = suggest(key.name, known);
      report(ctx, key.at, close ? `unknown key "${key.name}"` : `unknown key "${key.name}" (valid keys: ${known.join(', ')})`, close);
      ok = false;
      continue;
    }
    const v = walk(prop, pair.value, valueAt(pair, key), ctx);
    if (v === INVALID) ok = false;
    else setKey(out, key.name, v);
  }
  for (const [name, prop] of Object.entries(s.properties)) {
    if (seen.has(name)) continue;
    if (prop.required) {
      report(ctx, at, `missing required key "${name}": ${prop.description}`);
      ok = false;
      continue;
    }
    const v = absent(prop, { path: [...at.path, name], offset: at.offset }, ctx);
    if (v === INVALID) ok = false;
    else if (v !== undefined) setKey(out, name, v);
  }
  return ok ? out : INVALID;
}

/** The value of a key that is not in the file: its default, or an empty container. */
function absent(s: Schema, at: At, ctx: WalkContext): unknown {
  switch (s.kind) {
    case 'object':
      return walkObject(s, [], at, ctx);
    case 'record':
    case 'free':
      return {};
    case 'array':
      return s.default ? [...s.default] : undefined;
    case 'const':
      return undefined;
    default:
      return s.default;
  }
}

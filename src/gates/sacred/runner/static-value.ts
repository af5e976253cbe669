/**
 * A configuration value as far as bosun can read it without running it: JSON-like data where anything
 * computed is `Opaque` (carrying its source text) and an object with an unresolved spread is `open`
 * (any key may come from the spread). JSON configs are plain static values. Pure.
 */

export interface Opaque {
  readonly $opaque: string;
}

export type StaticValue = string | number | boolean | null | StaticValue[] | StaticObject | Opaque;

export interface StaticObject {
  readonly $object: Record<string, StaticValue>;
  /** True when a spread bosun could not resolve may add any key. */
  readonly open: boolean;
}

export const opaque = (text: string): Opaque => ({ $opaque: text });
export const isOpaque = (v: unknown): v is Opaque => typeof v === 'object' && v !== null && '$opaque' in v;
export const isStaticObject = (v: unknown): v is StaticObject => typeof v === 'object' && v !== null && '$object' in v;

/** JSON data (package.json's "jest" key, a .json config) as a static value. */
export function fromJson(v: unknown): StaticValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === 'object') {
    const o: Record<string, StaticValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = fromJson(x);
    return { $object: o, open: false };
  }
  return opaque(String(v));
}

/** The unknown result of looking up a key that an open object may hold. */
export const UNKNOWN = opaque('<unknown>');

/** Looks up a key: undefined when surely absent, `UNKNOWN` when an unresolved spread may supply it. */
export function prop(obj: StaticValue | undefined, key: string): StaticValue | undefined {
  if (obj === undefined) return undefined;
  if (!isStaticObject(obj)) return UNKNOWN;
  if (Object.prototype.hasOwnProperty.call(obj.$object, key)) return obj.$object[key];
  return obj.open ? UNKNOWN : undefined;
}

export type Strings = { kind: 'absent' } | { kind: 'unknown'; text: string } | { kind: 'list'; values: string[]; opaque: string[] };

/**
 * A string or a list of strings. `opaque` collects the source text of computed elements (so a caller can
 * recognise `...configDefaults.exclude`); any other computed value makes the whole thing unknown.
 */
export function strings(v: StaticValue | undefined): Strings {
  if (v === undefined || v === null) return { kind: 'absent' };
  if (typeof v === 'string') return { kind: 'list', values: [v], opaque: [] };
  if (isOpaque(v)) return { kind: 'unknown', text: v.$opaque };
  if (!Array.isArray(v)) return { kind: 'unknown', text: JSON.stringify(v) };
  const values: string[] = [];
  const op: string[] = [];
  for (const x of v) {
    if (typeof x === 'string') values.push(x);
    else if (isOpaque(x)) op.push(x.$opaque);
    else return { kind: 'unknown', text: JSON.stringify(x) };
  }
  return { kind: 'list', values, opaque: op };
}

/**
 * A small declarative schema language for bosun's config files. One description yields the validator
 * (`validate-yaml.ts`), the JSON Schema for editors (`json-schema.ts`) and the TypeScript type of the
 * validated file (`Infer`), so the three cannot drift apart.
 */
import type { JsonObject } from './types.ts';

/** Named string formats; `formats.ts` holds each one's check (with a message) and its JSON Schema pattern. */
export type StringFormat = 'agent-name' | 'repo-glob' | 'absolute-glob' | 'run-pattern' | 'non-empty' | 'claim-kind';

/** Name spaces that records can define (their keys) and strings can refer to. */
export type NameSpace = 'agent' | 'check';

interface Common {
  description: string;
  /** The key must be present in its object. */
  required?: boolean;
  /** For defaults computed from other values (documented here, filled in by `resolve.ts`). */
  defaultNote?: string;
}

export interface StringSchema extends Common {
  kind: 'string';
  format?: StringFormat;
  /** The value names something a record elsewhere defines; checked after the whole file is read. */
  ref?: NameSpace;
  default?: string;
}

export interface EnumSchema extends Common {
  kind: 'enum';
  values: readonly string[];
  default?: string;
}

export interface IntegerSchema extends Common {
  kind: 'integer';
  minimum?: number;
  maximum?: number;
  default?: number;
}

export interface BooleanSchema extends Common {
  kind: 'boolean';
  default?: boolean;
}

export interface ConstSchema extends Common {
  kind: 'const';
  value: number | string;
}

export interface ArraySchema extends Common {
  kind: 'array';
  items: StringSchema;
  minItems?: number;
  default?: readonly string[];
}

export interface RecordSchema extends Common {
  kind: 'record';
  keys: StringSchema;
  values: Schema;
  /** The keys of this record are the names of this name space. */
  defines?: NameSpace;
  minProperties?: number;
}

export interface ObjectSchema extends Common {
  kind: 'object';
  properties: { readonly [key: string]: Schema };
}

/** A mapping bosun keeps as plain data without looking inside (reserved for later features). */
export interface FreeSchema extends Common {
  kind: 'free';
}

export type Schema =
  | StringSchema
  | EnumSchema
  | IntegerSchema
  | BooleanSchema
  | ConstSchema
  | ArraySchema
  | RecordSchema
  | ObjectSchema
  | FreeSchema;

type Options<S> = Omit<S, 'kind'>;

export const string = <const O extends Options<StringSchema>>(o: O): O & { kind: 'string' } => ({ kind: 'string', ...o });
export const enumOf = <const O extends Options<EnumSchema>>(o: O): O & { kind: 'enum' } => ({ kind: 'enum', ...o });
export const integer = <const O extends Options<IntegerSchema>>(o: O): O & { kind: 'integer' } => ({ kind: 'integer', ...o });
export const boolean = <const O extends Options<BooleanSchema>>(o: O): O & { kind: 'boolean' } => ({ kind: 'boolean', ...o });
export const constant = <const O extends Options<ConstSchema>>(o: O): O & { kind: 'const' } => ({ kind: 'const', ...o });
export const array = <const O extends Options<ArraySchema>>(o: O): O & { kind: 'array' } => ({ kind: 'array', ...o });
export const record = <const O extends Options<RecordSchema>>(o: O): O & { kind: 'record' } => ({ kind: 'record', ...o });
export const object = <const O extends Options<ObjectSchema>>(o: O): O & { kind: 'object' } => ({ kind: 'object', ...o });
export const free = <const O extends Options<FreeSchema>>(o: O): O & { kind: 'free' } => ({ kind: 'free', ...o });

/**
 * Whether a key is always present after validation: required keys, keys with a static default, and
 * containers (an absent object, record or free mapping is materialised from its children's defaults).
 */
type AlwaysPresent<S> = S extends { required: true }
  ? true
  : S extends { default: unknown }
    ? true
    : S extends { kind: 'object' | 'record' | 'free' }
      ? true
      : false;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type InferObject<P> = Simplify<
  { -readonly [K in keyof P as AlwaysPresent<P[K]> extends true ? K : never]: Infer<P[K]> } & {
    -readonly [K in keyof P as AlwaysPresent<P[K]> extends true ? never : K]?: Infer<P[K]>;
  }
>;

/** The TypeScript type of a value the validator accepted (with static defaults filled in). */
export type Infer<S> = S extends { kind: 'string' }
  ? string
  : S extends { kind: 'enum'; values: readonly (infer V)[] }
    ? V
    : S extends { kind: 'integer' }
      ? number
      : S extends { kind: 'boolean' }
        ? boolean
        : S extends { kind: 'const'; value: infer V }
          ? V
          : S extends { kind: 'array' }
            ? string[]
            : S extends { kind: 'record'; values: infer V }
              ? Record<string, Infer<V>>
              : S extends { kind: 'object'; properties: infer P }
                ? InferObject<P>
                : S extends { kind: 'free' }
                  ? JsonObject
                  : never;

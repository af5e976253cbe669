/**
 * Derives a JSON Schema (draft 2020-12) from a `schema-dsl.ts` description, for editors (`bosun schema`).
 * It checks structure, formats and enums; cross-references (an agent name in `ownership` must be an agent)
 * are beyond JSON Schema and stay with `parseFleet`.
 */
import { FORMATS } from './formats.ts';
import type { Schema } from './schema-dsl.ts';
import { FLEET_SCHEMA } from './schema.ts';
import type { JsonObject } from './types.ts';

function describe(s: Schema): JsonObject {
  const note = s.defaultNote ? ` Default: ${s.defaultNote}.` : '';
  return { description: `${s.description}${note}` };
}

function withDefault(out: JsonObject, value: string | number | boolean | readonly string[] | undefined): JsonObject {
  if (value !== undefined) out.default = typeof value === 'object' ? [...value] : value;
  return out;
}

export function toJsonSchema(s: Schema): JsonObject {
  switch (s.kind) {
    case 'string': {
      const out: JsonObject = { type: 'string', ...describe(s) };
      if (s.format) out.pattern = FORMATS[s.format].pattern;
      return withDefault(out, s.default);
    }
    case 'enum':
      return withDefault({ ...describe(s), enum: [...s.values] }, s.default);
    case 'integer': {
      const out: JsonObject = { type: 'integer', ...describe(s) };
      if (s.minimum !== undefined) out.minimum = s.minimum;
      if (s.maximum !== undefined) out.maximum = s.maximum;
      return withDefault(out, s.default);
    }
    case 'boolean':
      return withDefault({ type: 'boolean', ...describe(s) }, s.default);
    case 'const':
      return { ...describe(s), const: s.value };
    case 'array': {
      const out: JsonObject = { type: 'array', ...describe(s), items: toJsonSchema(s.items) };
      if (s.minItems !== undefined) out.minItems = s.minItems;
      return withDefault(out, s.default);
    }
    case 'record': {
      const out: JsonObject = {
        type: 'object',
        ...describe(s),
        propertyNames: toJsonSchema(s.keys),
        additionalProperties: toJsonSchema(s.values),
      };
      if (s.minProperties !== undefined) out.minProperties = s.minProperties;
      return out;
    }
    case 'object': {
      const properties: JsonObject = {};
      for (const [key, prop] of Object.entries(s.properties)) properties[key] = toJsonSchema(prop);
      const required = Object.entries(s.properties)
        .filter(([, prop]) => prop.required)
        .map(([key]) => key);
      return {
        type: 'object',
        ...describe(s),
        properties,
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      };
    }
    case 'free':
      return { type: 'object', ...describe(s) };
  }
}

/** The JSON Schema of `.bosun/fleet.yaml`. */
export function fleetJsonSchema(): JsonObject {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:bosun:fleet:1',
    title: 'bosun fleet (.bosun/fleet.yaml)',
    ...toJsonSchema(FLEET_SCHEMA),
  };
}

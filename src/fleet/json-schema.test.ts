import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { DESIGN_SKETCH_YAML } from './_design-sketch.ts';
import { FORMATS } from './formats.ts';
import { fleetJsonSchema } from './json-schema.ts';
import { parseFleet } from './parse.ts';
import type { StringFormat } from './schema-dsl.ts';
import { STARTER_FLEET_YAML } from './starter.ts';

type J = Record<string, unknown>;
const isObj = (x: unknown): x is J => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Just enough of JSON Schema 2020-12 for the keywords `toJsonSchema` emits. Returns the instance paths that
 * fail. It refuses keywords it does not know, so the schema cannot grow past what this test checks.
 */
function check(schema: J, value: unknown, path = '$'): string[] {
  const known = new Set(['$schema', '$id', 'title', 'description', 'default', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'enum', 'const', 'pattern', 'minimum', 'minItems', 'minProperties']);
  for (const k of Object.keys(schema)) assert.ok(known.has(k), `unexpected keyword ${k} at ${path}`);
  const errs: string[] = [];
  const t = schema.type;
  if (t === 'object' && !isObj(value)) return [`${path}: not an object`];
  if (t === 'array' && !Array.isArray(value)) return [`${path}: not an array`];
  if (t === 'string' && typeof value !== 'string') return [`${path}: not a string`];
  if (t === 'integer' && !Number.isInteger(value)) return [`${path}: not an integer`];
  if (t === 'boolean' && typeof value !== 'boolean') return [`${path}: not a boolean`];
  if ('const' in schema && value !== schema.const) errs.push(`${path}: not ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errs.push(`${path}: not in enum`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errs.push(`${path}: pattern`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errs.push(`${path}: minimum`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errs.push(`${path}: minItems`);
    if (isObj(schema.items)) value.forEach((v, i) => errs.push(...check(schema.items as J, v, `${path}[${i}]`)));
  }
  if (isObj(value)) {
    const props = isObj(schema.properties) ? schema.properties : {};
    if (typeof schema.minProperties === 'number' && Object.keys(value).length < schema.minProperties) errs.push(`${path}: minProperties`);
    for (const r of Array.isArray(schema.required) ? schema.required : []) if (!(r in value)) errs.push(`${path}.${String(r)}: required`);
    for (const [k, v] of Object.entries(value)) {
      if (isObj(schema.propertyNames)) errs.push(...check(schema.propertyNames, k, `${path}{${k}}`));
      const sub = props[k];
      if (isObj(sub)) errs.push(...check(sub, v, `${path}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${path}.${k}: additional property`);
      else if (isObj(schema.additionalProperties)) errs.push(...check(schema.additionalProperties, v, `${path}.${k}`));
    }
  }
  return errs;
}

const schema = fleetJsonSchema();
const prop = (s: unknown, ...keys: string[]): J => {
  let cur = s;
  for (const k of keys) {
    assert.ok(isObj(cur), `no ${k}`);
    cur = k === '*' ? cur.additionalProperties : isObj(cur.properties) ? cur.properties[k] : undefined;
  }
  assert.ok(isObj(cur), `missing ${keys.join('.')}`);
  return cur;
};

describe('fleetJsonSchema', () => {
  test('is a draft 2020-12 schema', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.type, 'object');
  });

  test('has every top-level key, and requires version, default_agent and agents', () => {
    assert.deepEqual(Object.keys(prop(schema).properties as J).sort(), [
      'agents', 'aliases', 'checks', 'default_agent', 'deploy', 'gates', 'memory', 'ownership', 'policy', 'protected', 'steward', 'verify', 'version',
    ]);
    assert.deepEqual(schema.required, ['version', 'default_agent', 'agents']);
    assert.equal(schema.additionalProperties, false);
  });

  test('has every agent key with its default', () => {
    const agent = prop(schema, 'agents', '*');
    assert.deepEqual(Object.keys(agent.properties as J).sort(), ['autonomy', 'edit', 'mcp', 'read', 'role', 'run', 'spawn', 'web']);
    assert.deepEqual(agent.required, ['role']);
    assert.equal(agent.additionalProperties, false);
    assert.deepEqual(prop(agent, 'autonomy').enum, ['plan-only', 'review', 'auto-apply']);
    assert.equal(prop(agent, 'autonomy').default, 'review');
    assert.deepEqual(prop(agent, 'read').default, ['**']);
    assert.deepEqual(prop(agent, 'edit').default, []);
    assert.deepEqual(prop(agent, 'run').default, []);
    assert.deepEqual(prop(agent, 'web').default, ['*']);
    assert.match(String(prop(agent, 'spawn').description), /Default: every agent/);
    assert.match(String(prop(agent, 'mcp').description), /Default: \["\*"\] when the agent may edit/);
    assert.equal(prop(schema, 'agents').minProperties, 1);
  });

  test('has the nested settings with their defaults', () => {
    assert.deepEqual(Object.keys(prop(schema, 'protected').properties as J), ['sacred', 'human_review']);
    assert.equal(prop(schema, 'memory', 'budget', 'lines').default, 150);
    assert.equal(prop(schema, 'memory', 'budget', 'bytes').default, 20000);
    assert.equal(prop(schema, 'memory', 'budget', 'lines').type, 'integer');
    assert.ok(prop(schema, 'memory', 'core').items);
    assert.deepEqual(prop(schema, 'policy', 'unknown_command').enum, ['deny', 'ask']);
    assert.equal(prop(schema, 'policy', 'unknown_command').default, 'deny');
    assert.deepEqual(prop(schema, 'policy', 'outside_repo_edit').default, []);
    assert.equal(prop(schema, 'ownership', '*').minItems, 1);
    assert.match(String(prop(schema, 'gates').description), /[Rr]eserved for gates/);
    assert.match(String(prop(schema, 'deploy').description), /[Rr]eserved for deploy/);
    assert.equal(prop(schema, 'version').const, 1);
  });

  test('the DESIGN.md sketch and the starter validate structurally', () => {
    assert.deepEqual(check(schema, parseYaml(DESIGN_SKETCH_YAML)), []);
    assert.deepEqual(check(schema, parseYaml(STARTER_FLEET_YAML)), []);
  });

  // Documents both validators judge alike (cross-references are beyond JSON Schema and left out).
  const base = 'version: 1\ndefault_agent: lead\nagents:\n  lead:\n    role: Leads.\n';
  const verdicts: Array<[string, string]> = [
    ['minimal', base],
    ['unknown key', base + 'colour: blue\n'],
    ['unknown agent key', base + '    autonmy: review\n'],
    ['bad enum', base + '    autonomy: yolo\n'],
    ['absolute glob', base + '    edit: ["/etc/**"]\n'],
    ['.. glob', base + '    read: ["a/../../b"]\n'],
    ['relative outside_repo_edit', base + 'policy: { outside_repo_edit: ["tmp/**"] }\n'],
    ['bad agent name', base + '  Bad: { role: x }\n'],
    ['unknown special', base + '    run: ["@readonly"]\n'],
    ['@read-only', base + '    run: ["@read-only", "npm *"]\n'],
    ['empty ownership', base + 'ownership: { "db/**": [] }\n'],
    ['empty agents', 'version: 1\ndefault_agent: lead\nagents: {}\n'],
    ['version 2', base.replace('version: 1', 'version: 2')],
    ['zero budget', base + 'memory: { budget: { lines: 0 } }\n'],
    ['free-form gates', base + 'gates: { ci: { provider: github } }\n'],
    ['missing role', 'version: 1\ndefault_agent: lead\nagents:\n  lead: { autonomy: review }\n'],
  ];
  for (const [name, text] of verdicts) {
    test(`agrees with parseFleet: ${name}`, () => {
      const ours = parseFleet(text, 'f').ok;
      const theirs = check(schema, parseYaml(text)).length === 0;
      assert.equal(theirs, ours, `JSON Schema says ${theirs ? 'valid' : 'invalid'}, parseFleet ${ours ? 'valid' : 'invalid'}`);
    });
  }
});

describe('string formats: JSON Schema pattern and validator check agree', () => {
  const samples: Record<StringFormat, string[]> = {
    'agent-name': ['lead', 'security-auditor', 'a_b', '0x', 'Lead', '-x', '_x', 'a b', '', 'é'],
    'repo-glob': ['**', 'src/**', '.bosun/fleet.yaml', 'a..b', '/etc', '\\x', '~/x', 'C:/x', 'c:x', '..', '../x', 'a/../b', 'a/..', 'a\\..\\b', '', ' '],
    'absolute-glob': ['/tmp/**', '/', '/a..b', 'tmp', '', '/a/../b', '/..'],
    'run-pattern': ['npm *', '@read-only', 'git log *', '@readonly', '@', ' npm', 'npm ', '', '  ', 'a'],
    'non-empty': ['x', ' x ', '', '   '],
    'claim-kind': ['tests-pass', 'done', 'test-pass', '', 'DONE'],
  };
  for (const [format, values] of Object.entries(samples) as Array<[StringFormat, string[]]>) {
    for (const value of values) {
      test(`${format}: ${JSON.stringify(value)}`, () => {
        const spec = FORMATS[format];
        const byCheck = spec.check(value) === undefined;
        const byPattern = new RegExp(spec.pattern, 'u').test(value);
        assert.equal(byPattern, byCheck, `pattern says ${byPattern}, check says ${byCheck}`);
      });
    }
  }
});

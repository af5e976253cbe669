import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DESIGN_SKETCH_YAML } from './_design-sketch.ts';
import { formatIssues } from './format.ts';
import type { FleetIssue } from './issues.ts';
import { parseFleet } from './parse.ts';
import { STARTER_FLEET_YAML } from './starter.ts';
import type { Fleet } from './types.ts';

function valid(text: string): Fleet {
  const r = parseFleet(text, '.bosun/fleet.yaml');
  assert.ok(r.ok, r.ok ? '' : formatIssues(r.issues));
  return r.fleet;
}

function issuesOf(text: string): FleetIssue[] {
  const r = parseFleet(text, 'fleet.yaml');
  assert.equal(r.ok, false, 'expected the fleet to be invalid');
  return r.ok ? [] : r.issues;
}

/** [line, column, path, message fragment, suggestion?] */
type Expected = [number, number, string, string | RegExp, string?];

function assertIssues(text: string, expected: Expected[]): void {
  const actual = issuesOf(text);
  const shown = formatIssues(actual);
  assert.equal(actual.length, expected.length, `issue count; got:\n${shown}`);
  expected.forEach(([line, column, path, message, suggestion], i) => {
    const got = actual[i]!;
    assert.deepEqual([got.line, got.column, got.path], [line, column, path], `issue ${i} position; got:\n${shown}`);
    if (typeof message === 'string') assert.ok(got.message.includes(message), `issue ${i}: "${got.message}" lacks "${message}"`);
    else assert.match(got.message, message);
    assert.equal(got.suggestion, suggestion, `issue ${i} suggestion; got:\n${shown}`);
    assert.equal(got.file, 'fleet.yaml');
  });
}

const HEAD = 'version: 1\ndefault_agent: lead\n';
const LEAD = 'agents:\n  lead:\n    role: Leads.\n';

describe('parseFleet: valid fleets and defaults', () => {
  test('the DESIGN.md sketch is valid and resolves as documented', () => {
    const fleet = valid(DESIGN_SKETCH_YAML);
    assert.equal(fleet.default_agent, 'lead');
    assert.equal(fleet.steward, 'fleet-steward');
    assert.deepEqual(fleet.checks, { test: 'npm test', typecheck: 'npx tsc --noEmit' });
    assert.deepEqual(Object.keys(fleet.agents), ['lead', 'security-auditor', 'database-engineer', 'fleet-steward']);
    const auditor = fleet.agents['security-auditor']!;
    assert.equal(auditor.autonomy, 'plan-only');
    assert.deepEqual(auditor.read, ['**'], 'read defaults to everything');
    assert.deepEqual(auditor.mcp, [], 'no MCP tools for an agent that edits nothing');
    const db = fleet.agents['database-engineer']!;
    assert.equal(db.name, 'database-engineer');
    assert.equal(db.autonomy, 'review');
    assert.deepEqual(db.run, []);
    assert.deepEqual(db.web, ['*']);
    assert.deepEqual(db.mcp, ['*'], 'all MCP tools for an agent that may edit');
    assert.deepEqual(db.spawn, ['lead', 'security-auditor', 'database-engineer', 'fleet-steward']);
    assert.deepEqual(fleet.ownership, [{ pattern: 'db/migrations/**', owners: ['database-engineer'] }]);
    assert.deepEqual(fleet.protected, {
      sacred: ['test/billing/**'],
      human_review: ['db/migrations/**', 'src/auth/**', 'src/payments/**'],
    });
    assert.deepEqual(fleet.memory, { budget: { lines: 150, bytes: 20000 }, core: ['src/db/schema.ts'], closeout: 'ask', share: true });
    assert.deepEqual(fleet.policy, { unknown_command: 'deny', outside_repo_edit: [] });
    assert.deepEqual([fleet.gates, fleet.deploy], [{}, {}]);
  });

  test('the starter fleet is valid', () => {
    const fleet = valid(STARTER_FLEET_YAML);
    assert.equal(fleet.default_agent, 'lead');
    assert.equal(fleet.steward, 'fleet-steward');
    assert.deepEqual(Object.keys(fleet.agents), ['lead', 'reviewer', 'fleet-steward']);
    assert.deepEqual(fleet.checks, { test: 'npm test' });
    assert.ok(fleet.agents['lead']!.run.includes('@read-only'));
    assert.equal(fleet.agents['reviewer']!.autonomy, 'plan-only');
    assert.deepEqual(fleet.agents['reviewer']!.edit, []);
    assert.deepEqual(fleet.agents['fleet-steward']!.edit, ['.bosun/fleet.yaml', '.claude/agents/**']);
  });

  test('a minimal fleet gets every default', () => {
    const fleet = valid(HEAD + LEAD);
    assert.deepEqual(fleet, {
      version: 1,
      default_agent: 'lead',
      steward: null,
      checks: {},
      verify: {
        claims: { 'tests-pass': [], 'build-clean': [], 'typecheck-clean': [], 'lint-clean': [], fixed: [], done: [], 'ci-green': [], deployed: [], merged: [] },
        max_blocks: 3,
        timeout_seconds: 300,
      },
      agents: {
        lead: { name: 'lead', role: 'Leads.', autonomy: 'review', read: ['**'], edit: [], run: [], spawn: ['lead'], web: ['*'], mcp: [] },
      },
      aliases: {},
      ownership: [],
      protected: { sacred: [], human_review: [] },
      memory: { budget: { lines: 150, bytes: 20000 }, core: [], closeout: 'ask', share: true },
      policy: { unknown_command: 'deny', outside_repo_edit: [] },
      gates: {},
      deploy: {},
    } satisfies Fleet);
  });

  const overrides: Array<[string, string, (f: Fleet) => unknown, unknown]> = [
    ['explicit spawn', '    spawn: [helper]\n', (f) => f.agents['lead']!.spawn, ['helper']],
    ['explicit empty spawn', '    spawn: []\n', (f) => f.agents['lead']!.spawn, []],
    ['explicit mcp on a read-only agent', '    mcp: ["mcp__github__*"]\n', (f) => f.agents['lead']!.mcp, ['mcp__github__*']],
    ['explicit empty mcp on an editor', '    edit: ["src/**"]\n    mcp: []\n', (f) => f.agents['lead']!.mcp, []],
    ['@read-only and patterns', '    run: ["@read-only", "npm test"]\n', (f) => f.agents['lead']!.run, ['@read-only', 'npm test']],
    ['web hosts', '    web: ["*.python.org"]\n', (f) => f.agents['lead']!.web, ['*.python.org']],
    ['autonomy', '    autonomy: auto-apply\n', (f) => f.agents['lead']!.autonomy, 'auto-apply'],
    ['dotted repo paths are fine', '    edit: [".bosun/x", "a..b/**"]\n', (f) => f.agents['lead']!.edit, ['.bosun/x', 'a..b/**']],
  ];
  for (const [name, agentLines, pick, want] of overrides) {
    test(`override: ${name}`, () => {
      const fleet = valid(HEAD + LEAD + agentLines + '  helper:\n    role: Helps.\n');
      assert.deepEqual(pick(fleet), want);
    });
  }

  test('top-level settings and reserved sections', () => {
    const fleet = valid(
      HEAD +
        LEAD +
        'steward: lead\n' +
        'memory: { budget: { lines: 10 } }\n' +
        'policy: { unknown_command: ask, outside_repo_edit: ["/home/*/.cache/**"] }\n' +
        'gates:\n  pre-commit: { typecheck: true, timeout: 30 }\n' +
        'deploy:\n  prod: { needs: [ci], backup: null }\n',
    );
    assert.equal(fleet.steward, 'lead');
    assert.deepEqual(fleet.memory.budget, { lines: 10, bytes: 20000 });
    assert.deepEqual(fleet.policy, { unknown_command: 'ask', outside_repo_edit: ['/home/*/.cache/**'] });
    assert.deepEqual(fleet.gates, { 'pre-commit': { typecheck: true, timeout: 30 } });
    assert.deepEqual(fleet.deploy, { prod: { needs: ['ci'], backup: null } });
  });

  test('anchors and aliases are followed', () => {
    const fleet = valid(HEAD + 'agents:\n  lead:\n    role: Leads.\n    edit: &code ["src/**"]\n  other:\n    role: Other.\n    edit: *code\n');
    assert.deepEqual(fleet.agents['other']!.edit, ['src/**']);
  });

  test('a key named __proto__ stays data, not a prototype', () => {
    const fleet = valid(HEAD + LEAD + 'checks:\n  "__proto__": npm test\n');
    assert.ok(Object.hasOwn(fleet.checks, '__proto__'));
    assert.equal(Object.getPrototypeOf(fleet.checks), Object.prototype);
  });

  test('a byte-order mark and CRLF line ends are accepted', () => {
    valid('\ufeff' + (HEAD + LEAD).replaceAll('\n', '\r\n'));
  });
});

describe('parseFleet: one kind of issue at a time', () => {
  const cases: Array<[string, string, Expected[]]> = [
    ['unknown top-level key, close to a valid one', HEAD + LEAD + 'stewrd: lead\n', [[6, 1, 'stewrd', 'unknown key "stewrd"', 'steward']]],
    ['unknown key with no close match lists the valid ones', HEAD + LEAD + 'colour: blue\n', [[6, 1, 'colour', /unknown key "colour" \(valid keys: version, default_agent, steward, checks, verify, agents, aliases,/]]],
    ['unknown agent key', HEAD + LEAD + '    autonmy: review\n', [[6, 5, 'agents.lead.autonmy', 'unknown key "autonmy"', 'autonomy']]],
    ['unknown nested key', HEAD + LEAD + 'memory:\n  budget: { line: 10 }\n', [[7, 13, 'memory.budget.line', 'unknown key "line"', 'lines']]],
    ['wrong type: number for a string', HEAD + 'agents:\n  lead:\n    role: 42\n', [[5, 11, 'agents.lead.role', 'expected a string, got the number 42']]],
    ['wrong type: string for a list', HEAD + LEAD + '    edit: src/**\n', [[6, 11, 'agents.lead.edit', 'expected a list of strings, got the string "src/**"']]],
    ['wrong type: list for a mapping', HEAD + 'agents: [lead]\n', [[3, 9, 'agents', 'expected a mapping, got a list']]],
    ['wrong type: empty value for a list points at the key', HEAD + LEAD + '    edit:\n', [[6, 5, 'agents.lead.edit', 'got an empty value (write [] for none)']]],
    ['wrong type: non-string list item', HEAD + LEAD + '    run: ["npm test", 7]\n', [[6, 23, 'agents.lead.run[1]', 'expected a string, got the number 7']]],
    ['wrong type: free-form section must be a mapping', HEAD + LEAD + 'gates: [a]\n', [[6, 8, 'gates', 'expected a mapping, got a list']]],
    ['invalid enum lists the allowed values', HEAD + LEAD + '    autonomy: auto\n', [[6, 15, 'agents.lead.autonomy', 'invalid autonomy "auto" (allowed: plan-only, review, auto-apply)']]],
    ['invalid enum with a close match', HEAD + LEAD + '    autonomy: reveiw\n', [[6, 15, 'agents.lead.autonomy', 'allowed: plan-only, review, auto-apply', 'review']]],
    ['invalid policy enum', HEAD + LEAD + 'policy:\n  unknown_command: allow\n', [[7, 20, 'policy.unknown_command', 'invalid unknown_command "allow" (allowed: deny, ask)']]],
    ['version must be 1', 'version: 2\ndefault_agent: lead\n' + LEAD, [[1, 10, 'version', 'expected 1, got the number 2']]],
    ['version is required', 'default_agent: lead\n' + LEAD, [[1, 1, '', 'missing required key "version"']]],
    ['default_agent is required', 'version: 1\n' + LEAD, [[1, 1, '', 'missing required key "default_agent"']]],
    ['agents is required', HEAD, [[1, 1, '', 'missing required key "agents"']]],
    ['role is required', HEAD + 'agents:\n  lead:\n    autonomy: review\n', [[5, 5, 'agents.lead', 'missing required key "role"']]],
    ['empty agent map', HEAD + 'agents: {}\n', [[3, 9, 'agents', 'must define at least 1 entry']]],
    ['unknown default_agent', 'version: 1\ndefault_agent: leed\n' + LEAD, [[2, 16, 'default_agent', 'unknown agent "leed"', 'lead']]],
    ['unknown steward, no close match', HEAD + LEAD + 'steward: keeper\n', [[6, 10, 'steward', 'unknown agent "keeper" (agents: lead)']]],
    ['unknown agent in spawn', HEAD + LEAD + '    spawn: [lead, laed]\n', [[6, 19, 'agents.lead.spawn[1]', 'unknown agent "laed"', 'lead']]],
    ['unknown agent in ownership', HEAD + LEAD + 'ownership:\n  "db/**": [lead, dba]\n', [[7, 19, 'ownership["db/**"][1]', 'unknown agent "dba" (agents: lead)']]],
    ['ownership needs an owner', HEAD + LEAD + 'ownership:\n  "db/**": []\n', [[7, 12, 'ownership["db/**"]', 'must list at least 1 item']]],
    ['agent name with capitals and spaces', HEAD + LEAD + '  Code Reviewer:\n    role: Reviews.\n', [[6, 3, 'agents["Code Reviewer"]', 'invalid agent name "Code Reviewer"', 'code-reviewer']]],
    ['agent name starting with a dash', HEAD + LEAD + '  -x: {role: y}\n', [[6, 3, 'agents["-x"]', 'invalid agent name "-x"', 'x']]],
    ['agent name read as a number', HEAD + LEAD + '  007: {role: y}\n', [[6, 3, 'agents', 'key 007 is read as the number 007; quote it ("007")']]],
    ['duplicate top-level key', HEAD + LEAD + 'version: 1\n', [[6, 1, 'version', 'duplicate key "version" (first defined on line 1)']]],
    ['duplicate agent', HEAD + LEAD + '  lead:\n    role: Again.\n', [[6, 3, 'agents.lead', 'duplicate key "lead" (first defined on line 4)']]],
    ['duplicate key inside an agent', HEAD + LEAD + '    role: Again.\n', [[6, 5, 'agents.lead.role', 'duplicate key "role" (first defined on line 5)']]],
    ['absolute edit glob', HEAD + LEAD + '    edit: ["/etc/**"]\n', [[6, 12, 'agents.lead.edit[0]', '"/etc/**" is not relative to the repository root']]],
    ['home-relative read glob', HEAD + LEAD + '    read: ["~/.ssh/**"]\n', [[6, 12, 'agents.lead.read[0]', 'is not relative to the repository root']]],
    ['.. in an edit glob', HEAD + LEAD + '    edit: ["src/../../x"]\n', [[6, 12, 'agents.lead.edit[0]', 'contains ".."']]],
    ['absolute ownership glob points at the key', HEAD + LEAD + 'ownership:\n  /db/**: [lead]\n', [[7, 3, 'ownership["/db/**"]', 'is not relative to the repository root']]],
    ['.. in a sacred glob', HEAD + LEAD + 'protected:\n  sacred: ["../tests/**"]\n', [[7, 12, 'protected.sacred[0]', 'contains ".."']]],
    ['absolute human_review glob', HEAD + LEAD + 'protected:\n  human_review: ["C:/src/**"]\n', [[7, 18, 'protected.human_review[0]', 'is not relative']]],
    ['absolute memory core glob', HEAD + LEAD + 'memory:\n  core: ["/src/db.ts"]\n', [[7, 10, 'memory.core[0]', 'is not relative']]],
    ['outside_repo_edit must be absolute', HEAD + LEAD + 'policy:\n  outside_repo_edit: ["tmp/**"]\n', [[7, 23, 'policy.outside_repo_edit[0]', 'must be an absolute path glob']]],
    ['outside_repo_edit without ..', HEAD + LEAD + 'policy:\n  outside_repo_edit: ["/tmp/../etc"]\n', [[7, 23, 'policy.outside_repo_edit[0]', 'contains ".."']]],
    ['unknown special run entry', HEAD + LEAD + '    run: ["@readonly"]\n', [[6, 11, 'agents.lead.run[0]', 'unknown special entry "@readonly" (known: @read-only)', '@read-only']]],
    ['blank run pattern', HEAD + LEAD + '    run: ["  "]\n', [[6, 11, 'agents.lead.run[0]', 'must not be empty']]],
    ['empty check command', HEAD + LEAD + 'checks:\n  test: ""\n', [[7, 9, 'checks.test', 'must not be empty']]],
    ['budget below the minimum', HEAD + LEAD + 'memory:\n  budget: { lines: 0 }\n', [[7, 20, 'memory.budget.lines', 'must be at least 1, got 0']]],
    ['budget not a whole number', HEAD + LEAD + 'memory:\n  budget: { bytes: 1.5 }\n', [[7, 20, 'memory.budget.bytes', 'expected a whole number, got the number 1.5']]],
    ['alias to an undefined anchor', HEAD + LEAD + '    edit: *nowhere\n', [[6, 11, 'agents.lead.edit', 'undefined anchor (*nowhere)']]],
    ['self-referencing alias in free-form data', HEAD + LEAD + 'gates: &g\n  self: *g\n', [[7, 9, 'gates.self', 'refers to a value that contains it']]],
    ['value JSON cannot hold in free-form data', HEAD + LEAD + 'deploy:\n  retries: .inf\n', [[7, 12, 'deploy.retries', 'unsupported value']]],
    ['the root must be a mapping', '- lead\n', [[1, 1, '', 'expected a mapping, got a list']]],
    ['an empty file', '# nothing yet\n', [[1, 1, '', 'the fleet file is empty']]],
  ];
  for (const [name, text, expected] of cases) test(name, () => assertIssues(text, expected));
});

describe('parseFleet: YAML syntax errors', () => {
  const cases: Array<[string, string, Expected[]]> = [
    ['tab indentation', 'version: 1\nagents:\n\tlead: {}\n', [[3, 1, '', 'YAML syntax error: Tabs are not allowed as indentation']]],
    ['unclosed flow sequence', HEAD + LEAD + '    edit: ["src/**"\n', [[7, 1, '', /^YAML syntax error: .*\]/]]],
    ['two documents', HEAD + LEAD + '---\nversion: 1\n', [[6, 1, '', 'must be a single YAML document']]],
    [
      'every syntax error, and no schema noise after them',
      'version: 1\nstewrd: x\nagents:\n\tlead: {}\nchecks: { test: "npm test }\n',
      [
        [4, 1, '', 'Tabs are not allowed as indentation'],
        [6, 1, '', /YAML syntax error: .*quote/i],
        [6, 1, '', /YAML syntax error: Flow map .* end with a \}/],
      ],
    ],
  ];
  for (const [name, text, expected] of cases) test(name, () => assertIssues(text, expected));
});

test('parseFleet reports every issue at once, in file order, with positions', () => {
  const text = [
    'version: 1', //                          1
    'default_agent: leed', //                 2
    'steward: fleet-stewart', //              3
    'agents:', //                             4
    '  lead:', //                             5
    '    role: Leads.', //                    6
    '    autonomy: yolo', //                  7
    '    edit: ["/src/**", "ok/**"]', //      8
    '    spwan: [lead]', //                   9
    '  fleet-steward:', //                    10
    '    role: Keeps the fleet.', //          11
    '  Bad_Name:', //                         12
    '    role: x', //                         13
    'ownership:', //                          14
    '  "db/**": [dba, lead]', //              15
    'memory:', //                             16
    '  budget: { lines: -1, bytes: 10 }', //  17
    'colour: blue', //                        18
    '',
  ].join('\n');
  assertIssues(text, [
    [2, 16, 'default_agent', 'unknown agent "leed"', 'lead'],
    [3, 10, 'steward', 'unknown agent "fleet-stewart"', 'fleet-steward'],
    [7, 15, 'agents.lead.autonomy', 'invalid autonomy "yolo"'],
    [8, 12, 'agents.lead.edit[0]', 'is not relative to the repository root'],
    [9, 5, 'agents.lead.spwan', 'unknown key "spwan"', 'spawn'],
    [12, 3, 'agents.Bad_Name', 'invalid agent name "Bad_Name"', 'bad_name'],
    [15, 13, 'ownership["db/**"][0]', 'unknown agent "dba"'],
    [17, 20, 'memory.budget.lines', 'must be at least 1, got -1'],
    [18, 1, 'colour', 'unknown key "colour"'],
  ]);
});

describe('verify settings', () => {
  const BASE = 'version: 1\ndefault_agent: lead\nagents:\n  lead:\n    role: Leads.\n';
  test('claims default to the checks that exist', async () => {
    const r = parseFleet(BASE + 'checks:\n  test: npm test\n  lint: npm run lint\n', 'f.yaml');
    assert.ok(r.ok);
    assert.deepEqual(r.fleet.verify.claims['tests-pass'], ['test']);
    assert.deepEqual(r.fleet.verify.claims['lint-clean'], ['lint']);
    assert.deepEqual(r.fleet.verify.claims['typecheck-clean'], [], 'no typecheck check defined');
    assert.equal(r.fleet.verify.max_blocks, 3);
  });
  test('claims naming an unknown check or kind are reported', () => {
    const r = parseFleet(BASE + 'checks:\n  test: npm test\nverify:\n  claims:\n    tests-pas: [test]\n    done: [tset]\n  max_blocks: 9\n', 'f.yaml');
    assert.ok(!r.ok);
    const msgs = r.issues.map((i) => `${i.path}: ${i.message}${i.suggestion ? ` ~${i.suggestion}` : ''}`);
    assert.ok(msgs.some((m) => /verify\.claims.*unknown claim kind "tests-pas".*~tests-pass/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /unknown check "tset".*~test/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /max_blocks/.test(m)), msgs.join('\n'));
  });
});

describe('aliases', () => {
  const BASE = 'version: 1\ndefault_agent: lead\nagents:\n  lead:\n    role: Leads.\n  reviewer:\n    role: Reviews.\n    autonomy: plan-only\n';
  test('map harness subagent names to fleet agents', () => {
    const r = parseFleet(BASE + 'aliases:\n  Explore: reviewer\n  general-purpose: lead\n', 'f.yaml');
    assert.ok(r.ok);
    assert.deepEqual(r.fleet.aliases, { Explore: 'reviewer', 'general-purpose': 'lead' });
  });
  test('an alias to an unknown agent is reported with a suggestion', () => {
    const r = parseFleet(BASE + 'aliases:\n  Explore: reveiwer\n', 'f.yaml');
    assert.ok(!r.ok);
    assert.ok(r.issues.some((i) => i.path === 'aliases.Explore' && i.suggestion === 'reviewer'), JSON.stringify(r.issues));
  });
});

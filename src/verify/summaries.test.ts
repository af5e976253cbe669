import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTestSummary } from './summaries.ts';
import type { TestRunner, TestSummary } from './types.ts';

type Want = [TestRunner, passed: number, failed: number, skipped: number, total: number] | null;

const E = '\x1b';

const ROWS: Array<[name: string, output: string, want: Want]> = [
  // node --test, TAP reporter
  [
    'node tap pass',
    `TAP version 13
# Subtest: adds
ok 1 - adds
  ---
  duration_ms: 0.41
  ...
1..1
# tests 12
# suites 2
# pass 12
# fail 0
# cancelled 0
# skipped 0
# todo 0
# duration_ms 153.2
`,
    ['node', 12, 0, 0, 12],
  ],
  [
    'node tap fail with cancelled, skipped, todo',
    `not ok 3 - rejects bad input
  ---
  error: 'Expected values to be strictly equal'
  ...
# tests 10
# suites 0
# pass 6
# fail 1
# cancelled 1
# skipped 1
# todo 1
# duration_ms 88.07`,
    ['node', 6, 2, 1, 10],
  ],
  [
    'node spec reporter, coloured',
    `${E}[32m✔ parses (0.8ms)${E}[39m
${E}[31m✖ rejects (1.2ms)${E}[39m
${E}[34mℹ tests 3${E}[39m
${E}[34mℹ suites 1${E}[39m
${E}[34mℹ pass 2${E}[39m
${E}[34mℹ fail 1${E}[39m
${E}[34mℹ cancelled 0${E}[39m
${E}[34mℹ skipped 0${E}[39m
${E}[34mℹ todo 0${E}[39m
${E}[34mℹ duration_ms 61.2${E}[39m`,
    ['node', 2, 1, 0, 3],
  ],
  [
    'node two runs back to back (workspaces) are summed',
    `# tests 4\n# pass 4\n# fail 0\n# skipped 0\n# tests 3\n# pass 2\n# fail 1\n# skipped 0\n# duration_ms 12`,
    ['node', 6, 1, 0, 7],
  ],
  ['node tail cut before `# tests`', `# pass 7\n# fail 0\n# cancelled 0\n# skipped 2\n# todo 0\n# duration_ms 4\n`, ['node', 7, 0, 2, 9]],
  ['a lone `# tests` comment is no summary', '# tests for the parser live in test/\n', null],

  // vitest
  [
    'vitest pass',
    ` ✓ src/sum.test.ts (3 tests) 2ms
 ✓ src/parse.test.ts (10 tests) 14ms

 Test Files  2 passed (2)
      Tests  13 passed (13)
   Start at  10:21:07
   Duration  412ms (transform 61ms, setup 0ms, collect 80ms, tests 16ms, environment 0ms, prepare 140ms)
`,
    ['vitest', 13, 0, 0, 13],
  ],
  [
    'vitest fail, coloured',
    `${E}[31m⎯⎯⎯⎯⎯⎯⎯ Failed Tests 3 ⎯⎯⎯⎯⎯⎯⎯${E}[39m
${E}[2m Test Files ${E}[22m ${E}[1m${E}[31m1 failed${E}[39m${E}[22m${E}[2m | ${E}[22m${E}[1m${E}[32m2 passed${E}[39m${E}[22m${E}[90m (3)${E}[39m
${E}[2m      Tests ${E}[22m ${E}[1m${E}[31m3 failed${E}[39m${E}[22m${E}[2m | ${E}[22m${E}[1m${E}[32m10 passed${E}[39m${E}[22m${E}[90m (13)${E}[39m
${E}[2m   Start at ${E}[22m 09:12:44`,
    ['vitest', 10, 3, 0, 13],
  ],
  [
    'vitest skipped and todo',
    ` Test Files  4 passed | 1 skipped (5)\n      Tests  20 passed | 3 skipped | 2 todo (25)\n   Duration  1.02s`,
    ['vitest', 20, 0, 3, 25],
  ],
  [
    'vitest via pnpm -r in two packages',
    `packages/core test:  Test Files  3 passed (3)
packages/core test:       Tests  30 passed (30)
packages/core test: Done
packages/web test:  Test Files  1 failed (1)
packages/web test:       Tests  1 failed | 4 passed (5)
packages/web test: Failed
 ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL  web@0.0.0 test: \`vitest run\``,
    ['vitest', 34, 1, 0, 35],
  ],

  // jest
  [
    'jest pass',
    `PASS src/math.test.js
PASS src/str.test.js (5.12 s)

Test Suites: 2 passed, 2 total
Tests:       8 passed, 8 total
Snapshots:   0 total
Time:        1.284 s
Ran all test suites.`,
    ['jest', 8, 0, 0, 8],
  ],
  [
    'jest mixed',
    `FAIL src/api.test.ts
  ● api › returns 404

    expect(received).toBe(expected) // Object.is equality

Test Suites: 1 failed, 3 passed, 4 total
Tests:       1 failed, 2 skipped, 5 passed, 8 total
Snapshots:   0 total
Time:        3.1 s`,
    ['jest', 5, 1, 2, 8],
  ],
  ['jest todo', 'Tests:       1 todo, 4 passed, 5 total\n', ['jest', 4, 0, 0, 5]],
  ['jest no tests', 'Test Suites: 0 total\nTests:       0 total\nSnapshots:   0 total', ['jest', 0, 0, 0, 0]],

  // mocha
  [
    'mocha pass',
    `  Array
    #indexOf()
      ✔ should return -1 when the value is not present


  5 passing (12ms)
`,
    ['mocha', 5, 0, 0, 5],
  ],
  [
    'mocha failing and pending',
    `  3 passing (1s)
  1 pending
  2 failing

  1) Array
       #indexOf():
     AssertionError [ERR_ASSERTION]: -1 == 0`,
    ['mocha', 3, 2, 1, 6],
  ],
  ['mocha nothing passed', '  0 passing (3ms)\n  4 failing\n', ['mocha', 0, 4, 0, 4]],

  // pytest
  [
    'pytest pass',
    `============================= test session starts ==============================
platform linux -- Python 3.12.3, pytest-8.2.0, pluggy-1.5.0
collected 10 items

tests/test_api.py ..........                                             [100%]

============================== 10 passed in 0.12s ==============================`,
    ['pytest', 10, 0, 0, 10],
  ],
  [
    'pytest mixed',
    `FAILED tests/test_api.py::test_delete - assert 500 == 204
FAILED tests/test_api.py::test_put - KeyError: 'id'
===== 2 failed, 10 passed, 1 skipped, 3 warnings in 0.52s =====`,
    ['pytest', 10, 2, 1, 13],
  ],
  ['pytest -q', '..........                                                         [100%]\n5 passed in 0.01s\n', ['pytest', 5, 0, 0, 5]],
  ['pytest errors count as failed', '=========== 1 passed, 2 errors in 0.33s ===========', ['pytest', 1, 2, 0, 3]],
  ['pytest xfail is expected, xpass passed', '==== 7 passed, 2 xfailed, 1 xpassed, 4 deselected in 1.10s ====', ['pytest', 8, 0, 2, 10]],
  ['pytest long run', '======= 1 failed, 300 passed in 63.01s (0:01:03) =======', ['pytest', 300, 1, 0, 301]],
  ['pytest no tests ran', '============================ no tests ran in 0.01s =============================', ['pytest', 0, 0, 0, 0]],
  ['pytest coloured', `${E}[32m${E}[1m3 passed${E}[0m${E}[32m in 0.04s${E}[0m`, ['pytest', 3, 0, 0, 3]],

  // go test
  ['go all packages ok', 'ok  \tgithub.com/acme/api\t0.012s\nok  \tgithub.com/acme/api/store\t(cached)\n?   \tgithub.com/acme/api/cmd\t[no test files]\n', ['go', 2, 0, 0, 2]],
  [
    'go -v',
    `=== RUN   TestAdd
--- PASS: TestAdd (0.00s)
=== RUN   TestSplit
=== RUN   TestSplit/empty
    --- PASS: TestSplit/empty (0.00s)
--- PASS: TestSplit (0.00s)
=== RUN   TestNet
    net_test.go:12: no network
--- SKIP: TestNet (0.00s)
PASS
ok  \tgithub.com/acme/calc\t0.004s`,
    ['go', 3, 0, 1, 4],
  ],
  [
    'go failure in one package',
    `--- FAIL: TestDiv (0.00s)
    calc_test.go:20: got 1, want 2
FAIL
FAIL\tgithub.com/acme/calc\t0.003s
ok  \tgithub.com/acme/store\t0.010s
FAIL`,
    ['go', 1, 1, 0, 2],
  ],
  ['go build failure', '# github.com/acme/calc\n./calc.go:9:2: undefined: x\nFAIL\tgithub.com/acme/calc [build failed]\nFAIL', ['go', 0, 1, 0, 1]],
  ['go panic', 'panic: runtime error: index out of range [3] with length 3\n\ngoroutine 7 [running]:\nFAIL\tgithub.com/acme/calc\t0.021s\nFAIL', ['go', 0, 1, 0, 1]],

  // cargo test
  [
    'cargo pass, summed over binaries',
    `   Compiling calc v0.1.0 (/src/calc)
    Finished \`test\` profile [unoptimized + debuginfo] target(s) in 1.02s
     Running unittests src/lib.rs (target/debug/deps/calc-3f2a)

running 5 tests
test tests::adds ... ok
test result: ok. 5 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/api.rs (target/debug/deps/api-9c1b)
test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

   Doc-tests calc
test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s`,
    ['cargo', 7, 0, 1, 8],
  ],
  [
    'cargo fail',
    `failures:
    tests::divides

test result: FAILED. 4 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass \`--lib\``,
    ['cargo', 4, 1, 0, 5],
  ],

  // several runners in one output: summed, the last one named
  ['jest then pytest', 'Tests:       1 failed, 3 passed, 4 total\n...\n==== 6 passed in 0.2s ====', ['pytest', 9, 1, 0, 10]],

  // not test output
  ['npm install', 'added 212 packages, and audited 213 packages in 3s\n\nfound 0 vulnerabilities\n', null],
  ['tsc errors', "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n", null],
  ['git status', 'On branch main\nnothing to commit, working tree clean\n', null],
  ['eslint', '/repo/src/a.ts\n  3:7  error  Unexpected any  @typescript-eslint/no-explicit-any\n\n✖ 1 problem (1 error, 0 warnings)\n', null],
  ['prose about tests', 'All 12 tests passed yesterday; ok let me check\nPASS\n', null],
  ['empty', '', null],
];

const pick = (s: TestSummary | null): Want => (s === null ? null : [s.runner, s.passed, s.failed, s.skipped, s.total]);

for (const [name, output, want] of ROWS) {
  test(`parseTestSummary: ${name}`, () => assert.deepEqual(pick(parseTestSummary(output)), want));
}

test('parseTestSummary: CRLF and carriage-return progress lines', () => {
  const out = 'collecting ...\r\n\r[  50%]\r[ 100%]\r\n==== 4 passed in 0.1s ====\r\n';
  assert.deepEqual(pick(parseTestSummary(out)), ['pytest', 4, 0, 0, 4]);
});

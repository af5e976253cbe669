import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchCheck, matchCheckDetailed, matchChecks, type MatchOptions } from './check-match.ts';

const CHECKS: Record<string, string> = {
  test: 'npm test',
  typecheck: 'npx tsc --noEmit',
  lint: 'npm run lint',
  build: 'npm run build',
};
const PY = { test: 'pytest' };
const GO = { test: 'go test ./...', vet: 'go vet ./...' };
const CARGO = { test: 'cargo test', clippy: 'cargo clippy -- -D warnings' };
const MAKE = { test: 'make test' };
const NODE = { test: 'node --import tsx --test' };
const PNPM = { test: 'pnpm test' };
const WEB = { test: 'cd web && npm test' };

/** `name` = whole and unmasked; `name~` = narrowed; `name!` = masked; `name~!` = both; null = no check. */
type Want = string | null;
const ROWS: Array<[command: string, checks: Record<string, string>, want: Want, options?: MatchOptions]> = [
  // spellings of npm test
  ['npm test', CHECKS, 'test'],
  ['npm run test', CHECKS, 'test'],
  ['npm t', CHECKS, 'test'],
  ['npm tst', CHECKS, 'test'],
  ['npm run-script test', CHECKS, 'test'],
  ['npm -s test', CHECKS, 'test'],
  ['npm run test --silent', CHECKS, 'test'],
  ['npm test -- --watch=false', CHECKS, 'test'],
  ['npm test -- --runInBand --ci', CHECKS, 'test'],
  ['npm test -- --reporter dot', CHECKS, 'test'],
  ['npm test 2>&1', CHECKS, 'test'],
  ['npm test > /tmp/test.log 2>&1', CHECKS, 'test'],
  ['npm test &>/dev/null', CHECKS, 'test'],
  ['CI=1 npm test', CHECKS, 'test'],
  ['CI=true FORCE_COLOR=0 npm test', CHECKS, 'test'],
  ['env CI=1 npm test', CHECKS, 'test'],
  ['timeout 600 npm test', CHECKS, 'test'],
  ['timeout -k 10 5m npm test', CHECKS, 'test'],
  ['nice -n 10 npm test', CHECKS, 'test'],
  ['time npm test', CHECKS, 'test'],
  ['npm ci && npm test', CHECKS, 'test'],
  ['npm test && echo OK', CHECKS, 'test'],
  ['npm test || exit 1', CHECKS, 'test'],
  ['set -e; npm test; echo done', CHECKS, 'test'],
  ['bash -c "npm test"', CHECKS, 'test'],
  ['bash -o pipefail -c "npm test 2>&1 | tail -20"', CHECKS, 'test'],
  ['set -o pipefail; npm test 2>&1 | tail -20', CHECKS, 'test'],
  ['set -euo pipefail\nnpm test | tee test.log', CHECKS, 'test'],
  ['{ npm test; } && echo ok', CHECKS, 'test'],
  ['cd web && npm test', WEB, 'test'],
  ['cd "$(git rev-parse --show-toplevel)" && npm test', CHECKS, 'test'],
  ['npm test # all of them', CHECKS, 'test'],
  ['npm test; exit $?', CHECKS, 'test'],
  ['FOO="a b" npm test -- --coverage', CHECKS, 'test'],
  ['yarn test --watchAll=false', { test: 'yarn test' }, 'test'],
  ['npx vitest run --reporter=verbose', { test: 'npx vitest run' }, 'test'],
  ['npx vitest', { test: 'npx vitest run' }, 'test~'],
  // a different manager or script is not the check
  ['echo $(npm test)', CHECKS, null],
  ['cat <<EOF > notes.md\nnpm test\nEOF', CHECKS, null],
  ['pnpm test', CHECKS, null],
  ['yarn test', CHECKS, null],
  ['npm run test:unit', CHECKS, null],
  ['npm install', CHECKS, null],
  ['pnpm run test', PNPM, 'test'],
  ['pnpm t', PNPM, 'test'],
  ['npm test', PNPM, null],
  ['echo "npm test"', CHECKS, null],
  ['git commit -m "npm test passes"', CHECKS, null],
  ['cat package.json | grep test', CHECKS, null],
  // narrowed
  ['npm test -- -t "one test"', CHECKS, 'test~'],
  ['npm test -- --testNamePattern=parser', CHECKS, 'test~'],
  ['npm test -- src/parser.test.ts', CHECKS, 'test~'],
  ['npm test -- --grep parser', CHECKS, 'test~'],
  ['npm test -- -u', CHECKS, 'test~'],
  ['npm test -- --onlyChanged', CHECKS, 'test~'],
  ['npm test -w packages/api', CHECKS, 'test~'],
  ['npm --prefix packages/api test', CHECKS, 'test~'],
  ['cd packages/a && npm test', CHECKS, 'test~'],
  ['cd packages/a; npm test', CHECKS, 'test~'],
  ['cd /work/repo && npm test', CHECKS, 'test~'],
  ['npm test', WEB, 'test~'],
  ['cd web/src && npm test', WEB, 'test~'],
  // masked
  ['npm test || true', CHECKS, 'test!'],
  ['npm test; echo done', CHECKS, 'test!'],
  ['npm test 2>&1 | tail -20', CHECKS, 'test!'],
  ['npm test | tee log', CHECKS, 'test!'],
  ['npm test && echo ok || echo failed', CHECKS, 'test!'],
  ['! npm test', CHECKS, 'test!'],
  ['npm test &', CHECKS, 'test!'],
  ['(npm test) || :', CHECKS, 'test!'],
  ['npm test -- -t x || true', CHECKS, 'test~!'],
  // tsc
  ['npx tsc --noEmit', CHECKS, 'typecheck'],
  ['tsc --noEmit', CHECKS, 'typecheck'],
  ['./node_modules/.bin/tsc --noEmit', CHECKS, 'typecheck'],
  ['node_modules/.bin/tsc --noEmit -p tsconfig.json', CHECKS, 'typecheck'],
  ['npx -y tsc --noEmit --pretty', CHECKS, 'typecheck'],
  ['pnpm exec tsc --noEmit', CHECKS, 'typecheck'],
  ['npx tsc --noEmit src/a.ts', CHECKS, 'typecheck~'],
  ['npx tsc', CHECKS, 'typecheck~'],
  ['npx tsc --noEmit -p packages/a', CHECKS, 'typecheck~'],
  // several checks in one line
  ['npm run lint && npm test', CHECKS, 'test'],
  ['npm run build', CHECKS, 'build'],
  // pytest
  ['pytest', PY, 'test'],
  ['python -m pytest', PY, 'test'],
  ['python3 -m pytest -q', PY, 'test'],
  ['.venv/bin/python -m pytest -x --tb=short', PY, 'test'],
  ['uv run pytest', PY, 'test'],
  ['poetry run pytest -n auto', PY, 'test'],
  ['py.test', PY, 'test'],
  ['pytest .', PY, 'test'],
  ['pytest tests/test_a.py', PY, 'test~'],
  ['pytest -k foo', PY, 'test~'],
  ['pytest tests/test_a.py::test_one', PY, 'test~'],
  ['pytest --lf', PY, 'test~'],
  ['python -m unittest', PY, null],
  // go
  ['go test ./...', GO, 'test'],
  ['go test -v -race -count=1 ./...', GO, 'test'],
  ['go test ./pkg/a', GO, 'test~'],
  ['go test .', GO, 'test~'],
  ['go test -run TestParse ./...', GO, 'test~'],
  ['go test -short ./...', GO, 'test~'],
  ['go vet ./...', GO, 'vet'],
  ['go build ./...', GO, null],
  // cargo
  ['cargo test', CARGO, 'test'],
  ['cargo test --workspace -- --nocapture', CARGO, 'test'],
  ['cargo +nightly test', CARGO, 'test'],
  ['cargo test parser::', CARGO, 'test~'],
  ['cargo test -p core', CARGO, 'test~'],
  ['cargo clippy -- -D warnings', CARGO, 'clippy'],
  ['cargo clippy', CARGO, 'clippy~'],
  // make
  ['make test', MAKE, 'test'],
  ['make -j4 test', MAKE, 'test'],
  ['make -C sub test', MAKE, 'test~'],
  ['make lint', MAKE, null],
  // node --test
  ['node --import tsx --test', NODE, 'test'],
  ['node --test --import tsx --test-reporter=spec', NODE, 'test'],
  ['node --import tsx --test test/one.test.ts', NODE, 'test~'],
  ['node --import tsx --test --test-name-pattern=parse', NODE, 'test~'],
  ['node --import tsx src/cli.ts', NODE, null],
  // directories with repoRoot and cwd
  ['cd /work/repo && npm test', CHECKS, 'test', { repoRoot: '/work/repo', cwd: '/work/repo' }],
  ['cd /work/repo/ && npm test', CHECKS, 'test', { repoRoot: '/work/repo', cwd: '/tmp' }],
  ['npm test', CHECKS, 'test~', { repoRoot: '/work/repo', cwd: '/work/repo/packages/a' }],
  ['cd ../.. && npm test', CHECKS, 'test', { repoRoot: '/work/repo', cwd: '/work/repo/packages/a' }],
  ['cd /elsewhere && npm test', CHECKS, 'test~', { repoRoot: '/work/repo' }],
  ['cd $REPO && npm test', CHECKS, 'test~', { repoRoot: '/work/repo' }],
  ['(cd packages/a && npm test) && npm test', CHECKS, 'test', { repoRoot: '/work/repo' }],
  ['cd web && npm test', WEB, 'test', { repoRoot: '/r', cwd: '/r' }],
  ['cd /r/web && npm test', WEB, 'test', { repoRoot: '/r', cwd: '/r' }],
];

const encode = (m: ReturnType<typeof matchCheckDetailed>): Want => (m === null ? null : `${m.check}${m.narrowed ? '~' : ''}${m.masked ? '!' : ''}`);

for (const [command, checks, want, options] of ROWS) {
  test(`matchCheckDetailed(${JSON.stringify(command)}) = ${want}`, () => {
    const m = matchCheckDetailed(command, checks, options);
    assert.equal(encode(m), want, m?.note);
    if (m && (m.narrowed || m.masked)) assert.notEqual(m.note, '');
    if (m && !m.narrowed && !m.masked) assert.equal(m.note, '');
    assert.equal(matchCheck(command, checks, options), m && !m.narrowed ? m.check : null);
  });
}

test('matchChecks: every check a line runs, in order', () => {
  const all = matchChecks('npm run lint && npx tsc --noEmit && npm test -- -t x', CHECKS);
  assert.deepEqual(
    all.map((m) => encode(m)),
    ['lint', 'typecheck', 'test~'],
  );
});

test('matchChecks: a compound check must run whole, joined by &&', () => {
  const checks = { verify: 'npm run build && npm test' };
  assert.equal(encode(matchCheckDetailed('npm run build && npm test', checks)), 'verify');
  assert.equal(encode(matchCheckDetailed('npm run build; npm test', checks)), 'verify!');
  assert.equal(matchCheckDetailed('npm test', checks), null);
});

test('matchCheckDetailed: notes say what narrowed or masked the run', () => {
  assert.match(matchCheckDetailed('npm test -- -t "one test"', CHECKS)?.note ?? '', /-t one test/);
  assert.match(matchCheckDetailed('cd packages/a && npm test', CHECKS)?.note ?? '', /runs in packages\/a/);
  assert.match(matchCheckDetailed('npm test || true', CHECKS)?.note ?? '', /\|\| true/);
  assert.match(matchCheckDetailed('npm test | tail -5', CHECKS)?.note ?? '', /pipefail/);
});

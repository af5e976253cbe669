import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { countSql, quoteIdent, shellCommand, shellQuote } from './quote.ts';

const NASTY = ["it's", 'a b', '$(touch /tmp/x)', '`id`', 'a"b', '\\', '*', '\n', '--help', ''];

test('shellQuote round-trips through a real shell', () => {
  for (const arg of NASTY) {
    const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(arg)}`], { encoding: 'utf8' });
    assert.equal(echoed, arg, `${JSON.stringify(arg)} quoted as ${shellQuote(arg)}`);
  }
});

test('plain words stay bare, the rest is single-quoted', () => {
  assert.equal(shellQuote('/tmp/a-b_c.pgdump'), '/tmp/a-b_c.pgdump');
  assert.equal(shellQuote('postgresql://u@127.0.0.1:5432/app'), 'postgresql://u@127.0.0.1:5432/app');
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellCommand(['pg_restore', '-d', 'a b']), "pg_restore -d 'a b'");
  assert.throws(() => shellQuote('a\0b'), RangeError);
});

// [dialect, table, sql]
const COUNT_CASES: Array<[Parameters<typeof countSql>[0], string[], string]> = [
  ['postgres', ['users'], 'SELECT count(*) FROM "users"'],
  ['postgres', ['public', 'users'], 'SELECT count(*) FROM "public"."users"'],
  ['postgres', ['x"; DROP TABLE users; --'], 'SELECT count(*) FROM "x""; DROP TABLE users; --"'],
  ['sqlite', ['Order Items'], 'SELECT count(*) FROM "Order Items"'],
  ['mysql', ['users'], 'SELECT count(*) FROM `users`'],
  ['mysql', ['app', 'x`; DROP TABLE users; --'], 'SELECT count(*) FROM `app`.`x``; DROP TABLE users; --`'],
];

for (const [dialect, table, sql] of COUNT_CASES) {
  test(`count query for ${dialect} ${JSON.stringify(table)}`, () => assert.equal(countSql(dialect, table), sql));
}

test('an empty identifier or a NUL is refused', () => {
  assert.throws(() => quoteIdent('postgres', ''), RangeError);
  assert.throws(() => quoteIdent('mysql', 'a\0'), RangeError);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bosunCall } from './bosun-call.ts';

test('bosunCall finds bosun however it is launched, and tells running it from mentioning it', () => {
  const rows: Array<[string[], string[] | null, boolean | null]> = [
    [['bosun', 'lesson', 'ack', 'x'], ['lesson', 'ack', 'x'], true],
    [['npx', '--yes', 'bosun', 'review', 'approve'], ['review', 'approve'], true],
    [['pnpm', 'exec', 'bosun', 'ci', 'record'], ['ci', 'record'], true],
    [['/usr/bin/node', '/opt/bosun/bin/bosun.js', 'sacred', 'lock'], ['sacred', 'lock'], true],
    [['node', '/opt/bosun/dist/cli.js', 'lesson', 'add', 't'], ['lesson', 'add', 't'], true],
    [['echo', 'bosun', 'lesson', 'add'], ['lesson', 'add'], false],
    [['grep', '-r', 'bosun', 'docs'], ['docs'], false],
    [['npm', 'test'], null, null],
    [['node', 'bosun-helper.js'], null, null],
  ];
  for (const [argv, args, launched] of rows) {
    const c = bosunCall(argv);
    assert.deepEqual(c ? [...c.args] : null, args, argv.join(' '));
    assert.equal(c ? c.launched : null, launched, argv.join(' '));
  }
});

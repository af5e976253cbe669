import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BosunError } from './errors.ts';
import { EXIT } from './exit-codes.ts';
import { acquireLock, withLock, writeFileAtomic } from './fs-atomic.ts';

describe('atomic writes and lock files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-fs-atomic-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('writeFileAtomic replaces a read-only file and applies the mode', () => {
    const f = join(dir, 'ro.md');
    writeFileAtomic(f, 'one', { mode: 0o444 });
    writeFileAtomic(f, 'two', { mode: 0o444 });
    assert.equal(readFileSync(f, 'utf8'), 'two');
  });

  test('a live lock blocks; a dead holder\'s lock and an old lock are taken over', () => {
    const lock = join(dir, 'x.lock');
    const release = acquireLock(lock, { what: 'x' });
    assert.throws(() => acquireLock(lock, { what: 'the thing' }), /the thing is locked by another bosun process/);
    release();
    // A pid that cannot be alive.
    writeFileSync(lock, '2147483646 2025-01-01T00:00:00Z\n');
    acquireLock(lock, { what: 'x' })();
    writeFileSync(lock, `${process.pid} old\n`);
    const old = (Date.now() - 3_600_000) / 1000;
    utimesSync(lock, old, old);
    acquireLock(lock, { what: 'x', staleMs: 60_000 })();
  });

  test('writeFileAtomic leaves no temp file behind, also when the write fails', () => {
    const sub = join(dir, 'clean');
    writeFileAtomic(join(sub, 'a.txt'), 'a');
    assert.deepEqual(readdirSync(sub), ['a.txt']);
    assert.throws(() => writeFileAtomic(join(sub, 'a.txt', 'under-a-file'), 'x'));
    assert.deepEqual(readdirSync(sub), ['a.txt']);
  });

  test('withLock releases on a throw; a wait that runs out is an environment error (exit 4) naming the holder', () => {
    const lock = join(dir, 'y.lock');
    assert.throws(() => withLock(lock, { what: 'y' }, () => { throw new Error('boom'); }), /boom/);
    assert.equal(existsSync(lock), false, 'released after the throw');
    const release = acquireLock(lock, { what: 'y' });
    try {
      const t0 = Date.now();
      const err = (() => { try { acquireLock(lock, { what: 'the y', waitMs: 150 }); } catch (e) { return e; } return null; })();
      assert.ok(err instanceof BosunError);
      assert.equal(err.exitCode, EXIT.environment);
      assert.match(err.message, new RegExp(`the y is locked by another bosun process .*${process.pid}`));
      assert.ok(Date.now() - t0 >= 150, 'it waited');
      assert.ok(statSync(lock).isFile());
    } finally {
      release();
    }
  });
});

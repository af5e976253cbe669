import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { resolveBosunHome, parseBosunConfig } from './home.ts';
import { parseRegistry, readRegistry, renderRegistry, updateRegistry, withoutWorkspace, withWorkspace, type Registry } from './workspaces.ts';

const ws = (name: string, path: string, share = true) => ({ name, path, share, added: '2025-01-01T00:00:00.000Z' });

describe('registry planners', () => {
  const empty: Registry = { version: 1, workspaces: [] };
  test('add sorts by name; a taken name or path is refused', () => {
    const r = withWorkspace(withWorkspace(empty, ws('web', '/w')), ws('api', '/a'));
    assert.deepEqual(r.workspaces.map((w) => w.name), ['api', 'web']);
    assert.throws(() => withWorkspace(r, ws('api', '/other')), /named "api" is already registered/);
    assert.throws(() => withWorkspace(r, ws('x', '/w')), /already registered as "web"/);
  });
  test('remove by name or path; unknown names the registered ones', () => {
    const r = withWorkspace(withWorkspace(empty, ws('web', '/w')), ws('api', '/a'));
    assert.equal(withoutWorkspace(r, 'web').removed.path, '/w');
    assert.equal(withoutWorkspace(r, '/a').removed.name, 'api');
    assert.throws(() => withoutWorkspace(r, 'nope'), (err: Error & { hint?: string }) => /no workspace "nope"/.test(err.message) && err.hint === 'registered: api, web');
  });
  test('parse round-trips and names every problem', () => {
    const r = withWorkspace(empty, ws('api', '/a', false));
    assert.deepEqual(parseRegistry(renderRegistry(r), 'f'), r);
    assert.throws(() => parseRegistry('{"version":1,"workspaces":[{"name":"a b","path":"rel","share":"yes"}]}', 'f'), /name: .*path: expected an absolute path.*share: expected true or false/);
    assert.throws(() => parseRegistry('nope', 'f'), /not valid JSON/);
  });
});

describe('home and config', () => {
  test('BOSUN_HOME wins, else ~/.bosun', () => {
    assert.equal(resolveBosunHome({ BOSUN_HOME: '/x/y' }, '/home/u'), '/x/y');
    assert.equal(resolveBosunHome({ BOSUN_HOME: '' }, '/home/u'), '/home/u/.bosun');
    assert.equal(resolveBosunHome({}, '/home/u'), '/home/u/.bosun');
  });
  test('config.json: factsDir, relative to the home; unknown keys refused', () => {
    assert.deepEqual(parseBosunConfig('{"factsDir":"vault"}', 'c', '/h'), { factsDir: '/h/vault' });
    assert.deepEqual(parseBosunConfig('{"factsDir":"/srv/facts"}', 'c', '/h'), { factsDir: '/srv/facts' });
    assert.throws(() => parseBosunConfig('{"factDir":"x"}', 'c', '/h'), /unknown key "factDir"/);
  });
});

describe('registry file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-files-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('updateRegistry: concurrent-safe read-modify-write through the lock', () => {
    const home = join(dir, 'home');
    updateRegistry(home, (r) => ({ registry: withWorkspace(r, ws('a', '/a')), result: null }));
    updateRegistry(home, (r) => ({ registry: withWorkspace(r, ws('b', '/b')), result: null }));
    assert.deepEqual(readRegistry(home).workspaces.map((w) => w.name), ['a', 'b']);
  });

});

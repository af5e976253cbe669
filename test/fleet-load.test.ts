// loadFleet in-process: error codes, the cache file, and a cache that cannot be written.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadFleet, STARTER_FLEET_YAML, type FleetIssue } from '../src/fleet/index.ts';
import { BosunError } from '../src/shared/errors.ts';
import { EXIT } from '../src/shared/exit-codes.ts';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-fleet-load-')));
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
/** A fake worktree: loadFleet needs no git, only a root and a common dir. */
function workspace(fleet: string | Uint8Array | null): { repoRoot: string; commonDir: string } {
  const repoRoot = join(base, `ws${n++}`);
  mkdirSync(join(repoRoot, '.bosun'), { recursive: true });
  if (fleet !== null) writeFileSync(join(repoRoot, '.bosun', 'fleet.yaml'), fleet);
  return { repoRoot, commonDir: join(repoRoot, '.git') };
}

async function rejection(p: Promise<unknown>): Promise<BosunError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof BosunError, `expected a BosunError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loadFleet to fail');
}

describe('loadFleet', () => {
  test('loads, hashes the bytes and writes the cache', async () => {
    const ws = workspace(STARTER_FLEET_YAML);
    const r = await loadFleet(ws);
    const hash = createHash('sha256').update(STARTER_FLEET_YAML).digest('hex');
    assert.equal(r.hash, hash);
    assert.equal(r.file, join(ws.repoRoot, '.bosun', 'fleet.yaml'));
    assert.equal(r.fleet.default_agent, 'lead');
    const cache = join(ws.commonDir, 'bosun', 'cache', `fleet-${hash}.json`);
    const before = statSync(cache);
    assert.deepEqual((await loadFleet(ws)).fleet, r.fleet);
    assert.equal(statSync(cache).mtimeMs, before.mtimeMs, 'second load is a hit');
  });

  test('file: relative to the repo root, or absolute', async () => {
    const ws = workspace(null);
    writeFileSync(join(ws.repoRoot, 'other.yaml'), STARTER_FLEET_YAML);
    assert.equal((await loadFleet({ ...ws, file: 'other.yaml' })).file, join(ws.repoRoot, 'other.yaml'));
    assert.equal((await loadFleet({ ...ws, file: join(ws.repoRoot, 'other.yaml') })).fleet.steward, 'fleet-steward');
  });

  test('missing: E_FLEET_MISSING, exit code 3, a hint to run bosun init', async () => {
    const err = await rejection(loadFleet(workspace(null)));
    assert.equal(err.code, 'E_FLEET_MISSING');
    assert.equal(err.exitCode, EXIT.config);
    assert.match(err.message, /\.bosun\/fleet\.yaml/);
    assert.match(err.hint ?? '', /bosun init/);
  });

  test('invalid: E_FLEET_INVALID with every issue in details and in the message', async () => {
    const err = await rejection(loadFleet(workspace('version: 1\ndefault_agent: x\nagents:\n  lead: { role: r, autonomy: no }\n')));
    assert.equal(err.code, 'E_FLEET_INVALID');
    assert.equal(err.exitCode, EXIT.config);
    const issues = err.details as FleetIssue[];
    assert.deepEqual(
      issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}`),
      ['.bosun/fleet.yaml:2:16 default_agent', '.bosun/fleet.yaml:4:30 agents.lead.autonomy'],
    );
    assert.match(err.message, /^invalid fleet file \.bosun\/fleet\.yaml:\n\.bosun\/fleet\.yaml:2:16 {2}default_agent {2}unknown agent "x"/);
    assert.match(err.message, /2 problems in \.bosun\/fleet\.yaml$/);
  });

  test('unreadable or not UTF-8: E_FLEET_UNREADABLE', async () => {
    const dirWs = workspace(null);
    mkdirSync(join(dirWs.repoRoot, '.bosun', 'fleet.yaml'));
    assert.equal((await rejection(loadFleet(dirWs))).code, 'E_FLEET_UNREADABLE');
    const binary = await rejection(loadFleet(workspace(new Uint8Array([0x76, 0x3a, 0xff, 0xfe]))));
    assert.equal(binary.code, 'E_FLEET_UNREADABLE');
    assert.match(binary.message, /not valid UTF-8/);
  });

  test('a cache that cannot be written does not stop loading', async () => {
    const ws = workspace(STARTER_FLEET_YAML);
    writeFileSync(ws.commonDir, 'not a directory');
    assert.equal((await loadFleet(ws)).fleet.default_agent, 'lead');
    assert.equal(readFileSync(ws.commonDir, 'utf8'), 'not a directory');
  });
});

// loadFleet in-process: error codes, the cache file, and a cache that cannot be written.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadFleet, STARTER_FLEET_YAML, type FleetIssue } from '../src/fleet/index.ts';
import { RACY_MS } from '../src/fleet/cache.ts';
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

  test('the stat cache: an untouched file is not hashed again, a rewritten one always is', async () => {
    const ws = workspace(STARTER_FLEET_YAML);
    const file = join(ws.repoRoot, '.bosun', 'fleet.yaml');
    const statDir = join(ws.commonDir, 'bosun', 'fleet-stat');
    // A file written within RACY_MS is never remembered: a second write in the same timestamp tick could keep its stat.
    await loadFleet(ws);
    assert.equal(existsSync(statDir), false, 'a just-written file is not remembered');
    const later = (): number => Date.now() + RACY_MS + 1000;
    const first = await loadFleet({ ...ws, now: later });
    const [entry] = readdirSync(statDir);
    assert.ok(entry, 'remembered once the file is old enough');
    const remembered = JSON.parse(readFileSync(join(statDir, entry), 'utf8')) as { file: string; hash: string };
    assert.deepEqual([remembered.file, remembered.hash], [file, first.hash]);

    // Proof that the remembered hash is used: point it at another cached fleet; the stat path returns that one.
    const other = workspace(STARTER_FLEET_YAML.replace('default_agent: lead', 'default_agent: reviewer'));
    const otherHash = (await loadFleet({ ...other, commonDir: ws.commonDir })).hash;
    writeFileSync(join(statDir, entry), JSON.stringify({ ...remembered, hash: otherHash }));
    assert.equal((await loadFleet(ws)).fleet.default_agent, 'reviewer', 'the stat identity matched, nothing was hashed');

    // A rewrite of the same size, with the old mtime put back, still changes ctime: the new content is read.
    const ref = join(ws.repoRoot, 'mtime-ref');
    execFileSync('touch', ['-r', file, ref]); // keeps the exact mtime (utimes from JS rounds it)
    const edited = STARTER_FLEET_YAML.replace('role: Reviews changes', 'role: Reviews CHANGES');
    assert.equal(edited.length, STARTER_FLEET_YAML.length);
    writeFileSync(file, edited);
    execFileSync('touch', ['-r', ref, file]);
    assert.equal(statSync(file, { bigint: true }).mtimeNs, statSync(ref, { bigint: true }).mtimeNs, 'same size, same mtime');
    const r = await loadFleet({ ...ws, now: later });
    assert.equal(r.fleet.default_agent, 'lead');
    assert.equal(r.fleet.agents['reviewer']?.role.startsWith('Reviews CHANGES'), true, 'the rewritten file was read, not the remembered hash');
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

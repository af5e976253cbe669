import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFact, parseTtl, renderFact, slugify } from './parse.ts';
import { expiryDate, factStatus } from './status.ts';
import type { Fact } from './types.ts';

const GOOD = `---
id: db-primary
title: The primary database is db1.internal
owner: ops
evidence-file: ../infra/hosts.yaml
evidence-text: "db1.internal  # primary"
verified: 2025-01-10
ttl: 30d
---
Failover goes to db2.
`;

describe('parseFact', () => {
  test('reads every field, quoted values decoded', () => {
    const r = parseFact(GOOD, '/v/db-primary.md');
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.fact, {
      id: 'db-primary',
      title: 'The primary database is db1.internal',
      owner: 'ops',
      evidence: { file: '../infra/hosts.yaml', text: 'db1.internal  # primary' },
      verified: '2025-01-10',
      ttlDays: 30,
      staleReason: null,
      body: 'Failover goes to db2.',
    });
  });

  test('ttl defaults to 90 days; comments and blank lines in the front matter are ignored', () => {
    const r = parseFact('---\n# a comment\n\nid: a\ntitle: A\nowner: me\nevidence-command: true\nverified: 2025-01-01\n---\n', '/v/a.md');
    assert.ok(r.ok);
    assert.equal(r.fact.ttlDays, 90);
    assert.equal(r.fact.body, '');
  });

  const BAD: [string, string, RegExp][] = [
    ['no front matter', 'id: a\n', /front matter starting/],
    ['unclosed', '---\nid: a\n', /no closing/],
    ['unknown key with suggestion', '---\nid: a\ntitle: A\nowner: o\nevidence-note: n\nverified: 2025-01-01\nverifed: 2025-01-01\n---\n', /unknown key "verifed"/],
    ['bad date', '---\nid: a\ntitle: A\nowner: o\nevidence-note: n\nverified: 2025-02-30\n---\n', /not a date/],
    ['bad ttl', '---\nid: a\ntitle: A\nowner: o\nevidence-note: n\nverified: 2025-01-01\nttl: soon\n---\n', /ttl: "soon"/],
    ['no evidence', '---\nid: a\ntitle: A\nowner: o\nverified: 2025-01-01\n---\n', /evidence: missing/],
    ['cited text without a file', '---\nid: a\ntitle: A\nowner: o\nevidence-text: x\nverified: 2025-01-01\n---\n', /needs evidence-file/],
    ['id and file name differ', '---\nid: b\ntitle: A\nowner: o\nevidence-note: n\nverified: 2025-01-01\n---\n', /does not match the file name a\.md/],
    ['no owner', '---\nid: a\ntitle: A\nevidence-note: n\nverified: 2025-01-01\n---\n', /owner: missing/],
    ['bad quoting', '---\nid: a\ntitle: "A\nowner: o\nevidence-note: n\nverified: 2025-01-01\n---\n', /JSON string/],
  ];
  for (const [name, text, re] of BAD) {
    test(`refuses: ${name}`, () => {
      const r = parseFact(text, '/v/a.md');
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.issues.map((i) => i.message).join('\n'), re);
    });
  }

  test('collects every issue at once', () => {
    const r = parseFact('---\nid: Bad Id\nverified: x\n---\n', '/v/x.md');
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.issues.length >= 4, JSON.stringify(r.issues));
  });
});

describe('renderFact', () => {
  test('round-trips, quoting what needs it', () => {
    const fact: Fact = {
      id: 'x',
      title: ' leading space',
      owner: 'a "quoted" owner',
      evidence: { file: '/etc/hosts', text: '# not a comment', command: 'grep -q x /etc/hosts', note: 'ask\nBob' },
      verified: '2025-03-04',
      ttlDays: 14,
      staleReason: 'evidence file /etc/hosts is missing',
      body: 'Line 1\n\nLine 2',
    };
    const text = renderFact(fact);
    const r = parseFact(text, '/v/x.md');
    assert.ok(r.ok, text);
    assert.deepEqual(r.fact, fact);
  });
});

describe('ttl, slug, status', () => {
  test('parseTtl', () => {
    assert.equal(parseTtl('90'), 90);
    assert.equal(parseTtl('90d'), 90);
    assert.equal(parseTtl('2w'), 14);
    assert.equal(parseTtl('0'), null);
    assert.equal(parseTtl('-3'), null);
    assert.equal(parseTtl('3m'), null);
  });
  test('slugify', () => {
    assert.equal(slugify('The DB host: db1.internal!'), 'the-db-host-db1-internal');
    assert.equal(slugify('Café über'), 'cafe-uber');
    assert.equal(slugify('!!!'), '');
  });
  test('fresh until the day after expiry, stale wins', () => {
    const f: Fact = { id: 'a', title: 'A', owner: 'o', evidence: { note: 'n' }, verified: '2025-01-01', ttlDays: 10, staleReason: null, body: '' };
    assert.equal(expiryDate(f), '2025-01-11');
    assert.equal(factStatus(f, Date.parse('2025-01-11T23:00:00Z')).state, 'fresh');
    const late = factStatus(f, Date.parse('2025-01-12T00:00:01Z'));
    assert.equal(late.state, 'expired');
    assert.match(late.reason ?? '', /expired on 2025-01-11/);
    assert.equal(factStatus({ ...f, staleReason: 'gone' }, Date.parse('2025-01-02T00:00:00Z')).state, 'stale');
  });
});

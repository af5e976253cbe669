import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { aggregateLessons } from './aggregate.ts';
import { lessonSearcher, openDatabase, searchLessons, writeLessonsDb } from './fts.ts';
import { buildFtsQuery } from './query.ts';

describe('buildFtsQuery', () => {
  test('quotes every term; a trailing * stays a prefix; punctuation-only terms dropped', () => {
    assert.deepEqual(buildFtsQuery('npm install'), { all: '"npm" "install"', any: '"npm" OR "install"', terms: ['"npm"', '"install"'] });
    assert.equal(buildFtsQuery('deplo*').all, '"deplo"*');
    assert.equal(buildFtsQuery('say "hi"').all, '"say" """hi"""');
    assert.deepEqual(buildFtsQuery(' - * ( ) ').terms, []);
  });
});

describe('FTS5 index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-fts-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'lessons.db');
  writeLessonsDb(
    db,
    aggregateLessons([
      { workspace: 'api', lessons: [
        { id: 'L1', topic: 'build', text: 'npm install takes three minutes: native modules compile', date: '2025-01-01', private: false },
        { id: 'L2', topic: 'deploy', text: 'Deploy only from a green CI run on main', date: '2025-01-02', private: false },
        { id: 'L3', topic: 'npm', text: 'Pin npm in CI; npm 11 changed the lockfile format for installs', date: '2025-01-03', private: false },
      ] },
      { workspace: 'web', lessons: [{ id: 'L9', topic: 'build', text: 'npm install takes three minutes: native modules compile', date: '2025-02-01', private: false }] },
    ]),
    { synced_at: 'T' },
  );

  test('ranks by bm25 and carries provenance', () => {
    const r = searchLessons(db, 'native compile', 10);
    assert.equal(r.mode, 'all');
    assert.equal(r.hits.length, 1);
    assert.deepEqual(r.hits[0]!.sources.map((s) => `${s.workspace}:${s.id}`), ['api:L1', 'web:L9']);
    const npm = searchLessons(db, 'npm', 10);
    assert.equal(npm.hits.length, 2);
    // The lesson whose topic and text both say npm ranks first.
    assert.equal(npm.hits[0]!.topic, 'npm');
    assert.ok(npm.hits[0]!.score <= npm.hits[1]!.score);
  });

  test('a cut list says so: `more` is true only when the limit left lessons out', () => {
    const two = searchLessons(db, 'npm', 2);
    assert.equal(two.hits.length, 2);
    assert.equal(two.more, false);
    const one = searchLessons(db, 'npm', 1);
    assert.equal(one.hits.length, 1);
    assert.equal(one.more, true);
    assert.equal(searchLessons(db, 'zzznothing', 1).more, false);
  });

  test('stemming: "installing" finds "install"', () => {
    assert.equal(searchLessons(db, 'installing', 10).hits.length, 2);
  });

  test('falls back to any word when no lesson has all of them', () => {
    const r = searchLessons(db, 'deploy kubernetes', 10);
    assert.equal(r.mode, 'any');
    assert.equal(r.hits[0]!.topic, 'deploy');
  });

  test('FTS syntax in the query never throws', () => {
    const search = lessonSearcher(openDatabase(db, { readonly: true }));
    for (const q of ['"', 'a"b', 'NEAR(npm', 'npm AND', 'OR', '(', ')', '*', 'topic:npm', '-npm', '^npm', 'npm + install', "'; DROP TABLE lessons; --", '{text}: x', 'ü', '']) {
      assert.doesNotThrow(() => search(q, 5), q);
    }
    // Operators are words: "AND" is searched for, found nowhere, and the fallback shows the npm lessons.
    const r = search('npm AND', 5);
    assert.equal(r.mode, 'any');
    assert.equal(r.hits.length, 2);
  });

  test('a missing index is a clear error', () => {
    assert.throws(() => searchLessons(join(dir, 'nope.db'), 'x', 1), /no lessons index/);
  });
});

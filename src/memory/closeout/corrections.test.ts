import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCorrection, type CorrectionCue } from './corrections.ts';

// [message, expected cue or null]. Every false positive or miss found later becomes a row here.
const CORPUS: Array<[string, CorrectionCue | null]> = [
  // plain corrections
  ['No, use pnpm, not npm.', 'no'],
  ['no', 'no'],
  ['Nope. That breaks the build.', 'no'],
  ["Don't touch the migrations folder.", 'dont'],
  ['Please do not run the whole suite, it takes ten minutes.', 'dont'],
  ['ok, never push to main directly', 'dont'],
  ["That's fine, but don't commit the lockfile", 'dont'],
  ['Stop. You are editing the generated file.', 'stop'],
  ['please stop rewriting the tests', 'stop'],
  ["That's wrong: the API returns cents.", 'wrong'],
  ['You edited the wrong file', 'wrong'],
  ['Use the ledger helper instead.', 'instead'],
  ['Instead of mocking the database, use the local postgres.', 'instead'],
  ['Don’t use sed here (curly apostrophe)', 'dont'],
  // not corrections: negations, other senses, questions about something else
  ['No tests exist for the parser yet, please add some.', null],
  ['no problem, carry on', null],
  ['No worries!', null],
  ["I don't know why the build fails, can you look?", null],
  ["Don't worry about the lint warnings.", null],
  ['Why does the stop hook run twice?', null],
  ["What's wrong with the CI run?", null],
  ['Something went wrong in the deploy, check the logs', null],
  ['There is nothing wrong with the schema.', null],
  ['Add a non-stop retry loop', null],
  ["Don't stop until the tests pass.", 'dont'],
  ['Implement the parser.', null],
  // cue words only inside code, quotes or block quotes do not count
  ['Run `git commit --no-verify` is what the docs say? fix the hook', null],
  ['Set the message to "no such file" please', null],
  ['Here is the output:\n```\nerror: wrong number of arguments\nStop.\n```\ncan you fix it', null],
  ['> No, use pnpm\nthat was the reviewer; apply it', null],
  ['    stop the server\nthe snippet above is from the README', null],
  ['the flag is `--instead-of`', null],
  ['Change the label to “Stop deploy”', null],
  // the cue in a later sentence still counts
  ['Thanks for the change. No, the date must be UTC.', 'no'],
];

for (const [message, expected] of CORPUS) {
  test(`correction: ${JSON.stringify(message).slice(0, 70)} -> ${expected ?? 'none'}`, () => {
    assert.equal(findCorrection(message)?.cue ?? null, expected);
  });
}

test('the sentence reported is the one carrying the cue', () => {
  assert.equal(findCorrection('Thanks. No, use the local postgres at 5432.')?.sentence, 'No, use the local postgres at 5432.');
});

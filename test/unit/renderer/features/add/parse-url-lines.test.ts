import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHeaderLines } from '../../../../../renderer/src/features/add/parse-header-lines';
import { parseUrlLines } from '../../../../../renderer/src/features/add/parse-url-lines';

describe('parseUrlLines', () => {
  test('gives every bad line its own error with its line number and keeps the good ones', { timeout: 1000 }, () => {
    const parsed = parseUrlLines('https://a.example/1.zip\n\nnot a link\n# a comment\nhttps://b.example/2 https://c.example/3\nftp://old.example/f');
    assert.deepEqual(
      parsed.links.map((link) => [link.lineNumber, link.url]),
      [
        [1, 'https://a.example/1.zip'],
        [5, 'https://b.example/2'],
        [5, 'https://c.example/3'],
      ],
    );
    assert.deepEqual(parsed.errors.map((error) => error.lineNumber), [3, 6]);
    assert.equal(parsed.errors[0]?.message, '“not a link” is not a valid web address.');
    assert.match(parsed.errors[1]?.message ?? '', /Only http and https/);
  });
});

describe('parseUrlLines with pasted lists', () => {
  test('reads a markdown link and a CSV line without errors for their punctuation', { timeout: 1000 }, () => {
    const parsed = parseUrlLines('[mirror](https://b.example/2.zip)\n"https://a.example/1.zip","https://c.example/3.zip"');
    assert.deepEqual(
      parsed.links.map((link) => [link.lineNumber, link.url]),
      [
        [1, 'https://b.example/2.zip'],
        [2, 'https://a.example/1.zip'],
        [2, 'https://c.example/3.zip'],
      ],
    );
    assert.deepEqual(parsed.errors, []);
  });
});

describe('parseHeaderLines', () => {
  test('reads Name: value lines and names the line that is wrong', { timeout: 1000 }, () => {
    assert.deepEqual(parseHeaderLines('Referer: https://example.com/\nCookie: a=b: c\n'), {
      headers: { Referer: 'https://example.com/', Cookie: 'a=b: c' },
      errors: [],
    });
    assert.deepEqual(parseHeaderLines('no colon here\nBad Name: x').errors, [
      'Header line 1 needs the form “Name: value”.',
      'Header line 2: “Bad Name” is not a valid header name.',
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AddOutcome } from '../../../../../shared/download-types';
import { keepUnaddedLines } from '../../../../../renderer/src/features/add/keep-unadded-lines';
import { parseUrlLines } from '../../../../../renderer/src/features/add/parse-url-lines';

const FAILURE = { code: 'DL_ERR_DISCONNECTED', message: 'The engine went away.', retryable: true };

function added(url: string): AddOutcome {
  return { status: 'added', input: url, id: url };
}

describe('keepUnaddedLines', () => {
  test('keeps only the links of the batch that failed, not the ones already added', { timeout: 1000 }, () => {
    const text = 'https://a.example/1\nhttps://b.example/2\nhttps://c.example/3';
    const parsed = parseUrlLines(text);
    const kept = keepUnaddedLines(text, parsed, { outcomes: [added('https://a.example/1')], failure: FAILURE });
    assert.equal(kept.addedCount, 1);
    assert.equal(kept.unsentCount, 2);
    assert.equal(kept.text, 'https://b.example/2\nhttps://c.example/3');
    assert.deepEqual(kept.errors, []);
  });

  test('keeps the unadded half of a line that a batch boundary cut', { timeout: 1000 }, () => {
    const text = 'https://a.example/1 https://b.example/2';
    const kept = keepUnaddedLines(text, parseUrlLines(text), { outcomes: [added('https://a.example/1')], failure: FAILURE });
    assert.equal(kept.text, 'https://b.example/2');
  });

  test('keeps bad lines with their errors renumbered next to the unsent ones', { timeout: 1000 }, () => {
    const text = 'https://a.example/1\nnot a link\nhttps://b.example/2';
    const kept = keepUnaddedLines(text, parseUrlLines(text), { outcomes: [added('https://a.example/1')], failure: FAILURE });
    assert.equal(kept.text, 'not a link\nhttps://b.example/2');
    assert.deepEqual(kept.errors.map((error) => error.lineNumber), [1]);
  });

  test('leaves the box empty and lists duplicates when every call succeeded', { timeout: 1000 }, () => {
    const text = 'https://a.example/1\nhttps://b.example/2';
    const outcomes: AddOutcome[] = [added('https://a.example/1'), { status: 'duplicate', input: 'https://b.example/2', id: 'b', message: 'Already in the queue.' }];
    const kept = keepUnaddedLines(text, parseUrlLines(text), { outcomes, failure: null });
    assert.deepEqual(kept, { addedCount: 1, duplicateUrls: ['https://b.example/2'], unsentCount: 0, text: '', errors: [] });
  });
});

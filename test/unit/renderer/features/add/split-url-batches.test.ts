import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_URL_BYTES_PER_CALL, splitUrlBatches } from '../../../../../renderer/src/features/add/split-url-batches';

describe('splitUrlBatches', () => {
  test('cuts by count when the links are short', { timeout: 1000 }, () => {
    const urls = Array.from({ length: 7 }, (_, index) => `https://a/${index}`);
    assert.deepEqual(splitUrlBatches(urls, { maxLinks: 3, maxUrlBytes: 1_000 }), [urls.slice(0, 3), urls.slice(3, 6), urls.slice(6)]);
  });

  test('cuts by size when the links are long, counting UTF-8 bytes and the JSON around each link', { timeout: 1000 }, () => {
    // 10 characters + 3 bytes of JSON = 13 bytes each; 2 fit in 30 bytes, 3 do not.
    const urls = ['https://a1', 'https://b2', 'https://c3', 'https://d4'];
    assert.deepEqual(splitUrlBatches(urls, { maxLinks: 100, maxUrlBytes: 30 }), [urls.slice(0, 2), urls.slice(2)]);
    // "é" is 2 bytes in UTF-8, so 2 such links no longer fit in 30 bytes.
    const wide = ['https://é1', 'https://é2'];
    assert.deepEqual(splitUrlBatches(wide, { maxLinks: 100, maxUrlBytes: 27 }), [['https://é1'], ['https://é2']]);
  });

  test('gives a link longer than the limit a batch of its own instead of dropping it', { timeout: 1000 }, () => {
    const long = `https://a/${'x'.repeat(100)}`;
    assert.deepEqual(splitUrlBatches(['https://b', long, 'https://c'], { maxLinks: 100, maxUrlBytes: 50 }), [['https://b'], [long], ['https://c']]);
  });

  test('keeps the largest links the contract allows within the default budget', { timeout: 5000 }, () => {
    const urls = Array.from({ length: 200 }, (_, index) => `https://a/${index}/${'x'.repeat(65_000)}`);
    const batches = splitUrlBatches(urls);
    assert.deepEqual(batches.flat(), urls);
    for (const batch of batches) assert.ok(batch.join('').length <= MAX_URL_BYTES_PER_CALL);
  });

  test('returns no batch for no links', { timeout: 1000 }, () => {
    assert.deepEqual(splitUrlBatches([]), []);
  });
});

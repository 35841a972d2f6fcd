import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DownloadError } from '../../../../electron/engine/errors';
import {
  computeRetryDelayMs,
  createHttpStatusError,
  DEFAULT_RETRY_POLICY,
  isRetryableError,
  parseRetryAfterMs,
} from '../../../../electron/engine/retry-policy';

describe('the retry policy', () => {
  test('retries network errors, 5xx, 408 and 429, and not other 4xx', () => {
    assert.equal(isRetryableError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), true);
    assert.equal(isRetryableError(createHttpStatusError(503, 'http://h/x')), true);
    assert.equal(isRetryableError(createHttpStatusError(408, 'http://h/x')), true);
    assert.equal(isRetryableError(createHttpStatusError(429, 'http://h/x')), true);
    assert.equal(isRetryableError(createHttpStatusError(404, 'http://h/x')), false);
    assert.equal(isRetryableError(new DownloadError('DL_ERR_CHECKSUM', 'bad')), false);
  });

  test('gives 4xx errors a sentence a user can read', () => {
    assert.equal(createHttpStatusError(404, 'http://files.example/x').message, 'The file was not found on files.example (HTTP 404).');
  });

  test('reads Retry-After as seconds or as a date', () => {
    assert.equal(parseRetryAfterMs('3'), 3000);
    assert.equal(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
    assert.equal(parseRetryAfterMs('soon'), undefined);
  });

  test('backs off exponentially with jitter, capped, and never sooner than Retry-After', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };
    const plain = new Error('x');
    assert.equal(computeRetryDelayMs(1, policy, plain, () => 0), 500);
    assert.equal(computeRetryDelayMs(3, policy, plain, () => 1), 4000);
    assert.equal(computeRetryDelayMs(10, policy, plain, () => 1), 8000);
    const asked = new DownloadError('DL_ERR_HTTP_STATUS', 'busy', { httpStatus: 503, retryAfterMs: 5000 });
    assert.equal(computeRetryDelayMs(1, policy, asked, () => 0), 5000);
  });
});

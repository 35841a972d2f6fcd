import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TokenBucket } from '../../../../electron/engine/token-bucket';

describe('the token bucket', () => {
  test('lets bytes through at the configured rate, within 5% over a second', { timeout: 5000 }, async () => {
    const bytesPerSecond = 2 * 1024 * 1024;
    const bucket = new TokenBucket(bytesPerSecond);
    const signal = new AbortController().signal;
    const startMs = performance.now();
    let passedBytes = 0;
    while (performance.now() - startMs < 1000) {
      await bucket.take(64 * 1024, signal);
      passedBytes += 64 * 1024;
    }
    const rate = (passedBytes * 1000) / (performance.now() - startMs);
    // One 64 KiB take may finish the second early: that is 3% of the rate, on top of the 5% allowed.
    assert.ok(Math.abs(rate / bytesPerSecond - 1) <= 0.08, `rate ${rate}`);
  });

  test('is a no-op when unlimited, and a waiting take rejects when aborted', { timeout: 5000 }, async () => {
    const unlimited = new TokenBucket(null);
    await unlimited.take(1e12, new AbortController().signal);
    const slow = new TokenBucket(1);
    const controller = new AbortController();
    await slow.take(1e6, controller.signal);
    const waiting = slow.take(10, controller.signal);
    controller.abort();
    await assert.rejects(waiting, /stopped/);
  });
});

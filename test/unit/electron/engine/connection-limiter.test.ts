import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectionLimiter } from '../../../../electron/engine/connection-limiter';

describe('the connection limiter', () => {
  test('tryAcquire grants at once while both caps allow, and never while a cap is reached', () => {
    const limiter = new ConnectionLimiter({ maxGlobal: 3, maxPerHost: 2 });
    const first = limiter.tryAcquire('a:80');
    const second = limiter.tryAcquire('a:80');
    assert.ok(first !== null && second !== null);
    assert.equal(limiter.tryAcquire('a:80'), null, 'per-host cap');
    const other = limiter.tryAcquire('b:80');
    assert.ok(other !== null);
    assert.equal(limiter.tryAcquire('c:80'), null, 'global cap');
    first();
    first();
    assert.equal(limiter.inUseCount, 2, 'a release counts once');
    assert.ok(limiter.tryAcquire('c:80') !== null);
  });

  test('tryAcquire does not jump the queue of waiting connections', async () => {
    const limiter = new ConnectionLimiter({ maxGlobal: 1, maxPerHost: 1 });
    const release = limiter.tryAcquire('a:80');
    assert.ok(release !== null);
    const waiting = limiter.acquire('b:80', new AbortController().signal);
    release();
    const granted = await waiting;
    assert.equal(limiter.tryAcquire('c:80'), null);
    granted();
    assert.equal(limiter.inUseCount, 0);
  });
});

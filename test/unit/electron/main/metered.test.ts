import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNetworkManagerMetered, readNetworkManagerMetered } from '../../../../electron/main/metered';

describe('parseNetworkManagerMetered', () => {
  test('reads busctl output: yes and guess-yes are metered, no and guess-no are not', { timeout: 2000 }, () => {
    assert.equal(parseNetworkManagerMetered('u 1\n'), true);
    assert.equal(parseNetworkManagerMetered('u 3\n'), true);
    assert.equal(parseNetworkManagerMetered('u 2\n'), false);
    assert.equal(parseNetworkManagerMetered('u 4\n'), false);
  });

  test('reads gdbus output the same way', { timeout: 2000 }, () => {
    assert.equal(parseNetworkManagerMetered('(<uint32 3>,)\n'), true);
    assert.equal(parseNetworkManagerMetered('(<uint32 4>,)\n'), false);
  });

  test('answers null for unknown, out-of-range and unrelated output', { timeout: 2000 }, () => {
    for (const output of ['u 0', 'u 9', '(<uint32 0>,)', 's "yes"', '', 'Failed to get property Metered: Unknown object']) {
      assert.equal(parseNetworkManagerMetered(output), null, output);
    }
  });
});

describe('readNetworkManagerMetered', () => {
  test('does not ask anything outside Linux', { timeout: 2000 }, async () => {
    assert.equal(await readNetworkManagerMetered({ platform: 'darwin' }), null);
    assert.equal(await readNetworkManagerMetered({ platform: 'win32' }), null);
  });

  test('answers true, false or null on this machine without throwing', { timeout: 10_000 }, async () => {
    const answer = await readNetworkManagerMetered({ timeoutMs: 2000 });
    assert.ok(answer === null || typeof answer === 'boolean');
  });
});

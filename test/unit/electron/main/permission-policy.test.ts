import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPermissionGranted } from '../../../../electron/main/permission-policy';

describe('isPermissionGranted', () => {
  test('lets the app page write to the clipboard', { timeout: 2000 }, () => {
    assert.equal(isPermissionGranted('clipboard-sanitized-write', 'app://fetchpoint/index.html'), true);
    assert.equal(isPermissionGranted('clipboard-sanitized-write', 'app://fetchpoint'), true);
  });

  test('denies everything else, and everything to other origins', { timeout: 2000 }, () => {
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem', 'unknown']) {
      assert.equal(isPermissionGranted(permission, 'app://fetchpoint/index.html'), false, permission);
    }
    assert.equal(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example/'), false);
    assert.equal(isPermissionGranted('clipboard-sanitized-write', 'file:///index.html'), false);
  });
});

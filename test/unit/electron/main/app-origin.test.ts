import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APP_INDEX_URL, isAppUrl, isExternalWebUrl } from '../../../../electron/main/app-origin';

describe('isAppUrl', () => {
  test('accepts the app index and any path of the app origin', { timeout: 2000 }, () => {
    assert.equal(isAppUrl(APP_INDEX_URL), true);
    assert.equal(isAppUrl('app://fetchpoint/assets/index-abc.js'), true);
    assert.equal(isAppUrl('APP://FETCHPOINT/index.html'), true);
  });

  test('rejects other schemes, hosts, credentials and garbage', { timeout: 2000 }, () => {
    for (const url of [
      'file:///opt/Fetchpoint/resources/app.asar/dist/renderer/index.html',
      'https://fetchpoint/index.html',
      'app://fetchpoint.example/index.html',
      'app://evil/index.html',
      'app://user:pass@fetchpoint/index.html',
      'about:blank',
      '',
      'not a url',
    ]) {
      assert.equal(isAppUrl(url), false, url);
    }
  });
});

describe('isExternalWebUrl', () => {
  test('lets only http and https links reach the OS browser', { timeout: 2000 }, () => {
    assert.equal(isExternalWebUrl('https://example.com/help'), true);
    assert.equal(isExternalWebUrl('http://example.com/'), true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'app://fetchpoint/', '::']) {
      assert.equal(isExternalWebUrl(url), false, url);
    }
  });
});

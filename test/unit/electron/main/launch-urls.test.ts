import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractLaunchUrls } from '../../../../electron/main/launch-urls';

describe('extractLaunchUrls', () => {
  test('keeps http and https arguments and drops the executable, the app path and Chromium switches', { timeout: 2000 }, () => {
    const argv = [
      '/opt/Fetchpoint/fetchpoint',
      '/home/user/fetchpoint',
      '--original-process-start-time=13371337',
      '--allow-file-access-from-files',
      'https://example.com/a.iso',
      'HTTP://Example.com/b.zip#part',
      '-v',
    ];
    assert.deepEqual(extractLaunchUrls(argv), ['https://example.com/a.iso', 'http://example.com/b.zip']);
  });

  test('ignores other schemes, bare host names and duplicates', { timeout: 2000 }, () => {
    const argv = ['file:///etc/passwd', 'ftp://example.com/x', 'example.com/file.bin', 'https://example.com/x', ' https://example.com/x '];
    assert.deepEqual(extractLaunchUrls(argv), ['https://example.com/x']);
  });

  test('returns nothing for a plain start', { timeout: 2000 }, () => {
    assert.deepEqual(extractLaunchUrls(['/usr/bin/electron', '.']), []);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOsDesktopActions, getOpenCommand, getRevealCommand } from '../../../../electron/headless/os-desktop-actions';

describe('the OS opener commands', () => {
  test('open a file with the default application on each platform', { timeout: 2000 }, () => {
    assert.deepEqual(getOpenCommand('/d/a b.iso', 'linux'), { command: 'xdg-open', args: ['/d/a b.iso'], isVerbatim: false });
    assert.deepEqual(getOpenCommand('/d/a b.iso', 'darwin'), { command: 'open', args: ['/d/a b.iso'], isVerbatim: false });
    assert.deepEqual(getOpenCommand('C:\\d\\a b.iso', 'win32'), { command: 'explorer.exe', args: ['"C:\\d\\a b.iso"'], isVerbatim: true });
  });

  test('reveal a file in the file manager, or open its folder on Linux', { timeout: 2000 }, () => {
    assert.deepEqual(getRevealCommand('/d/a.iso', 'linux'), { command: 'xdg-open', args: ['/d'], isVerbatim: false });
    assert.deepEqual(getRevealCommand('/d/a.iso', 'darwin'), { command: 'open', args: ['-R', '/d/a.iso'], isVerbatim: false });
    assert.deepEqual(getRevealCommand('C:\\d\\a.iso', 'win32'), { command: 'explorer.exe', args: ['/select,"C:\\d\\a.iso"'], isVerbatim: true });
  });

  test('pass a path with shell metacharacters as one argument, since no shell runs', { timeout: 2000 }, () => {
    assert.deepEqual(getOpenCommand('/d/-rf; rm x', 'linux').args, ['/d/-rf; rm x']);
  });

  test('reports a missing opener as a typed file-system error', { timeout: 5000 }, async () => {
    const originalPath = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      await assert.rejects(createOsDesktopActions('linux').openPath('/tmp/x'), { name: 'DownloadError', code: 'DL_ERR_FILE_SYSTEM' });
    } finally {
      process.env['PATH'] = originalPath;
    }
  });
});

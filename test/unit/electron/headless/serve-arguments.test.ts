import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_WEB_PORT, parseServeArguments, ServeUsageError } from '../../../../electron/headless/serve-arguments';

const ENVIRONMENT = { FETCHPOINT_STATE_DIR: '/tmp/fetchpoint-state' };

describe('parseServeArguments', () => {
  test('defaults to 127.0.0.1 on the default port and the default state folder', { timeout: 2000 }, () => {
    assert.deepEqual(parseServeArguments([], ENVIRONMENT), {
      port: DEFAULT_WEB_PORT,
      host: '127.0.0.1',
      stateDirectory: '/tmp/fetchpoint-state',
      downloadDirectory: undefined,
      allowRemote: false,
    });
  });

  test('reads every option', { timeout: 2000 }, () => {
    assert.deepEqual(parseServeArguments(['--port', '0', '--host', '::1', '--state', 'st', '--dir', 'dl'], ENVIRONMENT), {
      port: 0,
      host: '::1',
      stateDirectory: resolve('st'),
      downloadDirectory: resolve('dl'),
      allowRemote: false,
    });
    assert.equal(parseServeArguments(['--host', '0.0.0.0', '--allow-remote'], ENVIRONMENT).allowRemote, true);
  });

  test('refuses a non-loopback host without --allow-remote', { timeout: 2000 }, () => {
    assert.throws(() => parseServeArguments(['--host', '0.0.0.0'], ENVIRONMENT), (error: unknown) => {
      assert.ok(error instanceof ServeUsageError);
      assert.match(error.message, /--allow-remote/);
      return true;
    });
  });

  test('refuses bad ports, unknown options and stray arguments', { timeout: 2000 }, () => {
    for (const argv of [['--port', 'x'], ['--port', '70000'], ['--port', '-1'], ['--port', ''], ['--prot', '1'], ['extra']]) {
      assert.throws(() => parseServeArguments(argv, ENVIRONMENT), ServeUsageError, argv.join(' '));
    }
  });
});

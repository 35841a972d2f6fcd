import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { openEngineHost } from '../../../electron/headless/engine-bootstrap';
import { INVOKE_CHANNEL_NAMES } from '../../../shared/ipc-contract';
import { REPOSITORY_ROOT } from '../../helpers/cli-process';

type Entry = Record<string, unknown> & { type: string };

interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  entries: Entry[];
  /** Resolves with the first logged entry that matches. */
  waitFor(matches: (entry: Entry) => boolean, timeoutMs?: number): Promise<Entry>;
  /** Sends a command to the stand-in and resolves with its reply. */
  command(command: Record<string, unknown>): Promise<Entry>;
  exited: Promise<{ code: number | null; stderr: string }>;
}

describe('the Electron main process, run against a stand-in electron module', () => {
  let workDirectory: string;
  let bundlePath: string;
  let appPath: string;

  before(async () => {
    workDirectory = await mkdtemp(join(tmpdir(), 'fetchpoint-main-'));
    bundlePath = join(workDirectory, 'bundle', 'main.cjs');
    await build({
      absWorkingDir: REPOSITORY_ROOT,
      entryPoints: ['electron/main/index.ts'],
      outfile: bundlePath,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node22',
      external: ['better-sqlite3'],
      alias: { electron: join(REPOSITORY_ROOT, 'test', 'helpers', 'electron-stand-in.ts') },
      logLevel: 'error',
    });
    appPath = join(workDirectory, 'app');
    await mkdir(join(appPath, 'dist', 'renderer'), { recursive: true });
    await mkdir(join(appPath, 'resources'), { recursive: true });
    await writeFile(join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Fetchpoint</title>');
    await writeFile(join(appPath, 'resources', 'tray.png'), 'png');
  });
  after(async () => {
    await rm(workDirectory, { recursive: true, force: true });
  });

  function startMain(stateDirectory: string, argv: readonly string[] = []): MainProcess {
    const child = spawn(process.execPath, [bundlePath, ...argv], {
      cwd: workDirectory,
      env: {
        ...process.env,
        NODE_PATH: join(REPOSITORY_ROOT, 'node_modules'),
        FETCHPOINT_STATE_DIR: stateDirectory,
        STAND_IN_APP_PATH: appPath,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const entries: Entry[] = [];
    const waiters = new Set<() => void>();
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('STAND-IN ')) entries.push(JSON.parse(line.slice('STAND-IN '.length)) as Entry);
      for (const waiter of waiters) waiter();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; stderr: string }>((resolvePromise) => child.on('close', (code) => resolvePromise({ code, stderr })));
    const waitFor = (matches: (entry: Entry) => boolean, timeoutMs = 15_000): Promise<Entry> =>
      new Promise((resolvePromise, rejectPromise) => {
        const check = (): boolean => {
          const found = entries.find(matches);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolvePromise(found);
          return true;
        };
        const waiter = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          rejectPromise(new Error(`No matching entry within ${timeoutMs} ms. Seen: ${entries.map((entry) => entry.type).join(', ')}\n${stderr}`));
        }, timeoutMs);
        if (!check()) waiters.add(waiter);
      });
    let nextId = 1;
    const command = (body: Record<string, unknown>): Promise<Entry> => {
      const id = nextId++;
      child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
      return waitFor((entry) => entry.type === 'reply' && entry['id'] === id);
    };
    return { child, entries, waitFor, command, exited };
  }

  test('starts securely, serves every channel, adds launch URLs and flushes the engine on quit', { timeout: 60_000 }, async () => {
    const stateDirectory = join(workDirectory, 'state-main');
    const main = startMain(stateDirectory, ['--some-chromium-flag', 'http://127.0.0.1:9/launch.bin']);
    try {
      const schemes = await main.waitFor((entry) => entry.type === 'register-schemes');
      assert.equal(schemes['isReady'], false, 'privileged schemes must be registered before ready');
      assert.deepEqual(schemes['schemes'], [
        { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
      ]);

      const window = await main.waitFor((entry) => entry.type === 'window-created');
      const webPreferences = (window['options'] as { webPreferences: Record<string, unknown> }).webPreferences;
      assert.equal(webPreferences['contextIsolation'], true);
      assert.equal(webPreferences['sandbox'], true);
      assert.equal(webPreferences['nodeIntegration'], false);
      assert.equal(webPreferences['webSecurity'], true);
      assert.equal(webPreferences['allowRunningInsecureContent'], false);
      assert.equal(webPreferences['webviewTag'], false);
      assert.match(String(webPreferences['preload']), /preload\.cjs$/);
      assert.equal((await main.waitFor((entry) => entry.type === 'window-load'))['url'], 'app://fetchpoint/index.html');
      await main.waitFor((entry) => entry.type === 'window-show');
      await main.waitFor((entry) => entry.type === 'permission-check-handler');
      await main.waitFor((entry) => entry.type === 'tray-created');

      const channels = await main.command({ type: 'channels' });
      assert.deepEqual((channels['channels'] as string[]).sort(), [...INVOKE_CHANNEL_NAMES].sort());

      const status = await main.command({ type: 'invoke', channel: 'engine:status', payload: {}, frameUrl: 'app://fetchpoint/index.html' });
      assert.equal((status['result'] as { ok: boolean }).ok, true);
      const foreign = await main.command({ type: 'invoke', channel: 'engine:status', payload: {}, frameUrl: 'https://evil.example/' });
      assert.equal((foreign['result'] as { error: { code: string } }).error.code, 'DL_ERR_UNTRUSTED_SENDER');
      const subframe = await main.command({ type: 'invoke', channel: 'engine:status', payload: {}, frameUrl: 'app://fetchpoint/index.html', isSubframe: true });
      assert.equal((subframe['result'] as { error: { code: string } }).error.code, 'DL_ERR_UNTRUSTED_SENDER');
      const invalid = await main.command({ type: 'invoke', channel: 'downloads:list', payload: { offset: -1 }, frameUrl: 'app://fetchpoint/index.html' });
      assert.equal((invalid['result'] as { error: { code: string } }).error.code, 'DL_ERR_INVALID_INPUT');

      const page = await main.command({ type: 'fetch', url: 'app://fetchpoint/index.html' });
      assert.equal(page['status'], 200);
      assert.equal(page['contentType'], 'text/html; charset=utf-8');
      assert.match(String(page['csp']), /default-src 'none'; script-src 'self'/);
      const escape = await main.command({ type: 'fetch', url: 'app://fetchpoint/..%2f..%2fresources%2ftray.png' });
      assert.equal(escape['status'], 404);
      const otherHost = await main.command({ type: 'fetch', url: 'app://elsewhere/index.html' });
      assert.equal(otherHost['status'], 404);

      assert.equal((await main.command({ type: 'permission', permission: 'media', origin: 'app://fetchpoint' }))['granted'], false);
      assert.equal((await main.command({ type: 'permission', permission: 'clipboard-sanitized-write', origin: 'app://fetchpoint' }))['granted'], true);
      assert.equal((await main.command({ type: 'navigate', url: 'https://example.com/help' }))['prevented'], true);
      await main.waitFor((entry) => entry.type === 'shell-open-external' && entry['url'] === 'https://example.com/help');
      assert.equal((await main.command({ type: 'navigate', url: 'file:///etc/passwd' }))['prevented'], true);
      assert.deepEqual((await main.command({ type: 'window-open', url: 'javascript:alert(1)' }))['answer'], { action: 'deny' });
      assert.equal(main.entries.filter((entry) => entry.type === 'shell-open-external').length, 1);

      await main.command({ type: 'second-instance', argv: ['/opt/Fetchpoint/fetchpoint', 'http://127.0.0.1:9/second.bin'] });
      const listed = async (): Promise<string[]> => {
        const reply = await main.command({ type: 'invoke', channel: 'downloads:list', payload: { offset: 0, limit: 10 }, frameUrl: 'app://fetchpoint/index.html' });
        return (reply['result'] as { value: { items: Array<{ url: string }> } }).value.items.map((item) => item.url);
      };
      const deadline = Date.now() + 10_000;
      let urls = await listed();
      while (urls.length < 2 && Date.now() < deadline) {
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
        urls = await listed();
      }
      assert.deepEqual(urls.sort(), ['http://127.0.0.1:9/launch.bin', 'http://127.0.0.1:9/second.bin']);

      await main.command({ type: 'quit' });
      const outcome = await main.exited;
      assert.equal(outcome.code, 0, outcome.stderr);
      assert.deepEqual(
        main.entries.filter((entry) => entry.type === 'quit-requested').map((entry) => entry['prevented']),
        [true],
      );
    } finally {
      main.child.kill('SIGKILL');
      await main.exited;
    }
    // The lock is released and the queue survived: the next owner sees both downloads.
    const reopened = openEngineHost({ stateDirectory });
    try {
      assert.equal(reopened.engine.list({ offset: 0, limit: 10 }).total, 2);
    } finally {
      await reopened.close();
    }
  });

  test('pauses downloads when the network goes away and resumes them when it returns', { timeout: 60_000 }, async () => {
    const stateDirectory = join(workDirectory, 'state-network');
    // A server that accepts and never answers keeps the download active for as long as the test needs.
    const silentSockets = new Set<Socket>();
    const silent = createServer((socket) => {
      silentSockets.add(socket);
      socket.on('close', () => silentSockets.delete(socket));
    });
    await new Promise<void>((resolvePromise) => silent.listen(0, '127.0.0.1', resolvePromise));
    const silentPort = (silent.address() as AddressInfo).port;
    const main = startMain(stateDirectory);
    try {
      await main.waitFor((entry) => entry.type === 'window-show');
      const frameUrl = 'app://fetchpoint/index.html';
      await main.command({ type: 'invoke', channel: 'downloads:add', payload: { urls: [`http://127.0.0.1:${silentPort}/a.bin`] }, frameUrl });
      await main.command({ type: 'set-online', value: false });
      const read = async (): Promise<{ isOnline: boolean; pauseReason: unknown }> => {
        const status = await main.command({ type: 'invoke', channel: 'engine:status', payload: {}, frameUrl });
        const list = await main.command({ type: 'invoke', channel: 'downloads:list', payload: { offset: 0, limit: 1 }, frameUrl });
        return {
          isOnline: (status['result'] as { value: { isOnline: boolean } }).value.isOnline,
          pauseReason: (list['result'] as { value: { items: Array<{ pauseReason: unknown }> } }).value.items[0]?.pauseReason,
        };
      };
      let state = await read();
      const deadline = Date.now() + 10_000;
      while (state.isOnline && Date.now() < deadline) {
        // Offline must be confirmed by two polls; each resume event triggers one.
        await main.command({ type: 'set-online', value: false });
        state = await read();
      }
      assert.deepEqual(state, { isOnline: false, pauseReason: 'network-lost' });
      await main.command({ type: 'set-online', value: true });
      state = await read();
      assert.equal(state.isOnline, true);
      assert.notEqual(state.pauseReason, 'network-lost');
      await main.command({ type: 'quit' });
      assert.equal((await main.exited).code, 0);
    } finally {
      main.child.kill('SIGKILL');
      await main.exited;
      for (const socket of silentSockets) socket.destroy();
      await new Promise<void>((resolvePromise) => silent.close(() => resolvePromise()));
    }
  });

  test('shows the lock sentence and exits with 3 when another process owns the state folder', { timeout: 60_000 }, async () => {
    const stateDirectory = join(workDirectory, 'state-locked');
    const owner = openEngineHost({ stateDirectory });
    try {
      const main = startMain(stateDirectory);
      const outcome = await main.exited;
      assert.equal(outcome.code, 3, outcome.stderr);
      const box = main.entries.find((entry) => entry.type === 'error-box');
      assert.equal(box?.['title'], 'Fetchpoint is already running');
      assert.match(String(box?.['content']), /Another Fetchpoint process \(the app, the CLI or the web host\) is using/);
      assert.equal(main.entries.some((entry) => entry.type === 'window-created'), false);
    } finally {
      await owner.close();
    }
  });

  test('a second instance hands over and exits at once', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [bundlePath], {
      env: { ...process.env, NODE_PATH: join(REPOSITORY_ROOT, 'node_modules'), STAND_IN_SECOND_INSTANCE: '1', STAND_IN_APP_PATH: appPath },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolvePromise) => child.on('close', resolvePromise));
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /window-created/);
  });
});

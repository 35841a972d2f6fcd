import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { READY_LINE_PREFIX } from '../../../electron/headless/serve-arguments';
import { REPOSITORY_ROOT } from '../../helpers/cli-process';
import {
  connectContractClient,
  RENDERER_SCRIPT,
  sendHttp,
  startWebHostHarness,
  type WebHostHarness,
} from '../../helpers/web-host-harness';

describe('web host security', () => {
  let harness: WebHostHarness;
  before(async () => {
    harness = await startWebHostHarness();
  });
  after(async () => {
    await harness.dispose();
  });

  test('serves the pages without the token: they hold no secret', { timeout: 5000 }, async () => {
    assert.equal((await sendHttp(harness.host.port, '/', { Host: harness.authority })).status, 200);
    assert.equal((await sendHttp(harness.host.port, '/assets/app-1234.js', { Host: harness.authority })).status, 200);
  });

  test('answers 401 to a wrong token in a page link or in the socket query', { timeout: 5000 }, async () => {
    const wrongQuery = await sendHttp(harness.host.port, '/?token=guess', { Host: harness.authority });
    assert.equal(wrongQuery.status, 401);
    assert.match(wrongQuery.body, /printed at start/);
    await assert.rejects(connectContractClient(harness.host.port, { Origin: harness.origin }, '?token=guess'), { status: 401 });
  });

  test('refuses the WebSocket upgrade without the token with 401, a token in a cookie included', { timeout: 5000 }, async () => {
    await assert.rejects(connectContractClient(harness.host.port, { Origin: harness.origin }), { status: 401 });
    // Browsers send a cookie to every port of a host, so a token there would reach any server on 127.0.0.1.
    const cookie = `fetchpoint_token_${harness.host.port}=${harness.host.token}`;
    await assert.rejects(connectContractClient(harness.host.port, { Origin: harness.origin, Cookie: cookie }), { status: 401 });
  });

  test('answers 403 to a request from another Origin, even with the token', { timeout: 5000 }, async () => {
    const answer = await sendHttp(harness.host.port, '/', { Host: harness.authority, Origin: 'http://evil.example' });
    assert.equal(answer.status, 403);
    const otherPort = await sendHttp(harness.host.port, '/', { Host: harness.authority, Origin: 'http://127.0.0.1:1' });
    assert.equal(otherPort.status, 403);
    const opaque = await sendHttp(harness.host.port, '/', { Host: harness.authority, Origin: 'null' });
    assert.equal(opaque.status, 403);
  });

  test('refuses a WebSocket upgrade from another Origin with 403, even with the token', { timeout: 5000 }, async () => {
    await assert.rejects(connectContractClient(harness.host.port, { Origin: 'http://evil.example' }, harness.tokenQuery), { status: 403 });
  });

  test('answers 403 to a foreign Host header (DNS rebinding), even with the token', { timeout: 5000 }, async () => {
    const rebound = await sendHttp(harness.host.port, '/', { Host: `evil.example:${harness.host.port}` });
    assert.equal(rebound.status, 403);
    const wrongPort = await sendHttp(harness.host.port, '/', { Host: '127.0.0.1:1' });
    assert.equal(wrongPort.status, 403);
    // Node's HTTP parser already refuses an HTTP/1.1 request without Host, before the guard sees it.
    const missing = await sendHttp(harness.host.port, '/', {});
    assert.equal(missing.status, 400);
    await assert.rejects(
      connectContractClient(harness.host.port, { Host: `evil.example:${harness.host.port}` }, harness.tokenQuery),
      { status: 403 },
    );
  });

  test('accepts localhost and 127.0.0.1 Host names on its own port', { timeout: 5000 }, async () => {
    for (const host of [`localhost:${harness.host.port}`, `127.0.0.1:${harness.host.port}`]) {
      const answer = await sendHttp(harness.host.port, '/', { Host: host, Origin: `http://${host}` });
      assert.equal(answer.status, 200, host);
    }
  });

  test('moves the token of an older ?token= link into the fragment, and never sets a cookie', { timeout: 5000 }, async () => {
    const answer = await sendHttp(harness.host.port, `/?token=${harness.host.token}`, { Host: harness.authority });
    assert.equal(answer.status, 303);
    assert.equal(answer.headers['location'], `/#token=${harness.host.token}`);
    assert.equal(answer.headers['set-cookie'], undefined);
    assert.equal((await sendHttp(harness.host.port, '/', { Host: harness.authority })).headers['set-cookie'], undefined);
  });

  test('accepts the token in the query of the WebSocket upgrade', { timeout: 5000 }, async () => {
    const client = await connectContractClient(harness.host.port, { Origin: harness.origin }, `?token=${harness.host.token}`);
    const status = await client.invoke('engine:status', {});
    assert.equal(status.result.ok, true);
    await client.close();
  });

  test('serves the renderer with its MIME type, caching rule, CSP and hardening headers', { timeout: 5000 }, async () => {
    const page = await sendHttp(harness.host.port, '/', { Host: harness.authority });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['x-frame-options'], 'DENY');
    const policy = String(page.headers['content-security-policy']);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.match(policy, new RegExp(`connect-src 'self' ws://${harness.authority.replace('.', '\\.')}`));
    assert.match(policy, /frame-ancestors 'none'/);

    const script = await sendHttp(harness.host.port, '/assets/app-1234.js', { Host: harness.authority });
    assert.equal(script.status, 200);
    assert.equal(script.body, RENDERER_SCRIPT);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['cache-control'], 'private, max-age=31536000, immutable');
    const style = await sendHttp(harness.host.port, '/assets/style-1234.css', { Host: harness.authority });
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
    const icon = await sendHttp(harness.host.port, '/icon.svg', { Host: harness.authority });
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
  });

  test('never serves a file outside the renderer folder', { timeout: 5000 }, async () => {
    for (const path of ['/../../../../etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%00', '/%5c..%5cetc']) {
      const answer = await sendHttp(harness.host.port, path, { Host: harness.authority });
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(answer.body, /root:/);
    }
  });

  test('answers 405 to methods other than GET and HEAD', { timeout: 5000 }, async () => {
    const answer = await sendHttp(harness.host.port, '/', { Host: harness.authority }, 'POST');
    assert.equal(answer.status, 405);
  });
});

interface ServeProcess {
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  readyUrl: Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

function startServe(args: readonly string[]): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join('electron', 'headless', 'serve.ts'), ...args], {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let announce: (url: string) => void = () => undefined;
  const readyUrl = new Promise<string>((resolvePromise) => (announce = resolvePromise));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const line = stdout.split('\n').find((candidate) => candidate.startsWith(READY_LINE_PREFIX));
    if (line !== undefined) announce(line.slice(READY_LINE_PREFIX.length).trim());
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise) => {
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
  return { exited, readyUrl, kill: (signal) => child.kill(signal) };
}

describe('npm run serve', () => {
  let stateRoot: string;
  before(async () => {
    stateRoot = await mkdtemp(join(tmpdir(), 'fetchpoint-serve-'));
  });
  after(async () => {
    await rm(stateRoot, { recursive: true, force: true });
  });

  test('prints one ready URL with a token, and a second process on the same state folder gets the lock error', { timeout: 60_000 }, async () => {
    const stateDirectory = join(stateRoot, 'state');
    const first = startServe(['--port', '0', '--state', stateDirectory]);
    try {
      const readyUrl = await first.readyUrl;
      assert.match(readyUrl, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
      const url = new URL(readyUrl);
      const page = await sendHttp(Number(url.port), url.pathname, { Host: url.host });
      // 503 until the renderer is built; either way the page needs no token.
      assert.ok(page.status === 200 || page.status === 503, String(page.status));
      const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
      const client = await connectContractClient(Number(url.port), { Origin: url.origin }, `?token=${token}`);
      assert.equal((await client.invoke('engine:status', {})).result.ok, true);
      await client.close();

      const second = startServe(['--port', '0', '--state', stateDirectory]);
      const outcome = await second.exited;
      assert.equal(outcome.code, 3);
      assert.match(outcome.stderr, /Another Fetchpoint process \(the app, the CLI or the web host\) is using .*state/);
      assert.doesNotMatch(outcome.stdout, /Fetchpoint web UI:/);
    } finally {
      first.kill('SIGTERM');
    }
    const stopped = await first.exited;
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(stopped.stdout.split('\n').filter((line) => line.startsWith(READY_LINE_PREFIX)).length, 1);
  });

  test('refuses a non-loopback --host without --allow-remote with exit code 2', { timeout: 30_000 }, async () => {
    const run = startServe(['--port', '0', '--host', '0.0.0.0', '--state', join(stateRoot, 'remote')]);
    const outcome = await run.exited;
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /Refusing to listen on 0\.0\.0\.0.*--allow-remote/s);
  });
});

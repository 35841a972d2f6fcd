import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { DISCONNECTED_ERROR_CODE, createWebTransport, type WebConnectionState, type WebTransport } from '../../../../renderer/src/lib/web-transport';
import { startWebHost } from '../../../../electron/headless/web-host';
import type { EngineStatus } from '../../../../shared/download-types';
import { createFetchpointApi, INVOKE_CHANNEL_NAMES, INVOKE_CHANNELS, type ApiResult } from '../../../../shared/ipc-contract';
import { WEB_SOCKET_PATH } from '../../../../shared/web-protocol';
import { INVALID_REQUESTS } from '../../../helpers/contract-samples';
import { startWebHostHarness, type WebHostHarness } from '../../../helpers/web-host-harness';

function waitForState(transport: WebTransport, wanted: WebConnectionState, timeoutMs = 10_000): Promise<void> {
  if (transport.state === wanted) return Promise.resolve();
  return new Promise((resolvePromise, rejectPromise) => {
    const timer = setTimeout(() => {
      unsubscribe();
      rejectPromise(new Error(`The transport did not become ${wanted} within ${timeoutMs} ms (it is ${transport.state}).`));
    }, timeoutMs);
    const unsubscribe = transport.onStateChange((state) => {
      if (state !== wanted) return;
      clearTimeout(timer);
      unsubscribe();
      resolvePromise();
    });
  });
}

describe('the browser WebSocket transport against the real web host', () => {
  let harness: WebHostHarness;
  let transport: WebTransport;
  before(async () => {
    harness = await startWebHostHarness();
    transport = createWebTransport({ url: `ws://${harness.authority}${WEB_SOCKET_PATH}?token=${harness.host.token}`, connectWaitMs: 500 });
  });
  after(async () => {
    transport.close();
    await harness.dispose();
  });

  test('routes every API method to its channel and returns the host envelope', { timeout: 15_000 }, async () => {
    const api = createFetchpointApi(transport) as unknown as Record<string, (request: unknown) => Promise<ApiResult<unknown>>>;
    for (const channel of INVOKE_CHANNEL_NAMES) {
      const method = api[INVOKE_CHANNELS[channel].method];
      assert.ok(method !== undefined, channel);
      const result = await method(INVALID_REQUESTS[channel]);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.code, 'DL_ERR_INVALID_INPUT');
        assert.match(result.error.message, new RegExp(channel));
      }
    }
    const status = await createFetchpointApi(transport).getEngineStatus({});
    assert.equal(status.ok, true);
  });

  test('delivers events to subscribers until they unsubscribe', { timeout: 15_000 }, async () => {
    const api = createFetchpointApi(transport);
    const seen: string[][] = [];
    const unsubscribe = api.onDownloadsChanged((payload) => seen.push(payload.items.map((item) => item.id)));
    const added = await api.addDownloads({ urls: ['http://127.0.0.1:9/never.bin'], options: { startPaused: true } });
    assert.equal(added.ok, true);
    const id = added.ok && added.value.outcomes[0]?.status === 'added' ? added.value.outcomes[0].id : '';
    const deadline = Date.now() + 5000;
    while (!seen.some((ids) => ids.includes(id)) && Date.now() < deadline) await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
    assert.ok(seen.some((ids) => ids.includes(id)), 'no downloads:changed event carried the new item');
    unsubscribe();
    const countAfterUnsubscribe = seen.length;
    await api.removeDownloads({ ids: [id], deleteFiles: false });
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 300));
    assert.equal(seen.length, countAfterUnsubscribe);
  });

  test('answers invokes with a disconnected envelope while the host is gone, then reconnects to its successor', { timeout: 30_000 }, async () => {
    await waitForState(transport, 'open');
    const { port, token } = harness.host;
    await harness.host.close();
    await waitForState(transport, 'reconnecting');
    const whileDown = await transport.invoke('engine:status', {});
    assert.equal((whileDown as ApiResult<unknown>).ok, false);
    assert.equal((whileDown as { error: { code: string } }).error.code, DISCONNECTED_ERROR_CODE);

    const successor = await startWebHost({
      engine: harness.engine.engine,
      actions: { openPath: async () => undefined, showItemInFolder: async () => undefined },
      rendererDirectory: harness.rendererDirectory,
      port,
      token,
    });
    try {
      await waitForState(transport, 'open', 15_000);
      const status = (await transport.invoke('engine:status', {})) as ApiResult<EngineStatus>;
      assert.equal(status.ok, true);
    } finally {
      await successor.close();
    }
  });
});

describe('the browser WebSocket transport when a connection drops mid-call', () => {
  test('resolves an invoke still in flight with the disconnected envelope', { timeout: 10_000 }, async () => {
    // A host that accepts the request and hangs up without answering.
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolvePromise) => silent.once('listening', () => resolvePromise()));
    silent.on('connection', (socket) => socket.once('message', () => socket.close(1011, 'gone')));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const transport = createWebTransport({ url: `ws://127.0.0.1:${port}${WEB_SOCKET_PATH}`, initialRetryDelayMs: 5000 });
    try {
      await waitForState(transport, 'open');
      const result = (await transport.invoke('downloads:pause-all', {})) as ApiResult<unknown>;
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.code, DISCONNECTED_ERROR_CODE);
        assert.equal(result.error.retryable, true);
      }
    } finally {
      transport.close();
      for (const client of silent.clients) client.terminate();
      await new Promise<void>((resolvePromise) => silent.close(() => resolvePromise()));
    }
    const afterClose = (await transport.invoke('engine:status', {})) as ApiResult<unknown>;
    assert.equal(afterClose.ok, false);
  });
});

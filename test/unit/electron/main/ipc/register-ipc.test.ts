import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INVOKE_CHANNEL_NAMES, type ApiResult, type InvokeChannel } from '../../../../../shared/ipc-contract';
import type { HandlerTable } from '../../../../../electron/engine/contract-handlers';
import { APP_INDEX_URL } from '../../../../../electron/main/app-origin';
import {
  isTrustedSender,
  registerIpc,
  UNTRUSTED_SENDER_ERROR_CODE,
  type InvokeEventFacts,
  type IpcMainPort,
} from '../../../../../electron/main/ipc/register-ipc';
import { createValidRequests, INVALID_REQUESTS } from '../../../../helpers/contract-samples';

type Listener = (event: InvokeEventFacts, payload: unknown) => Promise<ApiResult<unknown>>;

/** Records handle() registrations the way Electron's ipcMain keeps them: one handler per channel. */
class StandInIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    assert.ok(!this.handlers.has(channel), `${channel} registered twice`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventFacts, payload: unknown): Promise<ApiResult<unknown>> {
    const listener = this.handlers.get(channel);
    assert.ok(listener !== undefined, `no handler for ${channel}`);
    return listener(event, payload);
  }
}

/** A handler table whose every entry records its call and answers null. */
function createRecordingTable(): { table: HandlerTable; calls: Array<{ channel: InvokeChannel; request: unknown }> } {
  const calls: Array<{ channel: InvokeChannel; request: unknown }> = [];
  const entries = INVOKE_CHANNEL_NAMES.map((channel) => [
    channel,
    (request: unknown) => {
      calls.push({ channel, request });
      return null;
    },
  ]);
  // Built from the channel list, so it has exactly the keys HandlerTable declares.
  return { table: Object.fromEntries(entries) as HandlerTable, calls };
}

const appFrame: InvokeEventFacts = { senderFrame: { url: APP_INDEX_URL, parent: null } };

describe('registerIpc', () => {
  test('registers a handler for every invoke channel of the contract and removes them all on dispose', { timeout: 5000 }, () => {
    const ipcMain = new StandInIpcMain();
    const dispose = registerIpc(ipcMain, createRecordingTable().table);
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), [...INVOKE_CHANNEL_NAMES].sort());
    dispose();
    assert.equal(ipcMain.handlers.size, 0);
  });

  test('answers an invalid payload on every channel with a typed DL_ERR_INVALID_INPUT envelope and never calls the engine', { timeout: 5000 }, async () => {
    const ipcMain = new StandInIpcMain();
    const { table, calls } = createRecordingTable();
    registerIpc(ipcMain, table);
    for (const channel of INVOKE_CHANNEL_NAMES) {
      for (const payload of [INVALID_REQUESTS[channel], 'not an object', 42]) {
        const result = await ipcMain.invoke(channel, appFrame, payload);
        assert.equal(result.ok, false, `${channel} accepted ${JSON.stringify(payload)}`);
        if (!result.ok) {
          assert.equal(result.error.code, 'DL_ERR_INVALID_INPUT', channel);
          assert.equal(result.error.retryable, false);
          assert.match(result.error.message, new RegExp(channel));
        }
      }
    }
    assert.deepEqual(calls, []);
  });

  test('passes a valid payload from the app window to the handler and answers ok', { timeout: 5000 }, async () => {
    const ipcMain = new StandInIpcMain();
    const { table, calls } = createRecordingTable();
    registerIpc(ipcMain, table);
    const valid = createValidRequests({ id: 'item-1', url: 'https://example.com/file.bin' });
    for (const channel of INVOKE_CHANNEL_NAMES) {
      const result = await ipcMain.invoke(channel, appFrame, valid[channel]);
      assert.deepEqual(result, { ok: true, value: null }, channel);
    }
    assert.deepEqual(
      calls.map((call) => call.channel),
      INVOKE_CHANNEL_NAMES,
    );
  });

  test('refuses a subframe, a foreign page and a destroyed frame on every channel without calling the engine', { timeout: 5000 }, async () => {
    const ipcMain = new StandInIpcMain();
    const { table, calls } = createRecordingTable();
    registerIpc(ipcMain, table);
    const valid = createValidRequests({ id: 'item-1', url: 'https://example.com/file.bin' });
    const strangers: InvokeEventFacts[] = [
      { senderFrame: { url: APP_INDEX_URL, parent: { url: APP_INDEX_URL } } },
      { senderFrame: { url: 'https://evil.example/index.html', parent: null } },
      { senderFrame: { url: 'file:///home/user/dist/renderer/index.html', parent: null } },
      { senderFrame: { url: 'app://fetchpoint.evil/index.html', parent: null } },
      { senderFrame: null },
    ];
    for (const channel of INVOKE_CHANNEL_NAMES) {
      for (const event of strangers) {
        const result = await ipcMain.invoke(channel, event, valid[channel]);
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.error.code, UNTRUSTED_SENDER_ERROR_CODE, `${channel} from ${JSON.stringify(event)}`);
      }
    }
    assert.deepEqual(calls, []);
  });

  test('trusts only the top frame of the app origin', { timeout: 5000 }, () => {
    assert.equal(isTrustedSender({ url: 'app://fetchpoint/', parent: null }), true);
    assert.equal(isTrustedSender({ url: 'app://fetchpoint/index.html#settings', parent: null }), true);
    assert.equal(isTrustedSender({ url: 'app://user@fetchpoint/index.html', parent: null }), false);
    assert.equal(isTrustedSender({ url: 'not a url', parent: null }), false);
  });
});

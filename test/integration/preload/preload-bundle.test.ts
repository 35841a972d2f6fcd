import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { EVENT_CHANNEL_NAMES, EVENT_CHANNELS, INVOKE_CHANNEL_NAMES, INVOKE_CHANNELS } from '../../../shared/ipc-contract';
import { REPOSITORY_ROOT } from '../../helpers/cli-process';

type Listener = (event: unknown, payload: unknown) => void;

/** Bundles the preload the way scripts/build-electron.mjs does and returns its code. */
async function bundlePreload(): Promise<string> {
  const result = await build({
    absWorkingDir: REPOSITORY_ROOT,
    entryPoints: ['electron/preload/index.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    minify: true,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('the preload bundle', () => {
  test('requires nothing but electron, as a sandboxed preload must', { timeout: 30_000 }, async () => {
    const code = await bundlePreload();
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    assert.deepEqual([...new Set(required)], ['electron']);
    assert.doesNotMatch(code, /\bprocess\.|\bBuffer\b/);
  });

  test('exposes exactly one object, window.fetchpoint, with one method per contract channel', { timeout: 30_000 }, async () => {
    const code = await bundlePreload();
    const exposed = new Map<string, Record<string, (argument: unknown) => unknown>>();
    const invoked: Array<[string, unknown]> = [];
    const listeners = new Map<string, Set<Listener>>();
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, (argument: unknown) => unknown>) => exposed.set(key, api),
      },
      ipcRenderer: {
        invoke: async (channel: string, request: unknown) => {
          invoked.push([channel, request]);
          return { ok: true, value: null };
        },
        on: (channel: string, listener: Listener) => {
          const set = listeners.get(channel) ?? new Set<Listener>();
          set.add(listener);
          listeners.set(channel, set);
        },
        removeListener: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
        send: () => assert.fail('the preload must never use ipcRenderer.send'),
      },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => (name === 'electron' ? electron : assert.fail(`required ${name}`)),
    });

    assert.deepEqual([...exposed.keys()], ['fetchpoint']);
    const api = exposed.get('fetchpoint') ?? {};
    const expectedMethods = [
      ...INVOKE_CHANNEL_NAMES.map((channel) => INVOKE_CHANNELS[channel].method),
      ...EVENT_CHANNEL_NAMES.map((channel) => EVENT_CHANNELS[channel].method),
    ];
    assert.deepEqual(Object.keys(api).sort(), [...expectedMethods].sort());

    for (const channel of INVOKE_CHANNEL_NAMES) {
      const answer = await api[INVOKE_CHANNELS[channel].method]?.({ probe: channel });
      assert.deepEqual(answer, { ok: true, value: null });
    }
    assert.deepEqual(
      invoked,
      INVOKE_CHANNEL_NAMES.map((channel) => [channel, { probe: channel }]),
    );

    for (const channel of EVENT_CHANNEL_NAMES) {
      const received: unknown[] = [];
      const unsubscribe = api[EVENT_CHANNELS[channel].method]?.((payload: unknown) => received.push(payload)) as () => void;
      const registered = [...(listeners.get(channel) ?? [])];
      assert.equal(registered.length, 1, channel);
      registered[0]?.({ sender: 'the IPC event must not reach the page' }, { value: channel });
      assert.deepEqual(received, [{ value: channel }]);
      unsubscribe();
      assert.equal(listeners.get(channel)?.size, 0);
    }
  });
});

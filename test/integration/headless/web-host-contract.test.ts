import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { INVOKE_CHANNEL_NAMES, INVOKE_CHANNELS, type InvokeChannel } from '../../../shared/ipc-contract';
import { createValidRequests, INVALID_REQUESTS } from '../../helpers/contract-samples';
import { generateBody, startFaultServer, type FaultServer } from '../../helpers/fault-server';
import { connectContractClient, startWebHostHarness, type ContractClient, type WebHostHarness } from '../../helpers/web-host-harness';

function idOf(value: unknown): string {
  const outcome = (value as { outcomes: Array<{ status: string; id?: string }> }).outcomes[0];
  assert.equal(outcome?.status, 'added');
  return outcome?.id ?? '';
}

describe('the web host serves the whole contract', () => {
  let server: FaultServer;
  let harness: WebHostHarness;
  let client: ContractClient;

  before(async () => {
    server = await startFaultServer();
    server.addResource('/files/first.bin', { body: generateBody(96 * 1024, 1) });
    server.addResource('/files/second.bin', { body: generateBody(64 * 1024, 2) });
    harness = await startWebHostHarness();
    client = await connectContractClient(harness.host.port, { Origin: harness.origin }, harness.tokenQuery);
  });
  after(async () => {
    await client.close();
    await harness.dispose();
    await server.close();
  });

  test('answers every invoke channel with a typed envelope whose value matches the response schema', { timeout: 30_000 }, async () => {
    const added = await client.invoke('downloads:add', { urls: [server.url('/files/first.bin')] });
    assert.equal(added.result.ok, true, JSON.stringify(added.result));
    const completedId = idOf(added.result.ok ? added.result.value : null);
    await harness.engine.engine.waitUntilSettled([completedId]);
    assert.equal(harness.engine.engine.get(completedId).state, 'completed');

    const pausedSamples = createValidRequests({ id: 'replaced below', url: server.url('/files/second.bin') });
    const addPaused = await client.invoke('downloads:add', pausedSamples['downloads:add']);
    assert.equal(addPaused.result.ok, true, JSON.stringify(addPaused.result));
    const pausedId = idOf(addPaused.result.ok ? addPaused.result.value : null);
    const onPaused = createValidRequests({ id: pausedId, url: server.url('/files/second.bin') });
    const onCompleted = createValidRequests({ id: completedId, url: server.url('/files/first.bin') });

    // An order in which every call is legitimate, so each must answer ok.
    const plan: Array<[InvokeChannel, unknown]> = [
      ['downloads:list', onPaused['downloads:list']],
      ['downloads:log', onPaused['downloads:log']],
      ['downloads:configure', onPaused['downloads:configure']],
      ['downloads:reorder', onPaused['downloads:reorder']],
      ['files:open', onCompleted['files:open']],
      ['files:show-in-folder', onCompleted['files:show-in-folder']],
      ['settings:get', onPaused['settings:get']],
      ['settings:set', onPaused['settings:set']],
      ['engine:status', onPaused['engine:status']],
      ['downloads:pause', onPaused['downloads:pause']],
      ['downloads:resume', onPaused['downloads:resume']],
      ['downloads:pause-all', onPaused['downloads:pause-all']],
      ['downloads:resume-all', onPaused['downloads:resume-all']],
      ['downloads:refresh-link', onPaused['downloads:refresh-link']],
      ['downloads:retry', onPaused['downloads:retry']],
      ['downloads:cancel', onPaused['downloads:cancel']],
      ['downloads:clear-completed', onPaused['downloads:clear-completed']],
      ['downloads:remove', onPaused['downloads:remove']],
    ];
    const covered = new Set<InvokeChannel>(['downloads:add']);
    for (const [channel, payload] of plan) {
      const answer = await client.invoke(channel, payload);
      assert.equal(answer.result.ok, true, `${channel}: ${JSON.stringify(answer.result)}`);
      if (answer.result.ok) INVOKE_CHANNELS[channel].response.parse(answer.result.value);
      covered.add(channel);
    }
    assert.deepEqual([...covered].sort(), [...INVOKE_CHANNEL_NAMES].sort());

    const completedPath = join(harness.engine.downloadDirectory, 'first.bin');
    assert.deepEqual(harness.openedPaths, [
      { action: 'open', path: completedPath },
      { action: 'reveal', path: completedPath },
    ]);
    const listed = await client.invoke('downloads:list', { offset: 0, limit: 10 });
    assert.deepEqual(listed.result.ok ? listed.result.value : null, { items: [], total: 0 });
  });

  test('answers an invalid payload on every channel with DL_ERR_INVALID_INPUT', { timeout: 10_000 }, async () => {
    for (const channel of INVOKE_CHANNEL_NAMES) {
      for (const payload of [INVALID_REQUESTS[channel], 42, 'text']) {
        const answer = await client.invoke(channel, payload);
        assert.equal(answer.result.ok, false, `${channel} accepted ${JSON.stringify(payload)}`);
        if (!answer.result.ok) {
          assert.equal(answer.result.error.code, 'DL_ERR_INVALID_INPUT', channel);
          assert.equal(answer.result.error.retryable, false);
        }
      }
    }
  });

  test('answers an unknown channel and a malformed request with a typed error, keeping the socket open', { timeout: 10_000 }, async () => {
    const unknown = await client.invoke('downloads:format-disk', {});
    assert.deepEqual(unknown.result.ok ? null : unknown.result.error.code, 'DL_ERR_INVALID_INPUT');
    const malformed = await new Promise<unknown>((resolvePromise) => {
      // Events may arrive in between; only the answer to request 77 counts.
      const onMessage = (data: unknown): void => {
        const message = JSON.parse(String(data)) as { type: string; requestId?: number };
        if (message.type !== 'result' || message.requestId !== 77) return;
        client.socket.off('message', onMessage);
        resolvePromise(message);
      };
      client.socket.on('message', onMessage);
      client.socket.send(JSON.stringify({ type: 'subscribe', requestId: 77, channel: 'downloads:list' }));
    });
    assert.deepEqual(malformed, {
      type: 'result',
      requestId: 77,
      result: { ok: false, error: { code: 'DL_ERR_INVALID_INPUT', message: 'The message is not a valid invoke request.', retryable: false } },
    });
    const status = await client.invoke('engine:status', {});
    assert.equal(status.result.ok, true);
  });

  test('closes a socket that sends something other than JSON', { timeout: 10_000 }, async () => {
    const other = await connectContractClient(harness.host.port, { Origin: harness.origin }, harness.tokenQuery);
    const closed = new Promise<number>((resolvePromise) => other.socket.once('close', (code) => resolvePromise(code)));
    other.socket.send('this is not json');
    assert.equal(await closed, 1007);
  });

  test('pushes the engine status on connect and item changes as they happen', { timeout: 15_000 }, async () => {
    const watcher = await connectContractClient(harness.host.port, { Origin: harness.origin }, harness.tokenQuery);
    try {
      await watcher.waitForEvent('engine:status-changed', () => true);
      const added = await client.invoke('downloads:add', { urls: [server.url('/files/second.bin')], options: { startPaused: true } });
      const id = idOf(added.result.ok ? added.result.value : null);
      const changed = await watcher.waitForEvent('downloads:changed', (payload) =>
        (payload as { items: Array<{ id: string }> }).items.some((item) => item.id === id),
      );
      INVOKE_CHANNELS['downloads:list'].response.shape.items.parse((changed as { items: unknown }).items);
      await client.invoke('downloads:remove', { ids: [id], deleteFiles: true });
      await watcher.waitForEvent('downloads:changed', (payload) => (payload as { removedIds: string[] }).removedIds.includes(id));
    } finally {
      await watcher.close();
    }
  });
});

describe('the web host under backpressure', () => {
  test('skips progress batches for a socket that is behind but still delivers every item change', { timeout: 30_000 }, async () => {
    const server = await startFaultServer();
    // A negative threshold counts every socket as behind, which makes the rule observable without a slow network.
    const harness = await startWebHostHarness({ maxBufferedBytes: -1 });
    const client = await connectContractClient(harness.host.port, { Origin: harness.origin }, harness.tokenQuery);
    try {
      server.addResource('/files/slow.bin', { body: generateBody(192 * 1024, 3), faults: { throttleBytesPerSecond: 256 * 1024 } });
      const added = await client.invoke('downloads:add', { urls: [server.url('/files/slow.bin')] });
      const id = idOf(added.result.ok ? added.result.value : null);
      await client.waitForEvent('downloads:changed', (payload) =>
        (payload as { items: Array<{ id: string; state: string }> }).items.some((item) => item.id === id && item.state === 'completed'),
      );
      assert.equal(client.events.filter((event) => event.channel === 'downloads:progress').length, 0);
      assert.ok(harness.host.droppedProgressBatches > 0, 'no progress batch was produced at all');
    } finally {
      await client.close();
      await harness.dispose();
      await server.close();
    }
  });
});

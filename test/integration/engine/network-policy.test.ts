// Runtime: Node (tests). Pausing for a lost or metered network, and resuming when that ends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addOne, waitFor } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

describe('the network policy', () => {
  const fixture = useEngineFixture({ settings: { pauseOnMeteredNetwork: true } });

  test('"metered now" switched on and straight off again leaves the download running', { timeout: 20_000 }, async () => {
    fixture.server.addResource('/metered.bin', { body: generateBody(32 * 1024 * 1024, 72), faults: { throttleBytesPerSecond: 2 * 1024 * 1024 } });
    const engine = fixture.harness.engine;
    const id = await addOne(engine, fixture.server.url('/metered.bin'), { connections: 2 });
    await waitFor(() => engine.get(id).bytesDone > 0, 5000);
    engine.updateSettings({ meteredNow: true });
    engine.updateSettings({ meteredNow: false });
    await waitFor(() => engine.get(id).state === 'active' && engine.get(id).pauseReason === null, 5000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(engine.status().isMetered, false);
    assert.equal(engine.get(id).state, 'active');
    await engine.cancel([id]);
  });

  test('offline then online in quick succession ends with the download running', { timeout: 20_000 }, async () => {
    fixture.server.addResource('/offline.bin', { body: generateBody(32 * 1024 * 1024, 73), faults: { throttleBytesPerSecond: 2 * 1024 * 1024 } });
    const engine = fixture.harness.engine;
    const id = await addOne(engine, fixture.server.url('/offline.bin'), { connections: 2 });
    await waitFor(() => engine.get(id).bytesDone > 0, 5000);
    const goingOffline = engine.setNetworkState({ isOnline: false });
    const backOnline = engine.setNetworkState({ isOnline: true });
    await Promise.all([goingOffline, backOnline]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(engine.get(id).state, 'active');
    await engine.cancel([id]);
  });

  test('an item left running, with resume-at-start off, stays paused when the app starts offline and the network returns', { timeout: 20_000 }, async () => {
    fixture.server.addResource('/left-running.bin', { body: generateBody(1024 * 1024, 74) });
    const { engine, repository } = fixture.harness;
    engine.updateSettings({ autoResumeOnStart: false });
    const id = await addOne(engine, fixture.server.url('/left-running.bin'), { startPaused: true });
    repository.updateDownload(id, { state: 'active', pauseReason: null });
    const next = await fixture.restartEngine();
    await next.engine.setNetworkState({ isOnline: false });
    await next.engine.start();
    await next.engine.setNetworkState({ isOnline: true });
    assert.equal(next.engine.get(id).state, 'paused');
    assert.equal(next.engine.get(id).pauseReason, 'shutdown');
    assert.equal(fixture.server.stats('/left-running.bin').requests.length, 0);
  });

  test('an item paused because the network was lost when the app closed resumes at the next start when online', { timeout: 20_000 }, async () => {
    fixture.server.addResource('/lost-at-close.bin', { body: generateBody(1024 * 1024, 75) });
    const { engine, repository } = fixture.harness;
    const id = await addOne(engine, fixture.server.url('/lost-at-close.bin'), { startPaused: true });
    repository.updateDownload(id, { state: 'paused', pauseReason: 'network-lost' });
    const next = await fixture.restartEngine();
    await next.engine.start();
    await next.engine.waitUntilSettled([id]);
    assert.equal(next.engine.get(id).state, 'completed');
  });
});

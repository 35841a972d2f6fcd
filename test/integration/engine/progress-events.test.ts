import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ProgressBatch } from '../../../shared/download-types';
import { sleep } from '../../helpers/download-checks';
import { createEngineHarness, type EngineHarness } from '../../helpers/engine-harness';
import { generateBody, startFaultServer, type FaultServer } from '../../helpers/fault-server';

describe('progress events', () => {
  let server: FaultServer;
  let harness: EngineHarness;
  before(async () => {
    server = await startFaultServer();
    // The real cadence, not the tests' faster one.
    harness = await createEngineHarness({ eventIntervalMs: 100 });
    harness.engine.updateSettings({ maxActiveDownloads: 8 });
    await harness.engine.start();
  });
  after(async () => {
    await harness.dispose();
    await server.close();
  });

  test('arrive in batches of at most 10 a second however many downloads run, each with speed and ETA', { timeout: 30_000 }, async (t) => {
    const urls: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      server.addResource(`/p${index}.bin`, { body: generateBody(16 * 1024 * 1024, 80 + index), faults: { throttleBytesPerSecond: 512 * 1024 } });
      urls.push(server.url(`/p${index}.bin`));
    }
    const batches: ProgressBatch[] = [];
    const unsubscribe = harness.engine.subscribe((event) => {
      if (event.type === 'progress') batches.push(event.batch);
    });
    const outcomes = await harness.engine.add(urls, { connections: 2 });
    await sleep(1000);
    const windowStart = batches.length;
    await sleep(3000);
    const perSecond = (batches.length - windowStart) / 3;
    unsubscribe();
    t.diagnostic(`${perSecond.toFixed(1)} batches per second with 8 active downloads`);
    assert.ok(perSecond <= 10.5, `${perSecond} batches per second`);
    const last = batches.at(-1);
    assert.ok(last !== undefined && last.samples.length === 8, 'one batch carries every active download');
    for (const sample of last.samples) {
      assert.ok(sample.totalBytes === 16 * 1024 * 1024);
      assert.ok(sample.bytesDone > 0 && sample.bytesDone <= sample.totalBytes);
      assert.ok(sample.bytesPerSecond > 0);
      assert.ok(sample.etaSeconds !== null && sample.etaSeconds > 0);
    }
    await harness.engine.cancel(outcomes.flatMap((outcome) => (outcome.status === 'added' ? [outcome.id] : [])));
  });
});

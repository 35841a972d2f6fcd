import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sleep } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

// Loopback sockets buffer megabytes per connection; the warm-up lets those buffers fill before counting, and
// rates of 16 MiB/s keep their burstiness a small fraction of what 10 s carry.
const WARM_UP_MS = 3000;
const WINDOW_MS = 10_000;

/** Bytes per second the server actually sent over the window, after a warm-up that fills socket buffers. */
async function measureServerRate(sentBytes: () => number): Promise<number> {
  await sleep(WARM_UP_MS);
  const startBytes = sentBytes();
  const startMs = performance.now();
  await sleep(WINDOW_MS);
  return ((sentBytes() - startBytes) * 1000) / (performance.now() - startMs);
}

describe('speed limits', () => {
  const fixture = useEngineFixture({ settings: { maxConnectionsPerHost: 16, maxConnectionsGlobal: 32 } });

  test('a per-download limit holds within ±5% over 10 s across 8 connections, by the bytes the server counted', { timeout: 40_000 }, async (t) => {
    const limitBytesPerSecond = 16 * 1024 * 1024;
    fixture.server.addResource('/limited.bin', { body: generateBody(512 * 1024 * 1024, 51) });
    const [outcome] = await fixture.harness.engine.add([fixture.server.url('/limited.bin')], { connections: 8, speedLimitBytesPerSecond: limitBytesPerSecond });
    const id = outcome?.status === 'added' ? outcome.id : '';
    const rate = await measureServerRate(() => fixture.server.stats('/limited.bin').bodyBytesSent);
    t.diagnostic(`per-download limit ${limitBytesPerSecond} B/s, measured ${Math.round(rate)} B/s (${((rate / limitBytesPerSecond - 1) * 100).toFixed(2)}%)`);
    assert.ok(Math.abs(rate / limitBytesPerSecond - 1) <= 0.05, `measured ${rate} B/s`);
    await fixture.harness.engine.cancel([id]);
  });

  test('a global limit is shared by two downloads and holds within ±5%', { timeout: 40_000 }, async (t) => {
    const limitBytesPerSecond = 16 * 1024 * 1024;
    fixture.harness.engine.updateSettings({ globalSpeedLimitBytesPerSecond: limitBytesPerSecond });
    fixture.server.addResource('/global-a.bin', { body: generateBody(256 * 1024 * 1024, 52) });
    fixture.server.addResource('/global-b.bin', { body: generateBody(256 * 1024 * 1024, 53) });
    const outcomes = await fixture.harness.engine.add([fixture.server.url('/global-a.bin'), fixture.server.url('/global-b.bin')], { connections: 4 });
    const sent = (): number => fixture.server.stats('/global-a.bin').bodyBytesSent + fixture.server.stats('/global-b.bin').bodyBytesSent;
    const startA = fixture.server.stats('/global-a.bin').bodyBytesSent;
    const rate = await measureServerRate(sent);
    const shareA = (fixture.server.stats('/global-a.bin').bodyBytesSent - startA) / Math.max(1, sent());
    t.diagnostic(`global limit ${limitBytesPerSecond} B/s, measured ${Math.round(rate)} B/s (${((rate / limitBytesPerSecond - 1) * 100).toFixed(2)}%), share of A ${(shareA * 100).toFixed(1)}%`);
    assert.ok(Math.abs(rate / limitBytesPerSecond - 1) <= 0.05, `measured ${rate} B/s`);
    assert.ok(shareA > 0.3 && shareA < 0.7, `fair share: ${shareA}`);
    await fixture.harness.engine.cancel(outcomes.flatMap((outcome) => (outcome.status === 'added' ? [outcome.id] : [])));
  });

  test('a limit changed while running takes effect at once', { timeout: 40_000 }, async (t) => {
    fixture.server.addResource('/retuned.bin', { body: generateBody(256 * 1024 * 1024, 54) });
    const [outcome] = await fixture.harness.engine.add([fixture.server.url('/retuned.bin')], { connections: 4, speedLimitBytesPerSecond: 4 * 1024 * 1024 });
    const id = outcome?.status === 'added' ? outcome.id : '';
    await sleep(1500);
    const newLimit = 12 * 1024 * 1024;
    fixture.harness.engine.configureItem(id, { speedLimitBytesPerSecond: newLimit });
    const rate = await measureServerRate(() => fixture.server.stats('/retuned.bin').bodyBytesSent);
    t.diagnostic(`limit raised to ${newLimit} B/s, measured ${Math.round(rate)} B/s`);
    assert.ok(Math.abs(rate / newLimit - 1) <= 0.05, `measured ${rate} B/s`);
    await fixture.harness.engine.cancel([id]);
  });
});

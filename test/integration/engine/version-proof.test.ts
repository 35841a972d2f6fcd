// Runtime: Node (tests). Bytes fetched at different times are joined only when a validator proves one version.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addOne, assertByteExact, downloadToEnd, waitFor } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

const SIZE_BYTES = 3 * 1024 * 1024 + 4321;

describe('resuming only the version the checkpoint was saved under', () => {
  const fixture = useEngineFixture({ settings: { maxConnectionsPerHost: 16, maxConnectionsGlobal: 32 } });

  /** Pauses a one-connection download of `/old.bin` part-way, then points it at `newPath`; returns the pause point. */
  async function pauseThenRefresh(id: string, newPath: string): Promise<number> {
    const engine = fixture.harness.engine;
    await waitFor(() => engine.get(id).bytesDone >= 1024 * 1024, 10_000);
    await engine.pause([id]);
    const pausedAtByte = engine.get(id).bytesDone;
    assert.ok(pausedAtByte > 0 && pausedAtByte < SIZE_BYTES, `paused at ${pausedAtByte}`);
    await engine.refreshLink(id, fixture.server.url(newPath));
    await engine.waitUntilSettled([id]);
    return pausedAtByte;
  }

  const mirrors = [
    { name: 'no ETag and no Last-Modified', path: '/mirror-bare.bin', lastModified: null },
    { name: 'only a different Last-Modified', path: '/mirror-dated.bin', lastModified: 'Thu, 02 Jan 2025 00:00:00 GMT' },
  ] as const;
  for (const mirror of mirrors) {
    test(`starts over when a refreshed link serves a same-size file with ${mirror.name}`, { timeout: 30_000 }, async () => {
      const engine = fixture.harness.engine;
      const oldBody = generateBody(SIZE_BYTES, 101);
      const newBody = generateBody(SIZE_BYTES, 202);
      fixture.server.addResource('/old.bin', { body: oldBody, faults: { throttleBytesPerSecond: 4 * 1024 * 1024 } });
      fixture.server.addResource(mirror.path, { body: newBody, etag: null, lastModified: mirror.lastModified });
      const id = await addOne(engine, fixture.server.url('/old.bin'), { connections: 1 });
      await pauseThenRefresh(id, mirror.path);
      await assertByteExact(engine.get(id), newBody);
      const restartLines = engine.getLog(id).filter((entry) => entry.kind === 'restart');
      assert.ok(restartLines.some((entry) => /cannot be proven to match/.test(entry.message)), JSON.stringify(restartLines));
      const rangedAfterRefresh = fixture.server.stats(mirror.path).requests.filter((request) => request.rangeHeader !== null && !request.rangeHeader.startsWith('bytes=0-'));
      assert.deepEqual(rangedAfterRefresh, [], 'no range past byte 0 was asked of a server that cannot prove its version');
    });
  }

  test('resumes where it stopped when only the HEAD answer leaves the ETag out', { timeout: 30_000 }, async () => {
    const engine = fixture.harness.engine;
    const body = generateBody(SIZE_BYTES, 303);
    fixture.server.addResource('/head-bare.bin', { body, faults: { throttleBytesPerSecond: 4 * 1024 * 1024, headLies: { withoutValidators: true } } });
    const id = await addOne(engine, fixture.server.url('/head-bare.bin'), { connections: 1 });
    const pausedAtByte = await pauseThenRefresh(id, '/head-bare.bin');
    await assertByteExact(engine.get(id), body);
    assert.ok(!engine.getLog(id).some((entry) => entry.kind === 'restart'), 'a GET showed the same ETag, so nothing started over');
    assert.ok(fixture.server.stats('/head-bare.bin').bodyBytesSent < SIZE_BYTES + pausedAtByte, 'the bytes before the pause were not fetched again');
  });

  test('uses one connection on a server without validators, and never splices a file that changes mid-download', { timeout: 60_000 }, async () => {
    const sizeBytes = 24 * 1024 * 1024 + 777;
    const body = generateBody(sizeBytes, 36);
    const changedBody = generateBody(sizeBytes, 360);
    fixture.server.addResource('/bare.bin', {
      body,
      etag: null,
      lastModified: null,
      faults: { changeAfterBytes: 6 * 1024 * 1024, changedBody, cutAfterBytes: 8 * 1024 * 1024, cutTimes: 1 },
    });
    const item = await downloadToEnd(fixture.harness.engine, fixture.server.url('/bare.bin'), { connections: 8 });
    await assertByteExact(item, changedBody);
    const splitRanges = fixture.server.stats('/bare.bin').requests.filter((request) => request.rangeHeader !== null && !request.rangeHeader.startsWith('bytes=0-'));
    assert.deepEqual(splitRanges, [], 'the file was never split between connections');
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'no-validator'));
  });
});

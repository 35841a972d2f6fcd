import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AddOptions, DownloadItem, ProgressSample } from '../../../shared/download-types';
import { assertByteExact, downloadToEnd } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody, sha256File, sha256Hex, type ResourceSpec } from '../../helpers/fault-server';

const SIZE_BYTES = 24 * 1024 * 1024 + 777;
const TEST_TIMEOUT_MS = 60_000;

describe('segmented downloads with many connections', () => {
  const fixture = useEngineFixture({ settings: { maxConnectionsPerHost: 16, maxConnectionsGlobal: 32 } });

  async function download(path: string, spec: ResourceSpec, options: AddOptions = {}): Promise<DownloadItem> {
    fixture.server.addResource(path, spec);
    return downloadToEnd(fixture.harness.engine, fixture.server.url(path), { connections: 8, ...options });
  }

  test('uses 8 connections at once and ends byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 31);
    const item = await download('/seg.bin', { body, faults: { throttleBytesPerSecond: 8 * 1024 * 1024 } });
    await assertByteExact(item, body);
    const stats = fixture.server.stats('/seg.bin');
    assert.ok(stats.maxConcurrentRequests >= 8, `peak concurrency ${stats.maxConcurrentRequests}`);
    assert.ok(stats.bodyBytesSent <= body.length + 1024, `no byte fetched twice: ${stats.bodyBytesSent - body.length} extra`);
    assert.ok(stats.requests.every((request) => request.method === 'GET'), 'no HEAD: the first GET tells the size');
    const [opening, ...segmentRequests] = stats.requests;
    // The opening GET stops at the smallest segment size, so it never fetches bytes another connection also fetches.
    assert.equal(opening?.rangeHeader, `bytes=0-${1024 * 1024 - 1}`);
    assert.ok(segmentRequests.every((request) => request.ifRange !== null), 'every later request carries If-Range');
  });

  test('progress events carry each segment so the UI can draw a segment bar', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 32);
    const samples: ProgressSample[] = [];
    const unsubscribe = fixture.harness.engine.subscribe((event) => {
      if (event.type === 'progress') samples.push(...event.batch.samples);
    });
    const item = await download('/seg-progress.bin', { body, faults: { throttleBytesPerSecond: 6 * 1024 * 1024 } });
    unsubscribe();
    await assertByteExact(item, body);
    const multi = samples.filter((sample) => sample.segments.length >= 8);
    assert.ok(multi.length > 0, 'some samples show 8 or more segments');
    for (const sample of samples) {
      assert.ok(sample.totalBytes === null || sample.bytesDone <= sample.totalBytes, 'bytes never exceed the total');
      for (const segment of sample.segments) assert.ok(segment.nextByte <= segment.endByte + 1);
    }
  });

  test('keeps every connection busy to the end by splitting the largest remaining range', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 33);
    // One connection stalls; the others finish early and must take over halves of its remaining range.
    const item = await download(
      '/seg-split.bin',
      { body, faults: { throttleBytesPerSecond: 12 * 1024 * 1024, stallAfterBytes: 256 * 1024, stallTimes: 1 } },
      { connections: 4 },
    );
    await assertByteExact(item, body);
    const gets = fixture.server.stats('/seg-split.bin').requests.filter((request) => request.method === 'GET');
    assert.ok(gets.length > 5, `re-split requests were made (${gets.length} GETs)`);
  });

  test('survives cuts on every connection and ends byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 34);
    const item = await download('/seg-cut.bin', { body, faults: { cutAfterBytes: 900 * 1024, cutTimes: 20 } });
    await assertByteExact(item, body);
  });

  test('reconnects stalled connections and ends byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 35);
    const item = await download('/seg-stall.bin', { body, faults: { stallAfterBytes: 512 * 1024, stallTimes: 3 } });
    await assertByteExact(item, body);
  });

  test('restarts the whole download from 0 when the ETag changes in the middle, never mixing versions', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 36);
    const changedBody = generateBody(SIZE_BYTES, 360);
    // Every first response is cut at 1 MiB, so every segment must ask again after the file changed at 6 MiB.
    const item = await download('/seg-change.bin', {
      body,
      faults: { changeAfterBytes: 6 * 1024 * 1024, changedBody, cutAfterBytes: 1024 * 1024, cutTimes: 8, throttleBytesPerSecond: 8 * 1024 * 1024 },
    });
    await assertByteExact(item, changedBody);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'restart'));
  });

  test('a change that only in-flight responses straddle still ends with one whole version', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 41);
    const changedBody = generateBody(SIZE_BYTES, 410);
    const item = await download('/seg-change-late.bin', {
      body,
      faults: { changeAfterBytes: 6 * 1024 * 1024, changedBody, throttleBytesPerSecond: 8 * 1024 * 1024 },
    });
    assert.equal(item.state, 'completed');
    const digest = await sha256File(join(item.directory, item.fileName ?? ''));
    assert.ok(digest === sha256Hex(body) || digest === sha256Hex(changedBody), 'the file is one version, never a splice');
  });

  test('falls back to fewer connections when the server refuses extra ones, and records why', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 37);
    const item = await download('/seg-refuse.bin', { body, faults: { maxConcurrentRequests: 2, refuseStatus: 503, throttleBytesPerSecond: 8 * 1024 * 1024 } });
    await assertByteExact(item, body);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'fallback'));
  });

  test('falls back to one stream when a server answers 200 to extra ranges', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 38);
    const item = await download('/seg-200.bin', { body, faults: { rangeAnswers200: true } });
    await assertByteExact(item, body);
  });

  test('changes the number of connections while running', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 39);
    fixture.server.addResource('/seg-live.bin', { body, faults: { throttleBytesPerSecond: 2 * 1024 * 1024 } });
    const [outcome] = await fixture.harness.engine.add([fixture.server.url('/seg-live.bin')], { connections: 2 });
    const id = outcome?.status === 'added' ? outcome.id : '';
    await new Promise((resolve) => setTimeout(resolve, 800));
    fixture.harness.engine.configureItem(id, { connections: 8 });
    await fixture.harness.engine.waitUntilSettled([id]);
    await assertByteExact(fixture.harness.engine.get(id), body);
    assert.ok(fixture.server.stats('/seg-live.bin').maxConcurrentRequests >= 6);
  });

  test('resumes all segments from their checkpoints after a restart of the engine', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 40);
    fixture.server.addResource('/seg-restart.bin', { body, faults: { throttleBytesPerSecond: 1024 * 1024 } });
    const [outcome] = await fixture.harness.engine.add([fixture.server.url('/seg-restart.bin')]);
    const id = outcome?.status === 'added' ? outcome.id : '';
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await fixture.restartEngine();
    const beforeStart = fixture.harness.engine.get(id);
    assert.equal(beforeStart.state, 'queued', 'an item active at shutdown is queued to resume');
    assert.ok(beforeStart.bytesDone > 0);
    assert.ok(beforeStart.segments.length >= 8);
    await fixture.harness.engine.start();
    await fixture.harness.engine.waitUntilSettled([id]);
    await assertByteExact(fixture.harness.engine.get(id), body);
    const sent = fixture.server.stats('/seg-restart.bin').bodyBytesSent;
    assert.ok(sent - body.length < 4 * 1024 * 1024, `re-fetched ${sent - body.length} bytes`);
  });
});

describe('connections shared between downloads and laggards', () => {
  const fixture = useEngineFixture({ enginePer: 'suite' });

  test('a second download on the same host gets its share of connections at once', { timeout: TEST_TIMEOUT_MS }, async () => {
    fixture.server.addResource('/share-a.bin', { body: generateBody(SIZE_BYTES, 42), faults: { throttleBytesPerSecond: 1024 * 1024 } });
    fixture.server.addResource('/share-b.bin', { body: generateBody(SIZE_BYTES, 43), faults: { throttleBytesPerSecond: 1024 * 1024 } });
    const [first] = await fixture.harness.engine.add([fixture.server.url('/share-a.bin')], { connections: 8 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const [second] = await fixture.harness.engine.add([fixture.server.url('/share-b.bin')], { connections: 8 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.ok(fixture.server.stats('/share-b.bin').bodyBytesSent > 512 * 1024, 'the second download is not starved');
    const active = fixture.server.stats('/share-a.bin').requests.filter((request) => request.outcome === 'in-flight').length;
    assert.ok(active <= 4, `the first download gave connections back (${active} in flight)`);
    const ids = [first, second].flatMap((outcome) => (outcome?.status === 'added' ? [outcome.id] : []));
    await fixture.harness.engine.cancel(ids);
  });

  test('replaces a connection far slower than the others', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(8 * 1024 * 1024, 44);
    fixture.server.addResource('/laggard.bin', {
      body,
      faults: { throttleBytesPerSecond: 4 * 1024 * 1024, slowFirstResponses: { count: 1, bytesPerSecond: 48 * 1024 } },
    });
    const startedMs = performance.now();
    const item = await downloadToEnd(fixture.harness.engine, fixture.server.url('/laggard.bin'), { connections: 4 });
    await assertByteExact(item, body);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'slow-connection'), 'the laggard was replaced');
    // At 48 KiB/s the laggard's last megabyte alone would take over 20 s.
    assert.ok(performance.now() - startedMs < 15_000);
  });
});

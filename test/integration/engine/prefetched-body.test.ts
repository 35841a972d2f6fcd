import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDownloadError } from '../../../electron/engine/errors';
import { HttpClient, type BodySink, type HttpResponse } from '../../../electron/engine/http-client';
import { prefetchBody } from '../../../electron/engine/prefetched-body';
import { WriteBufferPool } from '../../../electron/engine/write-buffer-pool';
import { sleep, waitFor } from '../../helpers/download-checks';
import { generateBody, sha256Hex, startFaultServer, type FaultServer, type FaultSpec } from '../../helpers/fault-server';

const TEST_TIMEOUT_MS = 20_000;
/** Small pooled buffers, so a body spans many of them and every hand-over path runs. */
const POOL_BUFFER_BYTES = 64 * 1024;

interface RecordingSink extends BodySink {
  received(): Buffer;
}

/** A sink that copies what it is given and lends a fresh region each time, so a write into an old one is lost. */
function copyingSink(onCommit: (receivedBytes: number) => void = () => undefined): RecordingSink {
  const parts: Buffer[] = [];
  let receivedBytes = 0;
  let region = Buffer.alloc(48 * 1024);
  return {
    provideBuffer: () => region,
    commit: (byteCount) => {
      parts.push(Buffer.from(region.subarray(0, byteCount)));
      receivedBytes += byteCount;
      region = Buffer.alloc(48 * 1024);
      onCommit(receivedBytes);
      return null;
    },
    received: () => Buffer.concat(parts),
  };
}

/**
 * A sink that adopts pooled buffers as the segment writer does. It copies an adopted buffer's bytes and then
 * overwrites them, so a transport that kept writing into a buffer after handing it over would lose bytes.
 */
function adoptingSink(pool: WriteBufferPool): RecordingSink & { adoptedCount(): number } {
  const sink = copyingSink();
  let adoptedCount = 0;
  return {
    ...sink,
    adoptBuffer: (buffer, byteCount) => {
      adoptedCount += 1;
      for (let offset = 0; offset < byteCount; ) {
        const copied = buffer.copy(sink.provideBuffer(), 0, offset, byteCount);
        sink.commit(copied);
        offset += copied;
      }
      buffer.fill(0xee);
      pool.release(buffer);
      return null;
    },
    adoptedCount: () => adoptedCount,
  };
}

describe('a first response read ahead of its consumer (prefetchBody)', () => {
  let server: FaultServer;
  const http = new HttpClient();

  before(async () => {
    server = await startFaultServer();
  });
  after(async () => {
    await server.close();
  });

  async function openGet(path: string, body: Buffer, faults: FaultSpec = {}): Promise<HttpResponse> {
    server.addResource(path, { body, faults });
    return http.send({
      url: server.url(path),
      method: 'GET',
      headers: {},
      signal: new AbortController().signal,
      headersTimeoutMs: 5000,
      bodyTimeoutMs: 5000,
    });
  }

  test('hands over a body that arrived whole before anyone consumed it, byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(700 * 1024, 1);
    const pool = new WriteBufferPool(POOL_BUFFER_BYTES, 64);
    const response = await openGet('/whole.bin', body);
    const prefetched = prefetchBody(response.body, pool, 4 * 1024 * 1024);
    await waitFor(() => server.stats('/whole.bin').bodyBytesSent === body.length, 5000);
    await sleep(50);
    const sink = adoptingSink(pool);
    await prefetched.consume(sink);
    assert.equal(sha256Hex(sink.received()), sha256Hex(body));
    assert.ok(sink.adoptedCount() >= 10, `the consumer adopted ${sink.adoptedCount()} buffers`);
  });

  for (const sinkKind of ['adopting', 'copying'] as const) {
    test(`switches to a ${sinkKind} consumer mid-stream without losing or reordering a byte`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const body = generateBody(3 * 1024 * 1024, 2);
      const pool = new WriteBufferPool(POOL_BUFFER_BYTES, 64);
      const path = `/mid-${sinkKind}.bin`;
      // Paced, so the consumer arrives while reads keep landing in the pooled buffers.
      const response = await openGet(path, body, { throttleBytesPerSecond: 12 * 1024 * 1024 });
      const prefetched = prefetchBody(response.body, pool, 8 * 1024 * 1024);
      await sleep(80);
      const sentBeforeConsume = server.stats(path).bodyBytesSent;
      assert.ok(sentBeforeConsume > 0 && sentBeforeConsume < body.length, `${sentBeforeConsume} bytes were sent before consume()`);
      const sink = sinkKind === 'adopting' ? adoptingSink(pool) : copyingSink();
      await prefetched.consume(sink);
      assert.equal(sink.received().length, body.length);
      assert.equal(sha256Hex(sink.received()), sha256Hex(body));
    });
  }

  test('holds the transport once the limit is buffered, and lets it go on once consumed', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(48 * 1024 * 1024, 3);
    const pool = new WriteBufferPool(POOL_BUFFER_BYTES, 64);
    const response = await openGet('/held.bin', body);
    const prefetched = prefetchBody(response.body, pool, 1024 * 1024);
    await sleep(300);
    // Socket buffers on both sides hold a few MiB more than the limit, but nowhere near the whole body.
    const sentWhileHeld = server.stats('/held.bin').bodyBytesSent;
    assert.ok(sentWhileHeld < 24 * 1024 * 1024, `${sentWhileHeld} bytes were sent while the reader was held`);
    const sink = adoptingSink(pool);
    await prefetched.consume(sink);
    assert.equal(sha256Hex(sink.received()), sha256Hex(body));
  });

  test('keeps the bytes of a body cut before consume, then reports the cut', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(1024 * 1024, 4);
    const cutAfterBytes = 300 * 1024 + 17;
    const pool = new WriteBufferPool(POOL_BUFFER_BYTES, 64);
    const response = await openGet('/cut.bin', body, { cutAfterBytes });
    const prefetched = prefetchBody(response.body, pool, 4 * 1024 * 1024);
    await waitFor(() => server.stats('/cut.bin').bodyBytesSent === cutAfterBytes, 5000);
    await sleep(50);
    const sink = copyingSink();
    await assert.rejects(prefetched.consume(sink), (error: unknown) => isDownloadError(error) && error.code === 'DL_ERR_NETWORK');
    assert.equal(sha256Hex(sink.received()), sha256Hex(body.subarray(0, cutAfterBytes)));
  });

  test('a consumer that stops part-way (its segment ended) gets a clean end, not an error', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(6 * 1024 * 1024, 5);
    const pool = new WriteBufferPool(POOL_BUFFER_BYTES, 64);
    const response = await openGet('/stopped.bin', body, { throttleBytesPerSecond: 24 * 1024 * 1024 });
    const prefetched = prefetchBody(response.body, pool, 8 * 1024 * 1024);
    await sleep(60);
    const wantedBytes = 2 * 1024 * 1024;
    const sink = copyingSink((receivedBytes) => {
      if (receivedBytes >= wantedBytes) prefetched.discard();
    });
    await prefetched.consume(sink);
    const received = sink.received();
    assert.ok(received.length >= wantedBytes && received.length < body.length, `received ${received.length} bytes`);
    assert.equal(sha256Hex(received), sha256Hex(body.subarray(0, received.length)));
  });

  test('a body discarded before anyone consumed it closes quietly, even when its connection then fails', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(1024 * 1024, 6);
    const pool = new WriteBufferPool(POOL_BUFFER_BYTES, 64);
    const response = await openGet('/dropped.bin', body, { cutAfterBytes: 200 * 1024 });
    const prefetched = prefetchBody(response.body, pool, 4 * 1024 * 1024);
    await waitFor(() => server.stats('/dropped.bin').bodyBytesSent > 0, 5000);
    prefetched.discard();
    prefetched.discard();
    await sleep(50);
    // consume() after discard() settles at once, as the transport's own body does.
    await prefetched.consume(copyingSink());
  });

  test('reads nothing ahead with a limit of 0: the body is the transport\'s own', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(64 * 1024, 7);
    const response = await openGet('/none.bin', body);
    const pool = new WriteBufferPool(POOL_BUFFER_BYTES, 64);
    assert.equal(prefetchBody(response.body, pool, 0), response.body);
    const sink = copyingSink();
    await response.body.consume(sink);
    assert.equal(sha256Hex(sink.received()), sha256Hex(body));
  });
});

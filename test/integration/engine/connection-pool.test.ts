// Runtime: Node (tests). The slow-connection check replaces only connections the server holds back, never ones the
// download holds back itself (a retry delay, a wait for a slot, its own speed limit).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { addOne, sleep } from '../../helpers/download-checks';
import { createEngineHarness } from '../../helpers/engine-harness';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

const SIZE_BYTES = 3 * 1024 * 1024;
const FAILING_FROM_BYTE = SIZE_BYTES / 2;

/** Serves the first half of the file at about 3 MiB/s and answers 500 to every range from the second half. */
function startHalfBrokenServer(body: Buffer): Promise<Server> {
  const server = createServer((request, response) => {
    const match = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '');
    const firstByte = match === null ? 0 : Number(match[1]);
    const lastByte = match === null || match[2] === '' ? SIZE_BYTES - 1 : Number(match[2]);
    const validators = { etag: '"v1"', 'accept-ranges': 'bytes', 'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT' };
    if (firstByte >= FAILING_FROM_BYTE) {
      response.writeHead(500, { ...validators, 'content-length': '0' });
      response.end();
      return;
    }
    const rangeHeaders = match === null ? {} : { 'content-range': `bytes ${firstByte}-${lastByte}/${SIZE_BYTES}` };
    response.writeHead(match === null ? 200 : 206, { ...validators, 'content-length': String(lastByte - firstByte + 1), ...rangeHeaders });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    let offset = firstByte;
    const timer = setInterval(() => {
      const end = Math.min(lastByte + 1, offset + 64 * 1024);
      response.write(body.subarray(offset, end));
      offset = end;
      if (offset > lastByte) {
        clearInterval(timer);
        response.end();
      }
    }, 20);
    response.on('close', () => clearInterval(timer));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('a range that keeps failing while other connections run', () => {
  let server: Server;
  before(async () => {
    server = await startHalfBrokenServer(generateBody(SIZE_BYTES, 7));
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('fails the download once its retries are spent, however often its connection is handed on', { timeout: 40_000 }, async () => {
    const harness = await createEngineHarness({ retryBaseDelayMs: 1000 });
    try {
      harness.engine.updateSettings({ maxRetries: 3 });
      await harness.engine.start();
      const { port } = server.address() as AddressInfo;
      const id = await addOne(harness.engine, `http://127.0.0.1:${port}/half-broken.bin`, { connections: 2 });
      // Three retries wait about 1 + 2 + 4 s; twice that is the bound.
      const settled = await Promise.race([harness.engine.waitUntilSettled([id]).then(() => true), sleep(16_000).then(() => false)]);
      const item = harness.engine.get(id);
      assert.ok(settled, `still ${item.state} after 16 s`);
      assert.equal(item.state, 'failed');
      assert.match(item.error?.message ?? '', /500/);
      assert.equal(harness.engine.getLog(id, 500).filter((entry) => entry.kind === 'slow-connection').length, 0);
    } finally {
      await harness.dispose();
    }
  });
});

describe('a download slowed by its own speed limit', () => {
  const fixture = useEngineFixture({ settings: { minSegmentBytes: 4 * 1024 * 1024 } });

  test('keeps its last connection when the limit and the connections are lowered, and the limit holds within ±5%', { timeout: 40_000 }, async () => {
    fixture.server.addResource('/limited.bin', { body: generateBody(128 * 1024 * 1024, 71) });
    const engine = fixture.harness.engine;
    const id = await addOne(engine, fixture.server.url('/limited.bin'), { connections: 2, speedLimitBytesPerSecond: 16 * 1024 * 1024 });
    await sleep(2000);
    const limitBytesPerSecond = 1024 * 1024;
    engine.configureItem(id, { connections: 1, speedLimitBytesPerSecond: limitBytesPerSecond });
    await sleep(3000);
    // At 1 MiB/s the bytes the server counts swing by the size of the socket buffers (about 10% over 10 s), so
    // the limit is checked on the bytes written; speed-limit.test.ts checks the server's count at 16 MiB/s.
    const startBytes = engine.get(id).bytesDone;
    const startMs = performance.now();
    await sleep(10_000);
    const bytesPerSecond = ((engine.get(id).bytesDone - startBytes) * 1000) / (performance.now() - startMs);
    await engine.cancel([id]);
    assert.deepEqual(engine.getLog(id, 500).filter((entry) => entry.kind === 'slow-connection'), []);
    assert.ok(Math.abs(bytesPerSecond / limitBytesPerSecond - 1) <= 0.05, `${Math.round(bytesPerSecond)} B/s against ${limitBytesPerSecond}`);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertByteExact, downloadToEnd } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody, startFaultServer } from '../../helpers/fault-server';

describe('a plain download', () => {
  const fixture = useEngineFixture({ enginePer: 'suite' });

  test('ends byte-exact under its name from the URL', { timeout: 20_000 }, async () => {
    const body = generateBody(5 * 1024 * 1024 + 123, 7);
    fixture.server.addResource('/files/report.bin', { body });
    const item = await downloadToEnd(fixture.harness.engine, fixture.server.url('/files/report.bin'));
    await assertByteExact(item, body);
    assert.equal(item.fileName, 'report.bin');
    assert.equal(item.directory, fixture.harness.downloadDirectory);
  });

  test('with one connection, sends one request: a GET from byte 0 that carries the whole file', { timeout: 20_000 }, async () => {
    const body = generateBody(5 * 1024 * 1024 + 321, 8);
    fixture.server.addResource('/files/one-request.bin', { body });
    const item = await downloadToEnd(fixture.harness.engine, fixture.server.url('/files/one-request.bin'), { connections: 1 });
    await assertByteExact(item, body);
    const stats = fixture.server.stats('/files/one-request.bin');
    assert.deepEqual(
      stats.requests.map((request) => [request.method, request.rangeHeader, request.status, request.outcome]),
      [['GET', 'bytes=0-', 206, 'complete']],
    );
    assert.equal(stats.bodyBytesSent, body.length);
    assert.equal(item.supportsRanges, true, 'the 206 proved ranges work, so a later resume may use them');
  });

  test('keeps the first response across a redirect to another host, fetching no byte twice', { timeout: 20_000 }, async () => {
    const mirror = await startFaultServer();
    try {
      const body = generateBody(6 * 1024 * 1024 + 55, 9);
      mirror.addResource('/mirror/pack.bin', { body, faults: { throttleBytesPerSecond: 16 * 1024 * 1024 } });
      fixture.server.addRedirect('/go/pack', mirror.url('/mirror/pack.bin'), 302);
      const item = await downloadToEnd(fixture.harness.engine, fixture.server.url('/go/pack'), { connections: 4 });
      await assertByteExact(item, body);
      assert.equal(item.url, fixture.server.url('/go/pack'));
      const stats = mirror.stats('/mirror/pack.bin');
      assert.equal(stats.requests[0]?.rangeHeader, `bytes=0-${1024 * 1024 - 1}`);
      assert.ok(stats.maxConcurrentRequests >= 4, `peak concurrency ${stats.maxConcurrentRequests}`);
      assert.equal(stats.bodyBytesSent, body.length, 'no byte fetched twice');
    } finally {
      await mirror.close();
    }
  });
});

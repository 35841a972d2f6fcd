import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { DownloadItem, AddOptions } from '../../../shared/download-types';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { addOne, assertByteExact as assertFileByteExact, downloadToEnd, waitFor } from '../../helpers/download-checks';
import { generateBody, sha256Hex, type ResourceSpec } from '../../helpers/fault-server';

const SIZE_BYTES = 3 * 1024 * 1024 + 4321;
const TEST_TIMEOUT_MS = 30_000;

describe('downloads against a misbehaving server', () => {
  const fixture = useEngineFixture();

  async function download(path: string, spec: ResourceSpec, options: AddOptions = {}): Promise<DownloadItem> {
    fixture.server.addResource(path, spec);
    return downloadUrl(fixture.server.url(path), options);
  }

  function downloadUrl(url: string, options: AddOptions = {}): Promise<DownloadItem> {
    return downloadToEnd(fixture.harness.engine, url, options);
  }

  async function assertByteExact(item: DownloadItem, body: Buffer): Promise<void> {
    await assertFileByteExact(item, body);
    assert.equal(item.bytesDone, body.length);
  }

  /** A failed item must leave no file under a final name: only its `.part` may remain. */
  async function assertNoFinalFile(item: DownloadItem): Promise<void> {
    const names = await readdir(item.directory).catch(() => []);
    assert.deepEqual(names.filter((name) => !name.endsWith('.part')), []);
  }

  test('resumes after the connection is cut every 700 KiB and ends byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 1);
    const item = await download('/cut.bin', { body, faults: { cutAfterBytes: 700 * 1024 } }, { connections: 1 });
    await assertByteExact(item, body);
    const ranges = fixture.server.stats('/cut.bin').requests.filter((request) => request.method === 'GET').map((request) => request.rangeHeader);
    assert.ok(ranges.length >= 5, `expected several resumed requests, got ${ranges.length}`);
    assert.ok(ranges.slice(1).every((range) => range !== null && !range.startsWith('bytes=0-')), 'every resume asks for the rest, not from 0');
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'retry'));
  });

  test('reconnects after a stall and ends byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 2);
    const item = await download('/stall.bin', { body, faults: { stallAfterBytes: 1024 * 1024, stallTimes: 1 } }, { connections: 1 });
    await assertByteExact(item, body);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'retry' && entry.message.includes('stalled')));
  });

  test('downloads from a server that ignores Range as one stream, without splicing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 3);
    const item = await download('/norange.bin', { body, supportsRanges: false }, { connections: 8 });
    await assertByteExact(item, body);
    assert.equal(item.supportsRanges, false);
  });

  test('a server that ignores Range and cuts the connection restarts from byte 0 and ends byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 4);
    const item = await download('/norange-cut.bin', { body, supportsRanges: false, faults: { cutAfterBytes: 1024 * 1024, cutTimes: 2 } });
    await assertByteExact(item, body);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'restart'));
  });

  test('a 200 answered to a Range request is never written at the range offset', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 5);
    const item = await download('/range200.bin', { body, faults: { rangeAnswers200: true } }, { connections: 4 });
    await assertByteExact(item, body);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'restart' && entry.message.includes('200 instead of 206')));
  });

  test('restarts from byte 0 when the ETag changes mid-download and ends with the new version only', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 6);
    const changedBody = generateBody(SIZE_BYTES, 66);
    const item = await download(
      '/etag-change.bin',
      { body, faults: { changeAfterBytes: 1024 * 1024, changedBody, cutAfterBytes: 1024 * 1024, cutTimes: 1 } },
      { connections: 1 },
    );
    await assertByteExact(item, changedBody);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'restart'));
  });

  test('waits out a 503 with Retry-After and then succeeds', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(256 * 1024, 7);
    const item = await download('/busy.bin', { body, faults: { failTimes: 2, failStatus: 503, retryAfterSeconds: 1 } });
    await assertByteExact(item, body);
    const retries = fixture.harness.engine.getLog(item.id).filter((entry) => entry.kind === 'retry');
    assert.ok(retries.length >= 1);
    assert.ok(retries.some((entry) => entry.message.includes('503')));
  });

  test('follows a redirect chain but keeps the original URL as the identity', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(300 * 1024, 8);
    fixture.server.addResource('/real/target.iso', { body });
    fixture.server.addRedirect('/r1', '/r2', 302);
    fixture.server.addRedirect('/r2', fixture.server.url('/r3'), 301);
    fixture.server.addRedirect('/r3', '/real/target.iso', 307);
    const item = await downloadUrl(fixture.server.url('/r1'));
    await assertByteExact(item, body);
    assert.equal(item.url, fixture.server.url('/r1'));
    assert.equal(item.finalUrl, fixture.server.url('/real/target.iso'));
    assert.equal(item.fileName, 'target.iso');
  });

  test('fails a redirect loop with a clear sentence and writes no file', { timeout: TEST_TIMEOUT_MS }, async () => {
    fixture.server.addRedirect('/loop-a', '/loop-b');
    fixture.server.addRedirect('/loop-b', '/loop-a');
    const item = await downloadUrl(fixture.server.url('/loop-a'));
    assert.equal(item.state, 'failed');
    assert.equal(item.error?.code, 'DL_ERR_REDIRECT_LOOP');
    assert.match(item.error?.message ?? '', /redirects in a loop/);
    await assertNoFinalFile(item);
  });

  test('never writes a wrong Content-Range at the wrong offset and still ends byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 9);
    const item = await download('/wrong-range.bin', { body, faults: { wrongContentRange: true } }, { connections: 4 });
    await assertByteExact(item, body);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'restart'));
  });

  test('a body shorter than its Content-Length is resumed, not accepted', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 10);
    const item = await download('/short.bin', { body, faults: { contentLengthMismatch: 'short' } }, { connections: 1 });
    if (item.state === 'completed') await assertByteExact(item, body);
    else {
      assert.equal(item.state, 'failed');
      assert.ok(item.error !== null && item.error.message.length > 10);
      await assertNoFinalFile(item);
    }
  });

  test('extra bytes beyond the Content-Length are never written', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 11);
    const item = await download('/long.bin', { body, faults: { contentLengthMismatch: 'long' } }, { connections: 2 });
    await assertByteExact(item, body);
  });

  test('downloads a chunked response with no length and records its size at the end', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 12);
    const item = await download('/chunked.bin', { body, faults: { chunked: true } });
    await assertByteExact(item, body);
    assert.equal(item.totalBytes, body.length);
  });

  /** Starts a slow download, pauses it part-way and resumes it: a resume probes the server before any range. */
  async function downloadWithPause(path: string, spec: ResourceSpec, options: AddOptions): Promise<DownloadItem> {
    fixture.server.addResource(path, { ...spec, faults: { ...spec.faults, throttleBytesPerSecond: 4 * 1024 * 1024 } });
    const engine = fixture.harness.engine;
    const id = await addOne(engine, fixture.server.url(path), options);
    await waitFor(() => engine.get(id).bytesDone >= 512 * 1024, 10_000);
    await engine.pause([id]);
    assert.equal(engine.get(id).state, 'paused');
    engine.resume([id]);
    await engine.waitUntilSettled([id]);
    return engine.get(id);
  }

  test('a resume falls back to a GET of byte 0 when HEAD is refused, and keeps its progress', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 13);
    const item = await downloadWithPause('/nohead.bin', { body, faults: { headStatus: 405 } }, { connections: 4 });
    await assertByteExact(item, body);
    assert.equal(item.supportsRanges, true);
    const requests = fixture.server.stats('/nohead.bin').requests;
    assert.ok(requests.some((request) => request.method === 'HEAD' && request.status === 405), 'the resume tried HEAD');
    assert.ok(requests.some((request) => request.rangeHeader === 'bytes=0-0'), 'then asked for byte 0');
    assert.ok(!fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'restart'), 'resumed, not restarted');
  });

  test('does not trust a HEAD that lies about the size on resume', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 14);
    const item = await downloadWithPause('/liar.bin', { body, faults: { headLies: { contentLength: SIZE_BYTES + 5000 } } }, { connections: 4 });
    await assertByteExact(item, body);
    assert.ok(fixture.server.stats('/liar.bin').requests.some((request) => request.method === 'HEAD'), 'the resume asked HEAD');
  });

  test('keeps a Content-Disposition name with ../ inside the download folder', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(64 * 1024, 15);
    const item = await download('/evil1', { body, contentDisposition: 'attachment; filename="../../etc/passwd"' });
    await assertByteExact(item, body);
    assert.equal(item.fileName, 'passwd');
    assert.deepEqual(await readdir(fixture.harness.rootDirectory).then((names) => names.sort()), ['downloads', 'state']);
  });

  test('keeps an absolute Content-Disposition path inside the download folder', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(64 * 1024, 16);
    const item = await download('/evil2', { body, contentDisposition: "attachment; filename*=UTF-8''%2Ftmp%2Fowned.sh" });
    await assertByteExact(item, body);
    assert.equal(item.fileName, 'owned.sh');
  });

  test('reads "link expired" when the server answers 403 on resume, and keeps the progress', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(SIZE_BYTES, 17);
    const item = await download('/expiring.bin', { body, faults: { cutAfterBytes: 1024 * 1024, cutTimes: 1, forbidAfterRequests: 1 } }, { connections: 1 });
    assert.equal(item.state, 'failed');
    assert.equal(item.error?.code, 'DL_ERR_LINK_EXPIRED');
    assert.match(item.error?.message ?? '', /link expired/i);
    assert.ok(item.bytesDone >= 1024 * 1024, `progress kept: ${item.bytesDone}`);
    await assertNoFinalFile(item);

    fixture.server.addResource('/fresh-link.bin', { body });
    await fixture.harness.engine.refreshLink(item.id, fixture.server.url('/fresh-link.bin'));
    await fixture.harness.engine.waitUntilSettled([item.id]);
    const refreshed = fixture.harness.engine.get(item.id);
    await assertByteExact(refreshed, body);
    const fresh = fixture.server.stats('/fresh-link.bin').requests.filter((request) => request.method === 'GET' && request.status === 206);
    assert.ok(fresh.some((request) => request.rangeHeader !== null && !request.rangeHeader.startsWith('bytes=0-')), 'resumed, not restarted');
    assert.equal(refreshed.url, fixture.server.url('/expiring.bin'), 'the identity stays the original URL');
  });

  test('fails a 404 with a sentence and leaves no file', { timeout: TEST_TIMEOUT_MS }, async () => {
    const item = await downloadUrl(fixture.server.url('/missing.bin'));
    assert.equal(item.state, 'failed');
    assert.equal(item.error?.code, 'DL_ERR_HTTP_STATUS');
    assert.match(item.error?.message ?? '', /not found/);
    await assertNoFinalFile(item);
  });

  test('verifies a user checksum and refuses to publish a file that does not match', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(128 * 1024, 18);
    const good = await download('/sum-good.bin', { body }, { checksum: `sha256:${sha256Hex(body)}` });
    await assertByteExact(good, body);
    assert.ok(fixture.harness.engine.getLog(good.id).some((entry) => entry.kind === 'checksum' && entry.message.includes('verified')));
    const bad = await download('/sum-bad.bin', { body }, { checksum: `sha256:${'0'.repeat(64)}` });
    assert.equal(bad.state, 'failed');
    assert.equal(bad.error?.code, 'DL_ERR_CHECKSUM');
    const names = await readdir(bad.directory);
    assert.ok(!names.includes('sum-bad.bin'));
  });

  test('verifies a Content-MD5 sent by the server', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = generateBody(128 * 1024, 19);
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update(body).digest('base64');
    const item = await download('/md5.bin', { body, extraHeaders: { 'Content-MD5': md5 } });
    await assertByteExact(item, body);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => entry.kind === 'checksum' && entry.message.includes('md5')));
  });

  test('saves a second download of the same name as "name (1).ext"', { timeout: TEST_TIMEOUT_MS }, async () => {
    const first = generateBody(10_000, 20);
    const second = generateBody(20_000, 21);
    const a = await download('/a/same.txt', { body: first });
    const b = await download('/b/same.txt', { body: second });
    await assertByteExact(a, first);
    await assertByteExact(b, second);
    assert.equal(a.fileName, 'same.txt');
    assert.equal(b.fileName, 'same (1).txt');
  });

  test('downloads an empty file', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = Buffer.alloc(0);
    const item = await download('/empty.txt', { body });
    await assertByteExact(item, body);
  });
});

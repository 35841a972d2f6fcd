import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Agent, fetch, request } from 'undici';
import type { Dispatcher } from 'undici';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';
import { parseByteRange } from '../../helpers/parse-byte-range';

const TEST_TIMEOUT_MS = 10_000;

interface BodyRead {
  bytes: Buffer;
  error: Error | null;
}

/** Reads a body until it ends or fails, keeping what arrived before a failure. */
async function readBody(body: Dispatcher.ResponseData['body']): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return { bytes: Buffer.concat(chunks), error: null };
  } catch (error) {
    assert.ok(error instanceof Error);
    return { bytes: Buffer.concat(chunks), error };
  }
}

interface RawExchange {
  head: string;
  body: Buffer;
  isClosedByServer: boolean;
}

/** Sends one request over a plain socket and returns every byte until the server closes (or `waitMs` passes). */
function exchangeRaw(origin: string, path: string, headers: Record<string, string> = {}, waitMs = 2000): Promise<RawExchange> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let isClosedByServer = true;
    const timer = setTimeout(() => {
      isClosedByServer = false;
      socket.destroy();
    }, waitMs);
    socket.on('connect', () => {
      const lines = Object.entries({ Host: `${hostname}:${port}`, ...headers }).map(([name, value]) => `${name}: ${value}`);
      socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const headEnd = all.indexOf('\r\n\r\n');
      assert.notEqual(headEnd, -1, 'the server sent a complete header block');
      resolve({ head: all.subarray(0, headEnd).toString('latin1'), body: all.subarray(headEnd + 4), isClosedByServer });
    });
  });
}

describe('generateBody and sha256 helpers', () => {
  test('generateBody returns the same bytes for the same seed and different bytes for another seed', { timeout: TEST_TIMEOUT_MS }, () => {
    const first = generateBody(1001, 7);
    assert.equal(first.length, 1001);
    assert.deepEqual(first, generateBody(1001, 7));
    assert.notDeepEqual(first, generateBody(1001, 8));
    assert.notDeepEqual(generateBody(64, 0), Buffer.alloc(64));
  });

  test('generateBody fills 128 MiB in well under two seconds', { timeout: TEST_TIMEOUT_MS }, () => {
    const startedAtMs = performance.now();
    const body = generateBody(128 * 1024 * 1024);
    assert.equal(body.length, 128 * 1024 * 1024);
    assert.ok(performance.now() - startedAtMs < 2000);
  });

  test('sha256File streams a file to the same digest sha256Hex gives for its bytes', { timeout: TEST_TIMEOUT_MS }, async () => {
    const directory = await mkdtemp(join(tmpdir(), 'fault-server-'));
    try {
      const body = generateBody(3 * 1024 * 1024 + 5, 3);
      const path = join(directory, 'body.bin');
      await writeFile(path, body);
      assert.equal(await sha256File(path), sha256Hex(body));
      assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('parseByteRange', () => {
  test('parseByteRange follows RFC 9110 for closed, open, suffix, invalid and unsatisfiable ranges', { timeout: TEST_TIMEOUT_MS }, () => {
    assert.deepEqual(parseByteRange('bytes=0-9', 100), { kind: 'partial', startByte: 0, endByte: 9 });
    assert.deepEqual(parseByteRange('bytes=90-', 100), { kind: 'partial', startByte: 90, endByte: 99 });
    assert.deepEqual(parseByteRange('bytes=50-500', 100), { kind: 'partial', startByte: 50, endByte: 99 });
    assert.deepEqual(parseByteRange('bytes=-10', 100), { kind: 'partial', startByte: 90, endByte: 99 });
    assert.deepEqual(parseByteRange('bytes=-500', 100), { kind: 'partial', startByte: 0, endByte: 99 });
    assert.deepEqual(parseByteRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=-0', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=0-', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=9-3', 100), { kind: 'full' });
    assert.deepEqual(parseByteRange('bytes=0-1,5-6', 100), { kind: 'full' });
    assert.deepEqual(parseByteRange('items=0-1', 100), { kind: 'full' });
    assert.deepEqual(parseByteRange(null, 100), { kind: 'full' });
  });
});

describe('startFaultServer', () => {
  let server: FaultServer;
  let agent: Agent;
  const body = generateBody(200_000, 42);

  beforeEach(async () => {
    server = await startFaultServer();
    agent = new Agent();
  });

  afterEach(async () => {
    await agent.close();
    await server.close();
  });

  const get = (path: string, headers: Record<string, string> = {}, options: { bodyTimeout?: number } = {}) =>
    request(server.url(path), { method: 'GET', headers, dispatcher: agent, ...options });
  const head = (path: string, headers: Record<string, string> = {}) =>
    request(server.url(path), { method: 'HEAD', headers, dispatcher: agent });

  test('serves the full body with validators and Accept-Ranges, and HEAD mirrors the headers without a body', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, contentDisposition: 'attachment; filename="file.bin"', extraHeaders: { 'Repr-Digest': 'sha-256=:x:' } });
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await get('/file.bin');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(await response.body.bytes(), new Uint8Array(body));
    assert.equal(response.headers['content-length'], String(body.length));
    assert.equal(response.headers['accept-ranges'], 'bytes');
    assert.equal(response.headers['etag'], `"${sha256Hex(body).slice(0, 32)}"`);
    assert.equal(response.headers['last-modified'], 'Wed, 01 Jan 2025 00:00:00 GMT');
    assert.equal(response.headers['content-type'], 'application/octet-stream');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="file.bin"');
    assert.equal(response.headers['repr-digest'], 'sha-256=:x:');

    const headResponse = await head('/file.bin');
    assert.equal(headResponse.statusCode, 200);
    assert.equal((await headResponse.body.bytes()).length, 0);
    for (const name of ['content-length', 'accept-ranges', 'etag', 'last-modified', 'content-type', 'content-disposition', 'repr-digest']) {
      assert.equal(headResponse.headers[name], response.headers[name], name);
    }
  });

  test('answers closed, open and suffix ranges with 206 and an exact Content-Range', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body });
    const cases: Array<[string, number, number]> = [
      ['bytes=100-199', 100, 199],
      ['bytes=199990-', 199_990, 199_999],
      ['bytes=-25', 199_975, 199_999],
      ['bytes=0-999999', 0, 199_999],
    ];
    for (const [range, startByte, endByte] of cases) {
      const response = await get('/file.bin', { Range: range });
      assert.equal(response.statusCode, 206, range);
      assert.equal(response.headers['content-range'], `bytes ${startByte}-${endByte}/${body.length}`);
      assert.equal(response.headers['content-length'], String(endByte - startByte + 1));
      assert.ok(response.headers['etag']);
      assert.deepEqual(Buffer.from(await response.body.bytes()), body.subarray(startByte, endByte + 1));
    }
  });

  test('answers an unsatisfiable range with 416 and a multi-range request with the full body', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body });
    const unsatisfiable = await get('/file.bin', { Range: `bytes=${body.length}-` });
    assert.equal(unsatisfiable.statusCode, 416);
    assert.equal(unsatisfiable.headers['content-range'], `bytes */${body.length}`);
    assert.ok(unsatisfiable.headers['etag']);
    await unsatisfiable.body.dump();

    const multi = await get('/file.bin', { Range: 'bytes=0-1,5-6' });
    assert.equal(multi.statusCode, 200);
    assert.equal((await multi.body.bytes()).length, body.length);
  });

  test('applies a Range only when If-Range matches a strong ETag or equals Last-Modified', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/strong', { body, etag: '"v1"' });
    server.addResource('/weak', { body, etag: 'W/"v1"' });
    const statusOf = async (path: string, ifRange: string): Promise<number> => {
      const response = await get(path, { Range: 'bytes=0-9', 'If-Range': ifRange });
      await response.body.dump();
      return response.statusCode;
    };
    assert.equal(await statusOf('/strong', '"v1"'), 206);
    assert.equal(await statusOf('/strong', '"v0"'), 200);
    assert.equal(await statusOf('/strong', 'W/"v1"'), 200);
    assert.equal(await statusOf('/weak', 'W/"v1"'), 200);
    assert.equal(await statusOf('/strong', 'Wed, 01 Jan 2025 00:00:00 GMT'), 206);
    assert.equal(await statusOf('/strong', 'Thu, 02 Jan 2025 00:00:00 GMT'), 200);
  });

  test('answers 412 when If-Match names another entity and serves normally when it matches', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, etag: '"v1"' });
    const mismatch = await get('/file.bin', { 'If-Match': '"v0"' });
    assert.equal(mismatch.statusCode, 412);
    assert.equal(mismatch.headers['etag'], '"v1"');
    await mismatch.body.dump();
    const match = await get('/file.bin', { 'If-Match': '"v0", "v1"', Range: 'bytes=0-0' });
    assert.equal(match.statusCode, 206);
    await match.body.dump();
  });

  test('omits ETag and Last-Modified when they are null and honours custom validators and content type', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/bare', { body, etag: null, lastModified: null });
    server.addResource('/custom', { body, etag: 'W/"weak"', lastModified: 'Mon, 06 Jan 2025 10:00:00 GMT', contentType: 'application/zip' });
    const bare = await head('/bare');
    assert.equal(bare.headers['etag'], undefined);
    assert.equal(bare.headers['last-modified'], undefined);
    const custom = await head('/custom');
    assert.equal(custom.headers['etag'], 'W/"weak"');
    assert.equal(custom.headers['last-modified'], 'Mon, 06 Jan 2025 10:00:00 GMT');
    assert.equal(custom.headers['content-type'], 'application/zip');
  });

  test('ignores Range and sends no Accept-Ranges when ranges are unsupported', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, supportsRanges: false });
    const response = await get('/file.bin', { Range: 'bytes=10-19' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['accept-ranges'], undefined);
    assert.equal((await response.body.bytes()).length, body.length);
    const headResponse = await head('/file.bin');
    assert.equal(headResponse.headers['accept-ranges'], undefined);
  });

  test('answers 404 for an unknown path and matches a resource by path when the query string is not registered', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body });
    server.addResource('/signed?token=ok', { body: Buffer.from('signed') });
    const missing = await get('/nope');
    assert.equal(missing.statusCode, 404);
    await missing.body.dump();
    assert.equal(server.stats('/nope').requests[0]?.status, 404);
    const withQuery = await get('/file.bin?x=1');
    assert.equal(withQuery.statusCode, 200);
    await withQuery.body.dump();
    assert.equal(server.stats('/file.bin').requests[0]?.url, '/file.bin?x=1');
    const signed = await get('/signed?token=ok');
    assert.equal(await signed.body.text(), 'signed');
    const unsigned = await get('/signed');
    assert.equal(unsigned.statusCode, 404);
    await unsigned.body.dump();
  });

  test('redirects with relative and absolute Locations and can form a loop', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body });
    server.addRedirect('/relative', '/file.bin');
    server.addRedirect('/absolute', server.url('/file.bin'), 308);
    server.addRedirect('/a', '/b', 301);
    server.addRedirect('/b', '/a', 307);

    const relative = await get('/relative');
    assert.equal(relative.statusCode, 302);
    assert.equal(relative.headers['location'], '/file.bin');
    await relative.body.dump();
    const absolute = await head('/absolute');
    assert.equal(absolute.statusCode, 308);
    assert.equal(absolute.headers['location'], server.url('/file.bin'));

    const followed = await fetch(server.url('/relative'), { dispatcher: agent });
    assert.equal(Buffer.from(await followed.arrayBuffer()).length, body.length);
    await assert.rejects(fetch(server.url('/a'), { dispatcher: agent }), (error: unknown) => {
      assert.ok(error instanceof TypeError);
      assert.match(String((error as TypeError & { cause?: unknown }).cause), /redirect/i);
      return true;
    });
    assert.ok(server.stats('/a').requests.length > 1);
    assert.equal(server.stats('/b').requests[0]?.status, 307);
  });

  test('cuts the connection after exactly cutAfterBytes for the first cutTimes responses', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { cutAfterBytes: 12_345, cutTimes: 1 } });
    const raw = await exchangeRaw(server.origin, '/file.bin');
    assert.ok(raw.isClosedByServer);
    assert.match(raw.head, /^HTTP\/1\.1 200/);
    assert.match(raw.head, new RegExp(`Content-Length: ${body.length}`, 'i'));
    assert.deepEqual(raw.body, body.subarray(0, 12_345));

    const second = await get('/file.bin');
    const read = await readBody(second.body);
    assert.equal(read.error, null);
    assert.equal(read.bytes.length, body.length);

    const stats = server.stats('/file.bin');
    assert.deepEqual(stats.requests.map((record) => record.outcome), ['cut', 'complete']);
    assert.equal(stats.bodyBytesSent, 12_345 + body.length);
  });

  test('cuts or stalls after zero bytes once the headers are out, and never cuts a response that is already short enough', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/zero', { body, faults: { cutAfterBytes: 0 } });
    const raw = await exchangeRaw(server.origin, '/zero');
    assert.match(raw.head, /^HTTP\/1\.1 200/);
    assert.equal(raw.body.length, 0);

    server.addResource('/tail', { body, faults: { cutAfterBytes: 1000 } });
    server.addResource('/stall-zero', { body, faults: { stallAfterBytes: 0 } });
    const stalled = await get('/stall-zero', {}, { bodyTimeout: 200 });
    assert.equal(stalled.statusCode, 200);
    assert.equal((await readBody(stalled.body)).bytes.length, 0);

    const tail = await get('/tail', { Range: `bytes=${body.length - 1000}-` });
    const read = await readBody(tail.body);
    assert.equal(read.error, null);
    assert.deepEqual(read.bytes, body.subarray(body.length - 1000));
  });

  test('stalls after exactly stallAfterBytes with the socket open, and close() ends the stalled response', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { stallAfterBytes: 70_000, stallTimes: 1 } });
    const response = await get('/file.bin', {}, { bodyTimeout: 400 });
    const read = await readBody(response.body);
    assert.ok(read.error, 'the body times out');
    assert.equal(read.bytes.length, 70_000);
    assert.equal(server.stats('/file.bin').requests[0]?.outcome, 'stalled');

    const second = await get('/file.bin');
    assert.equal((await second.body.bytes()).length, body.length);

    server.addResource('/forever', { body, faults: { stallAfterBytes: 10 } });
    const stalled = await get('/forever');
    const pending = readBody(stalled.body);
    const startedAtMs = performance.now();
    await server.close();
    const stalledRead = await pending;
    assert.ok(stalledRead.error, 'closing the server fails the stalled body');
    assert.equal(stalledRead.bytes.length, 10);
    assert.ok(performance.now() - startedAtMs < 2000);
  });

  test('fails the first failTimes GETs with failStatus and Retry-After, then serves', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { failTimes: 2, failStatus: 429, retryAfterSeconds: 3 } });
    const headResponse = await head('/file.bin');
    assert.equal(headResponse.statusCode, 200, 'HEAD does not use up failures');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const failed = await get('/file.bin');
      assert.equal(failed.statusCode, 429);
      assert.equal(failed.headers['retry-after'], '3');
      await failed.body.dump();
    }
    const served = await get('/file.bin');
    assert.equal(served.statusCode, 200);
    await served.body.dump();

    server.addResource('/default', { body, faults: { failTimes: 1 } });
    const defaultFailure = await get('/default');
    assert.equal(defaultFailure.statusCode, 503);
    assert.equal(defaultFailure.headers['retry-after'], undefined);
    await defaultFailure.body.dump();
    assert.equal(server.stats('/default').bodyBytesSent, 0, 'error text is not counted as resource bytes');
  });

  test('changes the resource once changeAfterBytes are sent, so stale If-Range gets 200 and stale If-Match gets 412', { timeout: TEST_TIMEOUT_MS }, async () => {
    const changedBody = generateBody(150_000, 99);
    server.addResource('/file.bin', { body, faults: { cutAfterBytes: 50_000, cutTimes: 1, changeAfterBytes: 50_000, changedBody } });
    const first = await get('/file.bin');
    const oldEtag = first.headers['etag'];
    const oldLastModified = first.headers['last-modified'];
    assert.equal(typeof oldEtag, 'string');
    const partial = await readBody(first.body);
    assert.equal(partial.bytes.length, 50_000);

    const resumed = await get('/file.bin', { Range: 'bytes=50000-', 'If-Range': String(oldEtag) });
    assert.equal(resumed.statusCode, 200);
    assert.notEqual(resumed.headers['etag'], oldEtag);
    assert.equal(resumed.headers['etag'], `"${sha256Hex(changedBody).slice(0, 32)}"`);
    assert.equal(resumed.headers['last-modified'], 'Thu, 02 Jan 2025 00:00:00 GMT');
    assert.notEqual(resumed.headers['last-modified'], oldLastModified);
    assert.deepEqual(Buffer.from(await resumed.body.bytes()), changedBody);

    const guarded = await get('/file.bin', { Range: 'bytes=50000-', 'If-Match': String(oldEtag) });
    assert.equal(guarded.statusCode, 412);
    await guarded.body.dump();

    const headResponse = await head('/file.bin');
    assert.equal(headResponse.headers['content-length'], String(changedBody.length));
  });

  test('keeps streaming the old bytes to a response that was already running when the change happened', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { changeAfterBytes: 1000 } });
    const response = await get('/file.bin');
    assert.deepEqual(Buffer.from(await response.body.bytes()), body);
    const after = await get('/file.bin');
    const changed = Buffer.from(await after.body.bytes());
    assert.equal(changed.length, body.length);
    assert.equal(changed[0], ~(body[0] ?? 0) & 0xff, 'the default changed body inverts every byte');
  });

  test('claims a Content-Range off by one when wrongContentRange is set while the body is what was asked', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { wrongContentRange: true } });
    const middle = await get('/file.bin', { Range: 'bytes=100-199' });
    assert.equal(middle.headers['content-range'], `bytes 101-200/${body.length}`);
    assert.equal(middle.headers['content-length'], '100');
    assert.deepEqual(Buffer.from(await middle.body.bytes()), body.subarray(100, 200));
    const whole = await get('/file.bin', { Range: 'bytes=0-' });
    assert.equal(whole.headers['content-range'], `bytes 1-${body.length}/${body.length + 1}`);
    await whole.body.dump();
  });

  test('declares 1024 bytes too many and closes with contentLengthMismatch short', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { contentLengthMismatch: 'short' } });
    const raw = await exchangeRaw(server.origin, '/file.bin');
    assert.ok(raw.isClosedByServer);
    assert.match(raw.head, new RegExp(`Content-Length: ${body.length + 1024}`, 'i'));
    assert.deepEqual(raw.body, body);
    const headResponse = await head('/file.bin');
    assert.equal(headResponse.headers['content-length'], String(body.length + 1024));
  });

  test('sends 1024 bytes beyond an honest Content-Length and closes with contentLengthMismatch long', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { contentLengthMismatch: 'long' } });
    const raw = await exchangeRaw(server.origin, '/file.bin');
    assert.ok(raw.isClosedByServer);
    assert.match(raw.head, new RegExp(`Content-Length: ${body.length}\r?$`, 'im'));
    assert.equal(raw.body.length, body.length + 1024);
    assert.deepEqual(raw.body.subarray(0, body.length), body);
  });

  test('uses chunked encoding without lengths or ranges when chunked is set', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { chunked: true } });
    const response = await get('/file.bin', { Range: 'bytes=0-9' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-length'], undefined);
    assert.equal(response.headers['transfer-encoding'], 'chunked');
    assert.equal(response.headers['accept-ranges'], undefined);
    assert.deepEqual(Buffer.from(await response.body.bytes()), body);
    const headResponse = await head('/file.bin');
    assert.equal(headResponse.headers['content-length'], undefined);
    assert.equal(headResponse.headers['accept-ranges'], undefined);
  });

  test('answers HEAD with headStatus while GET still works', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { headStatus: 405 } });
    const headResponse = await head('/file.bin');
    assert.equal(headResponse.statusCode, 405);
    assert.equal(headResponse.headers['allow'], 'GET');
    const response = await get('/file.bin');
    assert.equal(response.statusCode, 200);
    await response.body.dump();
  });

  test('lets HEAD lie about length and ranges while GET stays honest', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { headLies: { contentLength: 5, acceptRanges: false } } });
    const headResponse = await head('/file.bin');
    assert.equal(headResponse.headers['content-length'], '5');
    assert.equal(headResponse.headers['accept-ranges'], undefined);
    const response = await get('/file.bin', { Range: 'bytes=0-9' });
    assert.equal(response.statusCode, 206);
    assert.equal(response.headers['accept-ranges'], 'bytes');
    await response.body.dump();

    server.addResource('/claims', { body, supportsRanges: false, faults: { headLies: { acceptRanges: true } } });
    assert.equal((await head('/claims')).headers['accept-ranges'], 'bytes');
  });

  test('answers 403 to GETs after forbidAfterRequests, which with a cut makes a resume fail', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { forbidAfterRequests: 1, cutAfterBytes: 1000 } });
    const first = await get('/file.bin');
    assert.equal(first.statusCode, 200);
    assert.equal((await readBody(first.body)).bytes.length, 1000);
    const resume = await get('/file.bin', { Range: 'bytes=1000-' });
    assert.equal(resume.statusCode, 403);
    await resume.body.dump();
  });

  test('paces the body at throttleBytesPerSecond', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body: generateBody(40_000), faults: { throttleBytesPerSecond: 80_000 } });
    const startedAtMs = performance.now();
    const response = await get('/file.bin');
    assert.equal((await response.body.bytes()).length, 40_000);
    const elapsedMs = performance.now() - startedAtMs;
    assert.ok(elapsedMs >= 400 && elapsedMs < 1500, `took ${elapsedMs} ms for about 500 ms of data`);
  });

  test('refuses GETs beyond maxConcurrentRequests and counts the peak of simultaneous GETs', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { maxConcurrentRequests: 1, stallAfterBytes: 100, stallTimes: 1, retryAfterSeconds: 1 } });
    const stalled = await get('/file.bin');
    const refused = await get('/file.bin');
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.headers['retry-after'], '1');
    await refused.body.dump();
    assert.equal(server.stats('/file.bin').maxConcurrentRequests, 2);

    stalled.body.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const served = await get('/file.bin');
    assert.equal(served.statusCode, 200);
    await served.body.dump();
    assert.equal(server.stats('/file.bin').requests[0]?.outcome, 'stalled');
  });

  test('answers a Range with 200 while advertising Accept-Ranges when rangeAnswers200 is set', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body, faults: { rangeAnswers200: true } });
    assert.equal((await head('/file.bin')).headers['accept-ranges'], 'bytes');
    const response = await get('/file.bin', { Range: 'bytes=10-19' });
    assert.equal(response.statusCode, 200);
    assert.equal((await response.body.bytes()).length, body.length);
  });

  test('records each request and clears the records on resetStats', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body });
    const response = await get('/file.bin', { Range: 'bytes=0-9', 'If-Range': '"x"', 'X-Probe': 'yes' });
    await response.body.dump();
    await head('/file.bin');
    const stats = server.stats('/file.bin');
    assert.equal(stats.requests.length, 2);
    assert.deepEqual(
      { ...stats.requests[0], headers: undefined },
      { method: 'GET', url: '/file.bin', rangeHeader: 'bytes=0-9', ifRange: '"x"', ifMatch: null, status: 200, bodyBytesSent: body.length, outcome: 'complete', headers: undefined },
    );
    assert.equal(stats.requests[0]?.headers['x-probe'], 'yes');
    assert.equal(stats.requests[1]?.method, 'HEAD');
    assert.equal(stats.bodyBytesSent, body.length);
    assert.equal(stats.maxConcurrentRequests, 1);

    server.resetStats();
    assert.deepEqual(server.stats('/file.bin'), { requests: [], bodyBytesSent: 0, maxConcurrentRequests: 0 });
    assert.deepEqual(server.stats('/never'), { requests: [], bodyBytesSent: 0, maxConcurrentRequests: 0 });
  });

  test('streams a 64 MiB body byte-exact', { timeout: 30_000 }, async () => {
    const large = generateBody(64 * 1024 * 1024, 5);
    server.addResource('/large.bin', { body: large });
    const response = await get('/large.bin');
    const hash = createHash('sha256');
    for await (const chunk of response.body) hash.update(chunk as Buffer);
    assert.equal(hash.digest('hex'), sha256Hex(large));
    assert.equal(server.stats('/large.bin').bodyBytesSent, large.length);
  });

  test('close() can be called twice', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.addResource('/file.bin', { body });
    const response = await get('/file.bin');
    await response.body.dump();
    await server.close();
    await server.close();
  });
});

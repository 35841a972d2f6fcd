import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Http1Agent } from '../../../electron/engine/http1/http1-agent';
import { REPOSITORY_ROOT, startCli } from '../../helpers/cli-process';
import { parseByteRange } from '../../helpers/parse-byte-range';
import { sha256File, sha256Hex } from '../../helpers/sha256';

const TEST_TIMEOUT_MS = 60_000;
/** A self-signed certificate for 127.0.0.1 and localhost, valid until 2126, made for these tests only. */
const CERTIFICATE_PATH = join(REPOSITORY_ROOT, 'test', 'fixtures', 'tls', 'localhost-cert.pem');
const KEY_PATH = join(REPOSITORY_ROOT, 'test', 'fixtures', 'tls', 'localhost-key.pem');

describe('downloads over HTTPS', () => {
  const body = randomBytes(8 * 1024 * 1024);
  const etag = `"${sha256Hex(body).slice(0, 16)}"`;
  let server: https.Server;
  let baseUrl = '';
  let rangedRequestCount = 0;

  before(async () => {
    const [key, cert] = await Promise.all([readFile(KEY_PATH), readFile(CERTIFICATE_PATH)]);
    server = https.createServer({ key, cert }, (request, response) => {
      const decision = parseByteRange(request.headers.range ?? null, body.length);
      if (decision.kind === 'partial') {
        rangedRequestCount += 1;
        response.writeHead(206, {
          'content-length': decision.endByte - decision.startByte + 1,
          'content-range': `bytes ${decision.startByte}-${decision.endByte}/${body.length}`,
          etag,
          'accept-ranges': 'bytes',
        });
        response.end(request.method === 'HEAD' ? undefined : body.subarray(decision.startByte, decision.endByte + 1));
        return;
      }
      response.writeHead(200, { 'content-length': body.length, etag, 'accept-ranges': 'bytes' });
      response.end(request.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('refuses a certificate nobody vouches for, with a sentence that says so and no retry', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agent = new Http1Agent();
    await assert.rejects(
      agent.send({
        method: 'GET',
        url: new URL('/file.bin', baseUrl),
        headers: {},
        signal: new AbortController().signal,
        headersTimeoutMs: 5000,
        bodyTimeoutMs: 5000,
      }),
      (error: { code?: string; retryable?: boolean; message?: string }) =>
        error.code === 'DL_ERR_NETWORK' && error.retryable === false && /certificate is not trusted/.test(error.message ?? ''),
    );
    agent.close();
  });

  test('downloads byte-exact over 4 TLS connections when the certificate is trusted', { timeout: TEST_TIMEOUT_MS }, async () => {
    const workDirectory = await mkdtemp(join(tmpdir(), 'fetchpoint-https-'));
    try {
      const run = startCli(
        ['get', `${baseUrl}/file.bin`, '--dir', join(workDirectory, 'out'), '--state', join(workDirectory, 'state'), '--connections', '4'],
        // How a user trusts a private CA for Node programs; Node reads it at start-up.
        { NODE_EXTRA_CA_CERTS: CERTIFICATE_PATH },
      );
      const result = await run.exited;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await sha256File(join(workDirectory, 'out', 'file.bin')), sha256Hex(body));
      assert.ok(rangedRequestCount >= 4, `only ${rangedRequestCount} ranged requests`);
    } finally {
      await rm(workDirectory, { recursive: true, force: true });
    }
  });
});

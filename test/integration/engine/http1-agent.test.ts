import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { BodySink } from '../../../electron/engine/http1/body-sink';
import { Http1Agent } from '../../../electron/engine/http1/http1-agent';
import type { Http1Request } from '../../../electron/engine/http1/http1-connection';

const TEST_TIMEOUT_MS = 15_000;

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Which TCP connection carried it, counting from 0. */
  connectionIndex: number;
}

type RawHandler = (request: RawRequest, socket: net.Socket) => void;

/** A TCP server that hands each request head to a script which writes the raw answer bytes itself. */
class RawHttpServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  connectionCount = 0;
  handler: RawHandler = () => undefined;

  constructor() {
    this.server = net.createServer((socket) => {
      const connectionIndex = this.connectionCount;
      this.connectionCount += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      let pending = '';
      socket.on('data', (data: Buffer) => {
        pending += data.toString('latin1');
        for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
          const [requestLine = '', ...lines] = pending.slice(0, end).split('\r\n');
          pending = pending.slice(end + 4);
          const [method = '', path = ''] = requestLine.split(' ');
          const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
          this.handler({ method, path, headers, connectionIndex }, socket);
        }
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as net.AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A sink that keeps every byte, optionally making the transport wait after each commit. */
function collectingSink(waitAfterCommit: () => Promise<void> | null = () => null, regionBytes = 64 * 1024): BodySink & { body(): Buffer } {
  const parts: Buffer[] = [];
  let region = Buffer.alloc(regionBytes);
  return {
    provideBuffer: () => region,
    commit: (byteCount) => {
      parts.push(Buffer.from(region.subarray(0, byteCount)));
      // A fresh region each time proves the transport never writes into one it was not lent.
      region = Buffer.alloc(regionBytes);
      return waitAfterCommit();
    },
    body: () => Buffer.concat(parts),
  };
}

function request(baseUrl: string, path: string, overrides: Partial<Http1Request> = {}): Http1Request {
  return {
    method: 'GET',
    url: new URL(path, baseUrl),
    headers: { 'accept-encoding': 'identity' },
    signal: new AbortController().signal,
    headersTimeoutMs: 5000,
    bodyTimeoutMs: 5000,
    ...overrides,
  };
}

/** Sends a GET for `path` and reads its whole body. */
async function fetchBody(agent: Http1Agent, baseUrl: string, path: string): Promise<Buffer> {
  const response = await agent.send(request(baseUrl, path));
  const sink = collectingSink();
  await response.body.consume(sink);
  return sink.body();
}

function writeFixedLength(socket: net.Socket, body: Buffer, extraHeaders = ''): void {
  socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extraHeaders}\r\n`);
  socket.write(body);
}

describe('the HTTP/1.1 agent', () => {
  const server = new RawHttpServer();
  let baseUrl = '';
  before(async () => {
    baseUrl = await server.start();
  });
  after(() => server.stop());

  test('carries several requests over one kept-alive connection, each body byte-exact', { timeout: TEST_TIMEOUT_MS }, async () => {
    const bodies = [randomBytes(300_000), randomBytes(10), randomBytes(0)];
    server.connectionCount = 0;
    server.handler = (incoming, socket) => writeFixedLength(socket, bodies[Number(incoming.path.slice(1))] ?? Buffer.alloc(0));
    const agent = new Http1Agent();
    for (const [index, expected] of bodies.entries()) {
      const response = await agent.send(request(baseUrl, `/${index}`));
      assert.equal(response.head.status, 200);
      const sink = collectingSink();
      await response.body.consume(sink);
      assert.ok(sink.body().equals(expected), `body ${index}`);
    }
    assert.equal(server.connectionCount, 1);
    agent.close();
  });

  test('a late discard of a finished body leaves the next exchange on the same connection alone', { timeout: TEST_TIMEOUT_MS }, async () => {
    const expected = randomBytes(100_000);
    server.connectionCount = 0;
    server.handler = (_incoming, socket) => writeFixedLength(socket, expected);
    const agent = new Http1Agent();
    const first = await agent.send(request(baseUrl, '/first'));
    await first.body.consume(collectingSink());
    const second = await agent.send(request(baseUrl, '/second'));
    first.body.discard();
    const sink = collectingSink();
    await second.body.consume(sink);
    assert.ok(sink.body().equals(expected));
    assert.equal(server.connectionCount, 1);
    agent.close();
  });

  test('replaces a kept-alive connection the server closed while it was idle, without failing the request', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.connectionCount = 0;
    server.handler = (_incoming, socket) => {
      // Announces keep-alive, then drops the connection right after the answer, as servers with short timeouts do.
      writeFixedLength(socket, Buffer.from('fresh'));
      socket.end();
    };
    const agent = new Http1Agent();
    for (let round = 0; round < 3; round += 1) {
      assert.equal((await fetchBody(agent, baseUrl, '/x')).toString(), 'fresh');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(server.connectionCount, 3);
    agent.close();
  });

  test('decodes a chunked body written a few bytes at a time, skipping interim 103 answers', { timeout: TEST_TIMEOUT_MS }, async () => {
    const expected = randomBytes(50_000);
    server.handler = (_incoming, socket) => {
      const wire = Buffer.concat([
        Buffer.from('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
        Buffer.from(`${(20_000).toString(16)}\r\n`),
        expected.subarray(0, 20_000),
        Buffer.from(`\r\n${(30_000).toString(16)}\r\n`),
        expected.subarray(20_000),
        Buffer.from('\r\n0\r\nX-Trailer: 1\r\n\r\n'),
      ]);
      let offset = 0;
      const timer = setInterval(() => {
        socket.write(wire.subarray(offset, offset + 7919));
        offset += 7919;
        if (offset >= wire.length) clearInterval(timer);
      }, 1);
    };
    const agent = new Http1Agent();
    const response = await agent.send(request(baseUrl, '/chunked'));
    assert.equal(response.head.status, 200);
    const sink = collectingSink(() => null, 4096);
    await response.body.consume(sink);
    assert.ok(sink.body().equals(expected));
    agent.close();
  });

  test('reads a body without length until the server closes, and never reuses that connection', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.connectionCount = 0;
    server.handler = (_incoming, socket) => {
      socket.write('HTTP/1.1 200 OK\r\n\r\nuntil the end');
      setTimeout(() => socket.end(), 20);
    };
    const agent = new Http1Agent();
    for (let round = 0; round < 2; round += 1) {
      assert.equal((await fetchBody(agent, baseUrl, '/close')).toString(), 'until the end');
    }
    assert.equal(server.connectionCount, 2);
    agent.close();
  });

  test('drops bytes past Content-Length and the connection that sent them', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.connectionCount = 0;
    server.handler = (_incoming, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nexactEXTRA');
    const agent = new Http1Agent();
    for (let round = 0; round < 2; round += 1) {
      assert.equal((await fetchBody(agent, baseUrl, '/extra')).toString(), 'exac');
    }
    assert.equal(server.connectionCount, 2);
    agent.close();
  });

  test('drops that connection too when the body ends exactly where the sink’s region does', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.connectionCount = 0;
    server.handler = (_incoming, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nexactEXTRA');
    const agent = new Http1Agent();
    for (let round = 0; round < 2; round += 1) {
      const response = await agent.send(request(baseUrl, '/extra-aligned'));
      const sink = collectingSink(() => null, 4);
      await response.body.consume(sink);
      assert.equal(sink.body().toString(), 'exac');
    }
    assert.equal(server.connectionCount, 2);
    agent.close();
  });

  test('pauses reading while the sink waits, and such a wait never counts as a stall', { timeout: TEST_TIMEOUT_MS }, async () => {
    const expected = randomBytes(2 * 1024 * 1024);
    server.handler = (_incoming, socket) => writeFixedLength(socket, expected);
    const agent = new Http1Agent();
    const response = await agent.send(request(baseUrl, '/slow-sink', { bodyTimeoutMs: 100 }));
    let commits = 0;
    const sink = collectingSink(() => {
      commits += 1;
      return commits % 8 === 0 ? new Promise((resolve) => setTimeout(resolve, 150)) : null;
    });
    await response.body.consume(sink);
    assert.ok(sink.body().equals(expected));
    agent.close();
  });

  test('reports a server that does not answer, one that stalls and one that hangs up, each with its own code', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.handler = (incoming, socket) => {
      if (incoming.path === '/stall') socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some');
      if (incoming.path === '/hang-up') {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some');
        setTimeout(() => socket.destroy(), 20);
      }
    };
    const agent = new Http1Agent();
    await assert.rejects(agent.send(request(baseUrl, '/silent', { headersTimeoutMs: 200 })), { code: 'DL_ERR_TIMEOUT', retryable: true });
    const stalled = await agent.send(request(baseUrl, '/stall', { bodyTimeoutMs: 200 }));
    await assert.rejects(stalled.body.consume(collectingSink()), { code: 'DL_ERR_STALLED', retryable: true });
    const hungUp = await agent.send(request(baseUrl, '/hang-up'));
    await assert.rejects(hungUp.body.consume(collectingSink()), { code: 'DL_ERR_NETWORK', retryable: true });
    agent.close();
  });

  test('stops at once when the signal aborts, and refuses header values that would forge a header', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.handler = (_incoming, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome');
    const agent = new Http1Agent();
    const controller = new AbortController();
    const response = await agent.send(request(baseUrl, '/abort', { signal: controller.signal }));
    const consuming = response.body.consume(collectingSink());
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(consuming, { code: 'DL_ERR_ABORTED' });
    await assert.rejects(agent.send(request(baseUrl, '/x', { headers: { cookie: 'a=1\r\nX-Evil: 1' } })), { code: 'DL_ERR_INVALID_INPUT' });
    agent.close();
  });

  test('refuses framing that could be read two ways', { timeout: TEST_TIMEOUT_MS }, async () => {
    server.handler = (_incoming, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!');
    const agent = new Http1Agent();
    await assert.rejects(agent.send(request(baseUrl, '/two-lengths')), { code: 'DL_ERR_NETWORK' });
    agent.close();
  });
});

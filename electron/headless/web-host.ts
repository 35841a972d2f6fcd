// Runtime: Node (no electron). The headless web UI: serves the renderer's build over HTTP and the IPC contract over
// a WebSocket, on top of the same engine, handler table and event bridge as the Electron app.
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { ApiResult, EventChannel, EventPayload } from '../../shared/ipc-contract';
import { clientMessageSchema, WEB_SOCKET_PATH, WEB_TOKEN_PARAMETER, type ServerMessage } from '../../shared/web-protocol';
import { bridgeEngineEvents, createHandlerTable, dispatchInvoke, type DesktopActions } from '../engine/contract-handlers';
import type { DownloadEngine } from '../engine/engine';
import { buildContentSecurityPolicy } from './content-security-policy';
import { resolveStaticFile } from './static-files';
import { createWebRequestGuard, isLoopbackHost, isWildcardHost, type WebRequestFacts } from './web-request-guard';

export interface WebHostOptions {
  engine: DownloadEngine;
  actions: DesktopActions;
  /** The renderer's Vite build (`dist/renderer`). */
  rendererDirectory: string;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Must be true to bind anything but loopback. Default false. */
  allowRemote?: boolean;
  /** Default: 32 random bytes, base64url. */
  token?: string;
  /** A socket with more than this many bytes queued gets no progress batches until it drains. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** A socket with more than this queued is too slow to follow the queue and is dropped (it reconnects and reloads). Default 32 MiB. */
  maxBufferedBytesHard?: number;
  /** Largest message a client may send. Default 32 MiB (10,000 long URLs). */
  maxMessageBytes?: number;
  /** How often to ping clients; one that missed the previous ping is dropped. Default 30000 ms. */
  heartbeatIntervalMs?: number;
  /** Where socket-level client errors are reported. Default: a process warning. */
  onClientError?: (error: Error) => void;
}

export interface WebHost {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** The URL to open: it carries the token in its fragment, which the page keeps and the server never sees. */
  readonly readyUrl: string;
  /** Sockets currently connected and authenticated. */
  readonly clientCount: number;
  /** Progress batches skipped for slow sockets since start. */
  readonly droppedProgressBatches: number;
  /** Closes every socket and the server. The engine stays open: its owner closes it. */
  close(): Promise<void>;
}

/** Thrown for a non-loopback bind without `allowRemote`. */
export class RemoteBindRefusedError extends Error {
  override readonly name = 'RemoteBindRefusedError';
  readonly code = 'WEB_ERR_REMOTE_BIND_REFUSED';
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Creates a random access token: 32 bytes, base64url. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts the web host and resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(bindHost) && options.allowRemote !== true) {
    throw new RemoteBindRefusedError(
      `Refusing to listen on ${bindHost}: anyone who can reach it and learns the token could control downloads and open files. Pass --allow-remote to do it anyway.`,
    );
  }
  const token = options.token ?? createAccessToken();
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const maxBufferedBytesHard = options.maxBufferedBytesHard ?? 32 * 1024 * 1024;
  const reportClientError = options.onClientError ?? ((error: Error) => process.emitWarning(`Fetchpoint web client: ${error.message}`));
  const table = createHandlerTable(options.engine, options.actions);
  const clients = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  let droppedProgressBatches = 0;

  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 32 * 1024 * 1024, perMessageDeflate: false });
  await listen(server, options.port ?? 0, bindHost);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The web host did not get a TCP address.');
  const port = address.port;
  const guard = createWebRequestGuard({ boundHost: bindHost, port, token });

  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const broadcast = <E extends EventChannel>(channel: E, payload: EventPayload<E>): void => {
    const text = JSON.stringify({ type: 'event', channel, payload } satisfies ServerMessage);
    for (const socket of clients) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (socket.bufferedAmount > maxBufferedBytesHard) {
        socket.terminate();
        continue;
      }
      // Progress is superseded by the next batch a tenth of a second later; item changes are not, so only
      // progress is skipped for a socket that cannot keep up.
      if (channel === 'downloads:progress' && socket.bufferedAmount > maxBufferedBytes) {
        droppedProgressBatches += 1;
        continue;
      }
      socket.send(text);
    }
  };
  const unsubscribe = bridgeEngineEvents(options.engine, broadcast);

  const handleMessage = async (socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> => {
    if (isBinary) {
      socket.close(1003, 'Only JSON text messages are accepted.');
      return;
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(rawDataToString(data));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      socket.close(1007, 'Messages must be JSON.');
      return;
    }
    const message = clientMessageSchema.safeParse(parsedJson);
    if (!message.success) {
      const requestId = readRequestId(parsedJson);
      if (requestId === null) {
        socket.close(1008, 'Messages must be invoke requests with a requestId.');
        return;
      }
      const result: ApiResult<unknown> = {
        ok: false,
        error: { code: 'DL_ERR_INVALID_INPUT', message: 'The message is not a valid invoke request.', retryable: false },
      };
      send(socket, { type: 'result', requestId, result });
      return;
    }
    const result = await dispatchInvoke(table, message.data.channel, message.data.payload);
    send(socket, { type: 'result', requestId: message.data.requestId, result });
  };

  sockets.on('connection', (socket: WebSocket) => {
    clients.add(socket);
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    socket.on('close', () => clients.delete(socket));
    socket.on('error', (error) => {
      clients.delete(socket);
      reportClientError(error);
    });
    socket.on('message', (data, isBinary) => {
      handleMessage(socket, data, isBinary).catch((error: unknown) => {
        reportClientError(error instanceof Error ? error : new Error(String(error)));
        socket.close(1011, 'Internal error.');
      });
    });
    // A client that reconnects learns the engine's state at once instead of waiting for the next change.
    send(socket, { type: 'event', channel: 'engine:status-changed', payload: options.engine.status() });
  });

  server.on('request', (request, response) => {
    handleHttpRequest(request, response).catch((error: unknown) => {
      reportClientError(error instanceof Error ? error : new Error(String(error)));
      if (!response.headersSent) sendText(response, 500, 'Fetchpoint could not answer this request.');
      else response.destroy();
    });
  });

  const handleHttpRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const verdict = guard.check(readFacts(request), 'page');
    if (!verdict.ok) {
      sendText(response, verdict.status, verdict.message);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      sendText(response, 405, 'Only GET and HEAD are served here.');
      return;
    }
    if (verdict.hasQueryToken) {
      // A link in the older `?token=` form: the token moves into the fragment, which is never sent to a server.
      response.writeHead(303, { ...SECURITY_HEADERS, Location: `/#${WEB_TOKEN_PARAMETER}=${token}`, 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    const pathname = new URL(request.url ?? '/', verdict.origin).pathname;
    if (pathname === WEB_SOCKET_PATH) {
      sendText(response, 426, 'This address is the WebSocket endpoint.');
      return;
    }
    const file = await resolveStaticFile(options.rendererDirectory, pathname);
    if (file === null) {
      const isRoot = pathname === '/' || pathname === '/index.html';
      if (isRoot) sendText(response, 503, 'The web UI is not built yet. Run `npm run build:renderer`, then reload this page.');
      else sendText(response, 404, 'Not found.');
      return;
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': String(file.sizeBytes),
      'Cache-Control': file.cacheControl,
      'Content-Security-Policy': buildContentSecurityPolicy({ connectSources: [verdict.origin.replace(/^http:/, 'ws:')] }),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    await streamFile(file.path, response);
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes the socket over, its errors are ours to report.
    const onSocketError = (error: Error): void => reportClientError(error);
    socket.on('error', onSocketError);
    const verdict = guard.check(readFacts(request), 'socket');
    if (!verdict.ok) {
      rejectUpgrade(socket, verdict.status, verdict.message);
      return;
    }
    if (new URL(request.url ?? '/', verdict.origin).pathname !== WEB_SOCKET_PATH) {
      rejectUpgrade(socket, 404, 'Not found.');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      socket.off('error', onSocketError);
      sockets.emit('connection', webSocket, request);
    });
  });

  const heartbeat = setInterval(() => {
    for (const socket of clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, options.heartbeatIntervalMs ?? 30_000);
  heartbeat.unref();

  let closing: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    unsubscribe();
    clearInterval(heartbeat);
    await closeClients(clients);
    await new Promise<void>((resolvePromise) => sockets.close(() => resolvePromise()));
    server.closeAllConnections();
    await new Promise<void>((resolvePromise, rejectPromise) => server.close((error) => (error === undefined ? resolvePromise() : rejectPromise(error))));
  };

  const urlHost = formatUrlHost(isWildcardHost(bindHost) ? (bindHost.includes(':') ? '::1' : '127.0.0.1') : bindHost);
  return {
    host: bindHost,
    port,
    token,
    readyUrl: `http://${urlHost}:${port}/#${WEB_TOKEN_PARAMETER}=${token}`,
    get clientCount() {
      return clients.size;
    },
    get droppedProgressBatches() {
      return droppedProgressBatches;
    },
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

function readFacts(request: IncomingMessage): WebRequestFacts {
  return { host: request.headers.host, origin: request.headers.origin, url: request.url ?? '/' };
}

function sendText(response: ServerResponse, status: number, message: string): void {
  const body = `${message}\n`;
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status as 401 | 403 | 404] ?? 'Error';
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function streamFile(path: string, response: ServerResponse): Promise<void> {
  return new Promise((resolvePromise, rejectPromise) => {
    const stream = createReadStream(path);
    stream.once('error', (error) => {
      response.destroy(error);
      rejectPromise(error);
    });
    response.once('close', () => {
      stream.destroy();
      resolvePromise();
    });
    stream.pipe(response);
  });
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolvePromise, rejectPromise) => {
    server.once('error', rejectPromise);
    server.listen(port, host, () => {
      server.off('error', rejectPromise);
      resolvePromise();
    });
  });
}

async function closeClients(clients: Set<WebSocket>): Promise<void> {
  const closed = [...clients].map(
    (socket) =>
      new Promise<void>((resolvePromise) => {
        if (socket.readyState === WebSocket.CLOSED) {
          resolvePromise();
          return;
        }
        const timer = setTimeout(() => socket.terminate(), 500);
        socket.once('close', () => {
          clearTimeout(timer);
          resolvePromise();
        });
        socket.close(1001, 'Fetchpoint is shutting down.');
      }),
  );
  await Promise.all(closed);
}

function rawDataToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function readRequestId(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const requestId = (value as { requestId?: unknown }).requestId;
  return typeof requestId === 'number' && Number.isSafeInteger(requestId) && requestId >= 0 ? requestId : null;
}

function formatUrlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

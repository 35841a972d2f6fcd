// Runtime: Node (tests only). The fault-injecting HTTP server every engine test downloads from.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ResourceSpec } from './resource-spec';
import { ResourceState } from './resource-state';
import type { RequestRecord, ResourceStats } from './resource-stats';
import { serveResource } from './serve-resource';
import { StatsRecorder } from './stats-recorder';

export type { FaultSpec, ResourceSpec } from './resource-spec';
export type { RequestOutcome, RequestRecord, ResourceStats } from './resource-stats';
export { generateBody } from './generate-body';
export { sha256File, sha256Hex } from './sha256';

/** Statuses addRedirect accepts. */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

/** A running fault server on 127.0.0.1. Unknown paths answer 404. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
  /** `origin + path`; `path` starts with `/` and may carry a query string. */
  url(path: string): string;
  /**
   * Serves `resource` at `path` (exact request target first, then the path without its query string).
   * Replaces any resource or redirect already at `path` and starts its fault counters over.
   */
  addResource(path: string, resource: ResourceSpec): void;
  /**
   * Answers GET and HEAD on `fromPath` with `status` (default 302) and `Location: toPathOrUrl`, sent as
   * given, so both relative and absolute targets work and `/a` -> `/b` -> `/a` makes a loop.
   */
  addRedirect(fromPath: string, toPathOrUrl: string, status?: RedirectStatus): void;
  /** A snapshot of the counters for `path` (resource, redirect or unknown); all zero if never requested. */
  stats(path: string): ResourceStats;
  /** Clears every path's counters; fault counters and resource versions are kept. */
  resetStats(): void;
  /** Destroys every open socket (stalled ones too) and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

interface Redirect {
  location: string;
  status: RedirectStatus;
}

/** Starts a fault server on 127.0.0.1 at a random free port. */
export async function startFaultServer(): Promise<FaultServer> {
  const resources = new Map<string, ResourceState>();
  const redirects = new Map<string, Redirect>();
  const recorder = new StatsRecorder();
  const sockets = new Set<Socket>();

  const resolveRouteKey = (target: string): string => {
    if (resources.has(target) || redirects.has(target)) return target;
    const queryStart = target.indexOf('?');
    return queryStart === -1 ? target : target.slice(0, queryStart);
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const routeKey = resolveRouteKey(req.url ?? '/');
    const record = recorder.beginRequest(routeKey, req);
    trackOutcome(res, record);
    if (record.method === 'GET') res.once('close', () => recorder.endGet(routeKey));

    const redirect = redirects.get(routeKey);
    if (redirect) {
      record.status = redirect.status;
      res.writeHead(redirect.status, { Location: redirect.location, 'Content-Length': 0 });
      res.end();
      return;
    }
    const state = resources.get(routeKey);
    if (!state) {
      const text = 'Not Found\n';
      record.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    await serveResource({
      req,
      res,
      state,
      record,
      onBodyBytes: (byteCount) => {
        recorder.addBodyBytes(routeKey, record, byteCount);
        state.recordBodyBytes(byteCount);
      },
    });
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => reportHandlerError(res, error));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return {
    origin,
    url: (path) => `${origin}${path}`,
    addResource: (path, resource) => {
      assertPath(path);
      redirects.delete(path);
      resources.set(path, new ResourceState(resource));
    },
    addRedirect: (fromPath, toPathOrUrl, status = 302) => {
      assertPath(fromPath);
      resources.delete(fromPath);
      redirects.set(fromPath, { location: toPathOrUrl, status });
    },
    stats: (path) => recorder.snapshot(path),
    resetStats: () => recorder.reset(),
    close,
  };
}

function trackOutcome(res: ServerResponse, record: RequestRecord): void {
  res.once('finish', () => {
    if (record.outcome === 'in-flight') record.outcome = 'complete';
  });
  res.once('close', () => {
    if (record.outcome === 'in-flight') record.outcome = 'aborted';
  });
}

function assertPath(path: string): void {
  if (!path.startsWith('/')) throw new TypeError(`A fault server path starts with "/", got "${path}"`);
}

/** A bug in the helper must fail the test visibly, not hang it: answer 500 (or drop the socket) and log it. */
function reportHandlerError(res: ServerResponse, error: unknown): void {
  console.error('fault server: request handler failed', error);
  if (res.headersSent) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  const text = `fault server error: ${error instanceof Error ? error.message : String(error)}\n`;
  res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

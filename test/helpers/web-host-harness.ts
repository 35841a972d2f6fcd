// Runtime: Node (tests). A real web host on 127.0.0.1 over a real engine and SQLite file, with a tiny renderer
// build in a temporary folder and desktop actions that only record what they were asked to open.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { DesktopActions } from '../../electron/engine/contract-handlers';
import { startWebHost, type WebHost, type WebHostOptions } from '../../electron/headless/web-host';
import { serverMessageSchema, WEB_SOCKET_PATH, type ServerMessage } from '../../shared/web-protocol';
import { createEngineHarness, type EngineHarness } from './engine-harness';

export interface WebHostHarness {
  engine: EngineHarness;
  host: WebHost;
  rendererDirectory: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>` */
  authority: string;
  /** `?token=…`: the query that lets the contract socket in. */
  tokenQuery: string;
  openedPaths: Array<{ action: 'open' | 'reveal'; path: string }>;
  dispose(): Promise<void>;
}

export const RENDERER_INDEX_HTML = '<!doctype html><html><head><script type="module" src="./assets/app-1234.js"></script></head><body>Fetchpoint</body></html>';
export const RENDERER_SCRIPT = 'console.log("fetchpoint");';

export async function startWebHostHarness(overrides: Partial<WebHostOptions> = {}): Promise<WebHostHarness> {
  const engine = await createEngineHarness();
  await engine.engine.start();
  const rendererDirectory = await mkdtemp(join(tmpdir(), 'fetchpoint-renderer-'));
  await mkdir(join(rendererDirectory, 'assets'));
  await writeFile(join(rendererDirectory, 'index.html'), RENDERER_INDEX_HTML);
  await writeFile(join(rendererDirectory, 'assets', 'app-1234.js'), RENDERER_SCRIPT);
  await writeFile(join(rendererDirectory, 'assets', 'style-1234.css'), 'body{}');
  await writeFile(join(rendererDirectory, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const openedPaths: WebHostHarness['openedPaths'] = [];
  const actions: DesktopActions = {
    openPath: async (path) => {
      openedPaths.push({ action: 'open', path });
    },
    showItemInFolder: async (path) => {
      openedPaths.push({ action: 'reveal', path });
    },
  };
  const host = await startWebHost({ engine: engine.engine, actions, rendererDirectory, port: 0, ...overrides });
  const authority = `127.0.0.1:${host.port}`;
  return {
    engine,
    host,
    rendererDirectory,
    origin: `http://${authority}`,
    authority,
    tokenQuery: `?token=${host.token}`,
    openedPaths,
    dispose: async () => {
      await host.close();
      await engine.dispose();
      await rm(rendererDirectory, { recursive: true, force: true });
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request to 127.0.0.1:port with exactly the headers given (Host included). */
export function sendHttp(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolvePromise, rejectPromise) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers, setHost: false, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', rejectPromise);
    });
    outgoing.on('error', rejectPromise);
    outgoing.end();
  });
}

export interface ContractClient {
  socket: WebSocket;
  events: Array<{ channel: string; payload: unknown }>;
  /** Sends one invoke and resolves with the host's result message. */
  invoke(channel: string, payload: unknown): Promise<Extract<ServerMessage, { type: 'result' }>>;
  /** Resolves with the first event (already received or future) on `channel` that `matches`. */
  waitForEvent(channel: string, matches: (payload: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

/** Opens the contract socket with the given headers; rejects with the HTTP status when the upgrade is refused. */
export function connectContractClient(port: number, headers: Record<string, string>, query = ''): Promise<ContractClient> {
  return new Promise((resolvePromise, rejectPromise) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${WEB_SOCKET_PATH}${query}`, { headers });
    const events: ContractClient['events'] = [];
    const pending = new Map<number, (message: Extract<ServerMessage, { type: 'result' }>) => void>();
    const eventWaiters = new Set<() => void>();
    let nextRequestId = 1;
    socket.on('message', (data) => {
      const message = serverMessageSchema.parse(JSON.parse(String(data)));
      if (message.type === 'result') {
        pending.get(message.requestId)?.(message);
        pending.delete(message.requestId);
      } else {
        events.push({ channel: message.channel, payload: message.payload });
        for (const waiter of eventWaiters) waiter();
      }
    });
    socket.once('unexpected-response', (_request, response) => {
      rejectPromise(Object.assign(new Error(`Upgrade refused with ${response.statusCode}`), { status: response.statusCode }));
      socket.terminate();
    });
    socket.once('error', rejectPromise);
    socket.once('open', () => {
      resolvePromise({
        socket,
        events,
        invoke: (channel, payload) =>
          new Promise((resolveResult) => {
            const requestId = nextRequestId++;
            pending.set(requestId, resolveResult);
            socket.send(JSON.stringify({ type: 'invoke', requestId, channel, payload }));
          }),
        waitForEvent: (channel, matches, timeoutMs = 10_000) =>
          new Promise((resolveEvent, rejectEvent) => {
            const check = (): boolean => {
              const found = events.find((event) => event.channel === channel && matches(event.payload));
              if (found === undefined) return false;
              clearTimeout(timer);
              eventWaiters.delete(waiter);
              resolveEvent(found.payload);
              return true;
            };
            const waiter = (): void => void check();
            const timer = setTimeout(() => {
              eventWaiters.delete(waiter);
              rejectEvent(new Error(`No ${channel} event matched within ${timeoutMs} ms.`));
            }, timeoutMs);
            if (!check()) eventWaiters.add(waiter);
          }),
        close: () =>
          new Promise((resolveClose) => {
            if (socket.readyState === WebSocket.CLOSED) {
              resolveClose();
              return;
            }
            socket.once('close', () => resolveClose());
            socket.close();
          }),
      });
    });
  });
}

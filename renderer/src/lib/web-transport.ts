// Runtime: browser (renderer served by the web host). The contract over the web host's WebSocket: invokes become
// request/result messages, events arrive as they happen, and a dropped connection is retried with backoff.
import type { ApiResult, ContractTransport, EventChannel, InvokeChannel, Unsubscribe } from '../../../shared/ipc-contract';
import { WEB_SOCKET_PATH } from '../../../shared/web-protocol';

/** Where the connection stands; the UI may show anything but `open` as "reconnecting". */
export type WebConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WebTransportOptions {
  /** Default: `ws(s)://<this page's host>/api`, without a token (see web-access-token.ts for the address with one). */
  url?: string;
  /** First wait before reconnecting. Default 250 ms, doubling per failed attempt. */
  initialRetryDelayMs?: number;
  /** Longest wait between reconnect attempts. Default 5000 ms. */
  maxRetryDelayMs?: number;
  /** How long an invoke made while disconnected waits for the connection. Default 10000 ms. */
  connectWaitMs?: number;
}

export interface WebTransport extends ContractTransport {
  readonly state: WebConnectionState;
  /** Called on every state change; after `reconnecting` → `open`, events may have been missed, so reload lists. */
  onStateChange(listener: (state: WebConnectionState) => void): Unsubscribe;
  /** Closes for good; pending invokes get the disconnected envelope. */
  close(): void;
}

/** The error code of the envelope an invoke gets when the connection is lost before it is answered. */
export const DISCONNECTED_ERROR_CODE = 'DL_ERR_DISCONNECTED';

interface QueuedInvoke {
  channel: InvokeChannel;
  request: unknown;
  resolve: (result: ApiResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Creates the transport and starts connecting at once. */
export function createWebTransport(options: WebTransportOptions = {}): WebTransport {
  const url = options.url ?? resolveDefaultSocketUrl();
  const initialRetryDelayMs = options.initialRetryDelayMs ?? 250;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
  const connectWaitMs = options.connectWaitMs ?? 10_000;

  const eventListeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: WebConnectionState) => void>();
  const inFlight = new Map<number, (result: ApiResult<unknown>) => void>();
  const queued = new Set<QueuedInvoke>();
  let socket: WebSocket | null = null;
  let state: WebConnectionState = 'connecting';
  let nextRequestId = 1;
  let failedAttempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: WebConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) runListener(() => listener(next));
  };

  const send = (channel: InvokeChannel, request: unknown, resolve: (result: ApiResult<unknown>) => void): void => {
    const requestId = nextRequestId++;
    inFlight.set(requestId, resolve);
    socket?.send(JSON.stringify({ type: 'invoke', requestId, channel, payload: request }));
  };

  const handleMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    const message = parseServerMessage(data);
    if (message === null) {
      console.warn('Fetchpoint: ignored a malformed message from the web host.');
      return;
    }
    if (message.type === 'result') {
      const resolve = inFlight.get(message.requestId);
      inFlight.delete(message.requestId);
      resolve?.(message.result);
      return;
    }
    for (const listener of eventListeners.get(message.channel as EventChannel) ?? []) runListener(() => listener(message.payload));
  };

  const failInFlight = (): void => {
    for (const resolve of inFlight.values()) {
      resolve(disconnected('The connection to Fetchpoint was lost before it answered; the action may or may not have been applied.'));
    }
    inFlight.clear();
  };

  const connect = (): void => {
    retryTimer = null;
    const current = new WebSocket(url);
    socket = current;
    current.addEventListener('open', () => {
      failedAttempts = 0;
      setState('open');
      for (const entry of queued) {
        clearTimeout(entry.timer);
        send(entry.channel, entry.request, entry.resolve);
      }
      queued.clear();
    });
    current.addEventListener('message', (event) => handleMessage(event.data));
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      failInFlight();
      if (state === 'closed') return;
      setState('reconnecting');
      const delayMs = Math.min(maxRetryDelayMs, initialRetryDelayMs * 2 ** failedAttempts);
      failedAttempts += 1;
      // Jitter keeps many tabs from reconnecting in lockstep after the host restarts.
      retryTimer = setTimeout(connect, delayMs * (0.5 + Math.random() / 2));
    });
  };

  connect();

  return {
    get state() {
      return state;
    },
    invoke(channel, request) {
      return new Promise<ApiResult<unknown>>((resolve) => {
        if (state === 'closed') {
          resolve(disconnected('The connection to Fetchpoint is closed.'));
          return;
        }
        if (state === 'open' && socket !== null) {
          send(channel, request, resolve);
          return;
        }
        const entry: QueuedInvoke = {
          channel,
          request,
          resolve,
          timer: setTimeout(() => {
            queued.delete(entry);
            resolve(
              disconnected('Fetchpoint is not reachable. If the web host restarted, open the new link it printed (the token changes each start).'),
            );
          }, connectWaitMs),
        };
        queued.add(entry);
      });
    },
    subscribe(channel, listener) {
      let listeners = eventListeners.get(channel);
      if (listeners === undefined) {
        listeners = new Set();
        eventListeners.set(channel, listeners);
      }
      // Wrapping makes each subscription distinct, so subscribing the same function twice unsubscribes independently.
      const wrapped = (payload: unknown): void => listener(payload);
      listeners.add(wrapped);
      return () => {
        listeners.delete(wrapped);
      };
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      setState('closed');
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      for (const entry of queued) {
        clearTimeout(entry.timer);
        entry.resolve(disconnected('The connection to Fetchpoint is closed.'));
      }
      queued.clear();
      failInFlight();
      socket?.close(1000, 'Closed by the page.');
      socket = null;
    },
  };
}

type ParsedServerMessage =
  | { type: 'result'; requestId: number; result: ApiResult<unknown> }
  | { type: 'event'; channel: string; payload: unknown };

/** Checks the shape by hand: the renderer's CSP forbids eval, which schema compilers like to use. */
function parseServerMessage(text: string): ParsedServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message['type'] === 'event' && typeof message['channel'] === 'string') {
    return { type: 'event', channel: message['channel'], payload: message['payload'] };
  }
  if (message['type'] === 'result' && typeof message['requestId'] === 'number' && isEnvelope(message['result'])) {
    return { type: 'result', requestId: message['requestId'], result: message['result'] };
  }
  return null;
}

function isEnvelope(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const envelope = value as Record<string, unknown>;
  if (envelope['ok'] === true) return 'value' in envelope;
  if (envelope['ok'] !== false || typeof envelope['error'] !== 'object' || envelope['error'] === null) return false;
  const error = envelope['error'] as Record<string, unknown>;
  return typeof error['code'] === 'string' && typeof error['message'] === 'string' && typeof error['retryable'] === 'boolean';
}

function disconnected(message: string): ApiResult<unknown> {
  return { ok: false, error: { code: DISCONNECTED_ERROR_CODE, message, retryable: true } };
}

function resolveDefaultSocketUrl(): string {
  // Read through globalThis so this file also type-checks where the DOM library is absent (the Node tests).
  const location = (globalThis as { location?: { protocol: string; host: string } }).location;
  if (location === undefined) throw new Error('createWebTransport needs a url outside a browser page.');
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WEB_SOCKET_PATH}`;
}

function runListener(call: () => void): void {
  try {
    call();
  } catch (error) {
    // One broken listener must not starve the others; rethrown asynchronously it still reaches the console.
    queueMicrotask(() => {
      throw error;
    });
  }
}

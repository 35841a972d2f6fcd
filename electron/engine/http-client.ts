// Runtime: Node (engine). One HTTP request with manual redirect handling, through undici's dispatcher.
// The body is delivered chunk by chunk to a callback, with backpressure, instead of through a Readable stream:
// on a fast link the stream machinery (promises, ticks, buffering) cost more CPU than the download itself.
import type { Agent as AgentInstance, Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import { createAbortError } from './abortable-delay';
import { DownloadError } from './errors';

/** At most this many redirects are followed for one request. */
export const MAX_REDIRECTS = 10;

export interface HttpRequest {
  url: string;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest silence allowed between body chunks: the stall detector. */
  bodyTimeoutMs: number;
}

/**
 * Receives one body chunk. Returning a promise pauses the socket until it settles (backpressure);
 * a rejected promise aborts the response.
 */
export type ChunkConsumer = (chunk: Buffer) => void | Promise<void>;

export interface ResponseBody {
  /** Delivers every chunk to `onChunk`; resolves at the end of the body, rejects on a network error. Call once. */
  consume(onChunk: ChunkConsumer): Promise<void>;
  /** Stops the transfer and releases the connection. Safe to call at any time, also after consume(). */
  discard(): void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  body: ResponseBody;
}

/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export class HttpClient {
  private readonly dispatcher: AgentInstance;

  constructor() {
    // Connection counts are capped by ConnectionLimiter, so undici's own per-origin pool is left generous.
    this.dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000, pipelining: 1 });
  }

  /** Sends a request and follows redirects, refusing loops and chains longer than MAX_REDIRECTS. */
  async send(init: HttpRequest): Promise<HttpResponse> {
    const visitedUrls = new Set<string>();
    let currentUrl = init.url;
    let headers = withDefaultHeaders(init.headers);
    for (let redirectCount = 0; ; redirectCount += 1) {
      visitedUrls.add(currentUrl);
      const response = await this.dispatchOnce(currentUrl, init, headers);
      const location = response.headers['location'];
      if (!isRedirectStatus(response.status) || location === undefined) return response;
      response.body.discard();
      const nextUrl = resolveRedirect(currentUrl, location);
      if (visitedUrls.has(nextUrl)) {
        throw new DownloadError('DL_ERR_REDIRECT_LOOP', 'The server redirects in a loop, so the file cannot be reached.');
      }
      if (redirectCount + 1 > MAX_REDIRECTS) {
        throw new DownloadError('DL_ERR_TOO_MANY_REDIRECTS', `The server redirected more than ${MAX_REDIRECTS} times, so Fetchpoint gave up.`);
      }
      if (new URL(nextUrl).origin !== new URL(currentUrl).origin) headers = withoutCredentials(headers);
      currentUrl = nextUrl;
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private dispatchOnce(url: string, init: HttpRequest, headers: Record<string, string>): Promise<HttpResponse> {
    const parsed = new URL(url);
    return new Promise<HttpResponse>((resolve, reject) => {
      const exchange = new BodyExchange(url, init.signal, resolve, reject);
      this.dispatcher.dispatch(
        {
          origin: parsed.origin,
          path: `${parsed.pathname}${parsed.search}`,
          method: init.method,
          headers,
          headersTimeout: init.headersTimeoutMs,
          bodyTimeout: init.bodyTimeoutMs,
        },
        exchange,
      );
    });
  }
}

type ExchangeState = 'waiting-headers' | 'buffering' | 'consuming' | 'ended' | 'failed';

/** Bridges undici's handler callbacks to the promise-and-callback API above. */
class BodyExchange implements Dispatcher.DispatchHandler, ResponseBody {
  private state: ExchangeState = 'waiting-headers';
  private controller: Dispatcher.DispatchController | null = null;
  private onChunk: ChunkConsumer | null = null;
  private readonly earlyChunks: Buffer[] = [];
  private isEarlyEnd = false;
  private earlyError: Error | null = null;
  private settleBody: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  private pendingWrites = 0;
  private readonly onAbort: () => void;

  constructor(
    private readonly url: string,
    private readonly signal: AbortSignal,
    private readonly resolveResponse: (response: HttpResponse) => void,
    private readonly rejectResponse: (error: unknown) => void,
  ) {
    this.onAbort = () => this.controller?.abort(createAbortError(signal));
    if (signal.aborted) {
      this.state = 'failed';
      rejectResponse(createAbortError(signal));
    } else {
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) controller.abort(createAbortError(this.signal));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.controller = controller;
    this.state = 'buffering';
    // Nothing is read until the caller decides what to do with the response.
    controller.pause();
    this.resolveResponse({ status: statusCode, headers: flattenHeaders(headers), finalUrl: this.url, body: this });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.state === 'buffering') {
      this.earlyChunks.push(chunk);
      controller.pause();
      return;
    }
    if (this.state !== 'consuming' || this.onChunk === null) return;
    this.deliver(chunk);
  }

  onResponseEnd(): void {
    if (this.state === 'buffering') {
      this.isEarlyEnd = true;
      return;
    }
    this.finish(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const failure = this.signal.aborted ? createAbortError(this.signal) : error;
    if (this.state === 'waiting-headers') {
      this.state = 'failed';
      this.signal.removeEventListener('abort', this.onAbort);
      this.rejectResponse(failure);
      return;
    }
    if (this.state === 'buffering') {
      this.earlyError = failure;
      return;
    }
    this.finish(failure);
  }

  consume(onChunk: ChunkConsumer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settleBody = { resolve, reject };
      this.onChunk = onChunk;
      this.state = 'consuming';
      for (const chunk of this.earlyChunks.splice(0)) this.deliver(chunk);
      if (this.earlyError !== null) this.finish(this.earlyError);
      else if (this.isEarlyEnd) this.finish(null);
      else if (this.pendingWrites === 0) this.controller?.resume();
    });
  }

  discard(): void {
    if (this.state === 'ended' || this.state === 'failed') return;
    this.state = 'failed';
    this.signal.removeEventListener('abort', this.onAbort);
    this.controller?.abort(new DownloadError('DL_ERR_ABORTED', 'The response was not needed.'));
    this.settleBody?.resolve();
  }

  private deliver(chunk: Buffer): void {
    // undici re-enters onResponseData with an empty chunk after a resume; waiting on it would pause and resume for ever.
    if (chunk.length === 0) return;
    let result: void | Promise<void>;
    try {
      result = this.onChunk?.(chunk);
    } catch (error) {
      this.abortWith(error);
      return;
    }
    if (result === undefined) return;
    this.pendingWrites += 1;
    this.controller?.pause();
    result.then(
      () => {
        this.pendingWrites -= 1;
        if (this.pendingWrites === 0 && this.state === 'consuming') this.controller?.resume();
      },
      (error: unknown) => this.abortWith(error),
    );
  }

  private abortWith(error: unknown): void {
    if (this.state !== 'consuming') return;
    this.controller?.abort(error instanceof Error ? error : new Error(String(error)));
    this.finish(error);
  }

  private finish(error: unknown): void {
    if (this.state === 'ended' || this.state === 'failed') return;
    this.state = error === null ? 'ended' : 'failed';
    this.signal.removeEventListener('abort', this.onAbort);
    if (error === null) this.settleBody?.resolve();
    else this.settleBody?.reject(error);
  }
}

function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function resolveRedirect(fromUrl: string, location: string): string {
  let target: URL;
  try {
    target = new URL(location, fromUrl);
  } catch (error) {
    throw new DownloadError('DL_ERR_HTTP_STATUS', 'The server sent a redirect to an invalid address.', { cause: error });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new DownloadError('DL_ERR_UNSUPPORTED_SCHEME', `The server redirected to an unsupported address (${target.protocol}).`);
  }
  target.hash = '';
  return target.href;
}

function withDefaultHeaders(headers: Record<string, string>): Record<string, string> {
  // Compressed transfer would make byte ranges meaningless, so identity is asked for explicitly.
  const merged: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'Fetchpoint/0.1' };
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
  return merged;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

// Runtime: Node (engine). One HTTP request with manual redirect handling, through undici.
import { Agent, request, type Dispatcher } from 'undici';
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

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  body: Dispatcher.ResponseData['body'];
}

/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export class HttpClient {
  private readonly dispatcher: Agent;

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
      const response = await request(currentUrl, {
        dispatcher: this.dispatcher,
        method: init.method,
        headers,
        signal: init.signal,
        headersTimeout: init.headersTimeoutMs,
        bodyTimeout: init.bodyTimeoutMs,
      });
      const location = readHeader(response.headers, 'location');
      if (!isRedirectStatus(response.statusCode) || location === undefined) {
        return {
          status: response.statusCode,
          headers: flattenHeaders(response.headers),
          finalUrl: currentUrl,
          body: response.body,
        };
      }
      await discardBody(response.body);
      const nextUrl = resolveRedirect(currentUrl, location);
      if (visitedUrls.has(nextUrl)) {
        throw new DownloadError('DL_ERR_REDIRECT_LOOP', 'The server redirects in a loop, so the file cannot be reached.');
      }
      if (redirectCount + 1 > MAX_REDIRECTS) {
        throw new DownloadError(
          'DL_ERR_TOO_MANY_REDIRECTS',
          `The server redirected more than ${MAX_REDIRECTS} times, so Fetchpoint gave up.`,
        );
      }
      if (new URL(nextUrl).origin !== new URL(currentUrl).origin) headers = withoutCredentials(headers);
      currentUrl = nextUrl;
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
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

function readHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * Releases a response body we do not want. A bare destroy() would emit an unhandled AbortError
 * from undici's BodyReadable; dump() reads a little (keeping the connection reusable) and closes it cleanly.
 */
export async function discardBody(body: HttpResponse['body']): Promise<void> {
  await body.dump({ limit: 64 * 1024 });
}

// Runtime: Node (engine). One HTTP request with manual redirect handling, over Fetchpoint's HTTP/1.1 agent.
// The body is lent buffers by its consumer (see BodySink) instead of flowing through a Readable stream: on a fast
// link the stream machinery and a fresh allocation per chunk cost more CPU than the download itself.
import { DownloadError } from './errors';
import type { ResponseBody } from './http1/body-sink';
import { Http1Agent } from './http1/http1-agent';

export type { BodySink, ResponseBody } from './http1/body-sink';

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
  body: ResponseBody;
}

/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export class HttpClient {
  // Connection counts are capped by ConnectionLimiter; the agent only keeps finished connections for reuse.
  private readonly agent = new Http1Agent();

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

  /** Closes idle connections; busy ones close as their exchanges end. */
  close(): Promise<void> {
    this.agent.close();
    return Promise.resolve();
  }

  private async dispatchOnce(url: string, init: HttpRequest, headers: Record<string, string>): Promise<HttpResponse> {
    const response = await this.agent.send({
      method: init.method,
      url: new URL(url),
      headers,
      signal: init.signal,
      headersTimeoutMs: init.headersTimeoutMs,
      bodyTimeoutMs: init.bodyTimeoutMs,
    });
    return { status: response.head.status, headers: response.head.headers, finalUrl: url, body: response.body };
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

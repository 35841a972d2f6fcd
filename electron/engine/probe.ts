// Runtime: Node (engine). Learns what a URL serves: a fresh download asks with its first GET, whose body then
// becomes the file's first bytes; a resume asks with HEAD (or a GET of byte 0) before it sends any ranged request.
import type { ChecksumSpec } from './checksum-spec';
import { checksumFromHeaders } from './checksum-spec';
import { parseContentLength, parseContentRange, parseUnsatisfiedRangeTotal } from './content-range';
import type { HttpClient, HttpResponse } from './http-client';
import { DownloadError } from './errors';
import { createHttpStatusError, parseRetryAfterMs } from './retry-policy';

export interface ProbeResult {
  /** Where the request ended after redirects. */
  finalUrl: string;
  /** Size in bytes, null when the server does not say (chunked). */
  totalBytes: number | null;
  etag: string | null;
  lastModified: string | null;
  supportsRanges: boolean;
  contentDisposition: string | null;
  contentType: string | null;
  /** A checksum of the whole file announced by the server, if any. */
  serverChecksum: ChecksumSpec | null;
  /** Which request gave the answer. */
  method: 'HEAD' | 'GET';
}

export interface ProbeOptions {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  /** Skip HEAD, e.g. after HEAD was caught lying. */
  isHeadDistrusted: boolean;
}

/**
 * HEAD first; a GET of byte 0 when HEAD is refused, incomplete or distrusted.
 * Throws DownloadError (DL_ERR_HTTP_STATUS with the status) when the resource cannot be fetched.
 */
export async function probeResource(http: HttpClient, options: ProbeOptions): Promise<ProbeResult> {
  const headResult = options.isHeadDistrusted ? null : await probeWithHead(http, options);
  if (headResult !== null && headResult.isComplete) return headResult.result;
  const getResult = await probeWithGet(http, options);
  // A HEAD that answered but lacked length or ranges may still carry the name and a whole-file checksum.
  return {
    ...getResult,
    contentDisposition: getResult.contentDisposition ?? headResult?.result.contentDisposition ?? null,
    serverChecksum: getResult.serverChecksum ?? headResult?.result.serverChecksum ?? null,
  };
}

async function probeWithHead(http: HttpClient, options: ProbeOptions): Promise<{ result: ProbeResult; isComplete: boolean } | null> {
  const head = await http.send({
    url: options.url,
    method: 'HEAD',
    headers: options.headers,
    signal: options.signal,
    headersTimeoutMs: options.timeoutMs,
    bodyTimeoutMs: options.timeoutMs,
  });
  head.body.discard();
  if (head.status < 200 || head.status >= 300) return null;
  const result = readFullResponse(head, 'HEAD');
  const isComplete = result.totalBytes !== null && hasAcceptRangesBytes(head);
  return { result, isComplete };
}

export interface OpenOptions {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest silence allowed in the body once the first segment reads it: the stall detector. */
  bodyTimeoutMs: number;
  /** Ask for a range from byte 0; false after the server was caught mishandling ranges, so the file is asked for plainly. */
  isRanged: boolean;
  /** Last byte of that range, or null for `bytes=0-`: the whole file in one response. */
  lastByte: number | null;
}

export interface OpenedBody {
  /** The response, still unread; its body starts at the file's byte 0. */
  response: HttpResponse;
  /** Last byte of the file the body carries, or null for a stream of unknown length. */
  lastByte: number | null;
}

/**
 * The first request of a fresh download: a GET from byte 0, so the answer both describes the file and starts
 * delivering it. HEAD would cost a round trip before any byte moves, and some servers answer HEAD wrongly.
 * The body is returned unread when it starts at byte 0 (a 206 from byte 0, or a 200), and discarded otherwise.
 * Throws DownloadError: DL_ERR_HTTP_STATUS with the status when the resource cannot be fetched,
 * DL_ERR_BAD_CONTENT_RANGE when a 206 does not start at byte 0.
 */
export async function openResource(http: HttpClient, options: OpenOptions): Promise<{ probe: ProbeResult; opened: OpenedBody | null }> {
  const response = await http.send({
    url: options.url,
    method: 'GET',
    headers: options.isRanged ? { ...options.headers, range: `bytes=0-${options.lastByte ?? ''}` } : options.headers,
    signal: options.signal,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
  });
  let probe: ProbeResult;
  try {
    probe = describeGetResponse(response, options.url);
  } catch (error) {
    response.body.discard();
    throw error;
  }
  if (response.status === 200 && options.isRanged) {
    // Some servers answer a range from byte 0 with the whole file yet serve other ranges: believe Accept-Ranges;
    // a later ranged request that gets a 200 still restarts the download without ranges.
    probe = { ...probe, supportsRanges: probe.totalBytes !== null && hasAcceptRangesBytes(response) };
  }
  const lastByte = bodyLastByte(response, probe);
  if (lastByte === undefined) {
    response.body.discard();
    return { probe, opened: null };
  }
  return { probe, opened: { response, lastByte } };
}

/** The last file byte a body from byte 0 carries (null: unknown length), or undefined when it is not usable. */
function bodyLastByte(response: HttpResponse, probe: ProbeResult): number | null | undefined {
  if (response.status === 200) {
    if (probe.totalBytes === 0) return undefined;
    return probe.totalBytes === null ? null : probe.totalBytes - 1;
  }
  if (response.status !== 206 || probe.totalBytes === null) return undefined;
  return parseContentRange(response.headers['content-range'])?.lastByte;
}

async function probeWithGet(http: HttpClient, options: ProbeOptions): Promise<ProbeResult> {
  const get = await http.send({
    url: options.url,
    method: 'GET',
    headers: { ...options.headers, range: 'bytes=0-0' },
    signal: options.signal,
    headersTimeoutMs: options.timeoutMs,
    bodyTimeoutMs: options.timeoutMs,
  });
  // Only the headers matter; a server that ignored Range would otherwise stream the whole file here.
  get.body.discard();
  return describeGetResponse(get, options.url);
}

/** What a GET from byte 0 (ranged or not) says about the file; throws for statuses that mean "cannot fetch". */
function describeGetResponse(get: HttpResponse, requestUrl: string): ProbeResult {
  if (get.status === 206) {
    const range = parseContentRange(get.headers['content-range']);
    if (range === null || range.firstByte !== 0) {
      throw new DownloadError(
        'DL_ERR_BAD_CONTENT_RANGE',
        `The server sent bytes ${get.headers['content-range'] ?? '(no Content-Range)'} when bytes from 0 were asked for.`,
      );
    }
    const isWholeFile = range.totalBytes !== null && range.lastByte === range.totalBytes - 1;
    return {
      ...readValidators(get),
      finalUrl: get.finalUrl,
      totalBytes: range.totalBytes,
      supportsRanges: range.totalBytes !== null,
      // Content-MD5 and Digest on a 206 describe the part, which is the file only when the part is all of it;
      // Repr-Digest always describes the file.
      serverChecksum: checksumFromHeaders(isWholeFile ? get.headers : { 'repr-digest': get.headers['repr-digest'] }),
      method: 'GET',
    };
  }
  if (get.status === 416) {
    const totalBytes = parseUnsatisfiedRangeTotal(get.headers['content-range']);
    if (totalBytes === 0) return { ...readValidators(get), finalUrl: get.finalUrl, totalBytes: 0, supportsRanges: true, serverChecksum: null, method: 'GET' };
  }
  if (get.status >= 200 && get.status < 300) {
    const full = readFullResponse(get, 'GET');
    return { ...full, supportsRanges: false };
  }
  throw createHttpStatusError(get.status, requestUrl, parseRetryAfterMs(get.headers['retry-after']));
}

function readFullResponse(response: HttpResponse, method: 'HEAD' | 'GET'): ProbeResult {
  const isChunked = response.headers['transfer-encoding']?.toLowerCase().includes('chunked') === true;
  return {
    ...readValidators(response),
    finalUrl: response.finalUrl,
    totalBytes: isChunked ? null : parseContentLength(response.headers['content-length']),
    supportsRanges: hasAcceptRangesBytes(response),
    serverChecksum: checksumFromHeaders(response.headers),
    method,
  };
}

function hasAcceptRangesBytes(response: HttpResponse): boolean {
  return response.headers['accept-ranges']?.toLowerCase().includes('bytes') === true;
}

function readValidators(
  response: HttpResponse,
): Pick<ProbeResult, 'etag' | 'lastModified' | 'contentDisposition' | 'contentType'> {
  return {
    etag: response.headers['etag'] ?? null,
    lastModified: response.headers['last-modified'] ?? null,
    contentDisposition: response.headers['content-disposition'] ?? null,
    contentType: response.headers['content-type'] ?? null,
  };
}

/** A strong ETag can guard If-Range; a weak one (W/"…") cannot (RFC 9110 §13.1.5). */
export function isStrongEtag(etag: string | null): etag is string {
  return etag !== null && !etag.startsWith('W/');
}

/** The If-Range value for a resume: the strong ETag, else Last-Modified, else null. */
export function chooseIfRangeValidator(etag: string | null, lastModified: string | null): string | null {
  if (isStrongEtag(etag)) return etag;
  return lastModified;
}

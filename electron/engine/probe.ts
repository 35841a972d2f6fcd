// Runtime: Node (engine). Learns what a URL serves before any byte is written.
import type { ChecksumSpec } from './checksum-spec';
import { checksumFromHeaders } from './checksum-spec';
import { parseContentLength, parseContentRange, parseUnsatisfiedRangeTotal } from './content-range';
import type { HttpClient, HttpResponse } from './http-client';
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
  const isComplete = result.totalBytes !== null && head.headers['accept-ranges']?.toLowerCase().includes('bytes') === true;
  return { result, isComplete };
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
  if (get.status === 206) {
    const range = parseContentRange(get.headers['content-range']);
    return {
      ...readValidators(get),
      finalUrl: get.finalUrl,
      totalBytes: range?.totalBytes ?? null,
      supportsRanges: range !== null && range.firstByte === 0 && range.totalBytes !== null,
      // Content-MD5 and Digest on a 206 describe the part, not the file; Repr-Digest describes the file.
      serverChecksum: checksumFromHeaders({ 'repr-digest': get.headers['repr-digest'] }),
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
  throw createHttpStatusError(get.status, options.url, parseRetryAfterMs(get.headers['retry-after']));
}

function readFullResponse(response: HttpResponse, method: 'HEAD' | 'GET'): ProbeResult {
  const isChunked = response.headers['transfer-encoding']?.toLowerCase().includes('chunked') === true;
  return {
    ...readValidators(response),
    finalUrl: response.finalUrl,
    totalBytes: isChunked ? null : parseContentLength(response.headers['content-length']),
    supportsRanges: response.headers['accept-ranges']?.toLowerCase().includes('bytes') === true,
    serverChecksum: checksumFromHeaders(response.headers),
    method,
  };
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

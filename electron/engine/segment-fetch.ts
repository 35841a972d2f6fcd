// Runtime: Node (engine). One request for one segment, streamed to its offsets in the `.part` file.
import { throwIfAborted } from './abortable-delay';
import { parseContentLength, parseContentRange } from './content-range';
import { DownloadError } from './errors';
import { discardBody, type HttpClient, type HttpResponse } from './http-client';
import type { LiveSegment } from './live-segment';
import type { PartFile } from './part-file';
import { createHttpStatusError, parseRetryAfterMs } from './retry-policy';
import type { TokenBucket } from './token-bucket';

/** Bytes gathered from the socket before one positional write: fewer syscalls, bounded memory per connection. */
const WRITE_BATCH_BYTES = 128 * 1024;

export interface SegmentFetchContext {
  http: HttpClient;
  requestUrl: string;
  headers: Record<string, string>;
  /** Send Range requests; false for servers that cannot resume. */
  isRanged: boolean;
  /** Strong ETag or Last-Modified, sent as If-Range so a changed file is never spliced. */
  ifRangeValidator: string | null;
  etag: string | null;
  lastModified: string | null;
  totalBytes: number | null;
  file: PartFile;
  /** Per-download and global limits; every byte passes through each. */
  rateLimiters: readonly TokenBucket[];
  headersTimeoutMs: number;
  stallTimeoutMs: number;
  /** Whether the server already served this item, so a 401/403 means the link expired. */
  hasServedBefore: () => boolean;
  onBytesWritten: (byteCount: number) => void;
}

/**
 * Fetches the rest of `segment` with one request. Resolves when the segment is complete (or, for a stream of
 * unknown length, when the body ends). Throws DownloadError; codes DL_ERR_REMOTE_CHANGED, DL_ERR_RANGE_UNSUPPORTED
 * and DL_ERR_BAD_CONTENT_RANGE tell the task to restart from byte 0.
 */
export async function fetchSegment(context: SegmentFetchContext, segment: LiveSegment, signal: AbortSignal): Promise<void> {
  const requestedFirstByte = segment.writtenNext;
  const requestedLastByte = segment.endByte;
  const headers: Record<string, string> = { ...context.headers };
  if (context.isRanged) {
    headers['range'] = `bytes=${requestedFirstByte}-${requestedLastByte ?? ''}`;
    if (context.ifRangeValidator !== null) headers['if-range'] = context.ifRangeValidator;
  }
  const response = await context.http.send({
    url: context.requestUrl,
    method: 'GET',
    headers,
    signal,
    headersTimeoutMs: context.headersTimeoutMs,
    bodyTimeoutMs: context.stallTimeoutMs,
  });
  try {
    checkResponse(context, response, requestedFirstByte, requestedLastByte);
    await streamBody(context, response, segment, signal);
  } finally {
    await discardBody(response.body);
  }
}

function checkResponse(
  context: SegmentFetchContext,
  response: HttpResponse,
  requestedFirstByte: number,
  requestedLastByte: number | null,
): void {
  const { status } = response;
  if (status === 206) {
    if (!context.isRanged) throw new DownloadError('DL_ERR_BAD_CONTENT_RANGE', 'The server sent a partial answer to a full request.');
    const range = parseContentRange(response.headers['content-range']);
    const isExact =
      range !== null &&
      range.firstByte === requestedFirstByte &&
      (requestedLastByte === null || range.lastByte === requestedLastByte) &&
      range.totalBytes === context.totalBytes;
    if (!isExact) {
      throw new DownloadError(
        'DL_ERR_BAD_CONTENT_RANGE',
        `The server sent bytes ${response.headers['content-range'] ?? '(no Content-Range)'} when ${requestedFirstByte}-${requestedLastByte ?? ''} were asked for.`,
      );
    }
    assertSameVersion(context, response);
    return;
  }
  if (status === 200) {
    const isWholeFileRequest = requestedFirstByte === 0 && (requestedLastByte === null || requestedLastByte + 1 === context.totalBytes);
    const length = parseContentLength(response.headers['content-length']);
    if (context.totalBytes !== null && length !== null && length !== context.totalBytes) {
      throw new DownloadError('DL_ERR_REMOTE_CHANGED', `The file on the server changed size (${context.totalBytes} → ${length} bytes).`);
    }
    if (!context.isRanged || isWholeFileRequest) {
      // The full body is exactly what was needed; a changed version is fine because nothing has been written yet.
      if (context.isRanged) assertSameVersion(context, response);
      return;
    }
    if (hasValidatorChanged(context, response)) {
      throw new DownloadError('DL_ERR_REMOTE_CHANGED', 'The file on the server changed (its validator differs), so the download starts over.');
    }
    throw new DownloadError('DL_ERR_RANGE_UNSUPPORTED', 'The server ignored the byte range (200 instead of 206).');
  }
  if (status === 412) {
    throw new DownloadError('DL_ERR_REMOTE_CHANGED', 'The file on the server changed (HTTP 412), so the download starts over.');
  }
  if (status === 416) {
    throw new DownloadError('DL_ERR_REMOTE_CHANGED', 'The server says the requested bytes no longer exist (HTTP 416); the file changed.');
  }
  if ((status === 401 || status === 403) && context.hasServedBefore()) {
    throw new DownloadError(
      'DL_ERR_LINK_EXPIRED',
      `The link expired or access was withdrawn (HTTP ${status}). Use “Refresh link” with a new URL; the progress is kept.`,
      { httpStatus: status },
    );
  }
  throw createHttpStatusError(status, response.finalUrl, parseRetryAfterMs(response.headers['retry-after']));
}

function hasValidatorChanged(context: SegmentFetchContext, response: HttpResponse): boolean {
  const etag = response.headers['etag'] ?? null;
  const lastModified = response.headers['last-modified'] ?? null;
  if (context.etag !== null && etag !== null) return etag !== context.etag;
  if (context.lastModified !== null && lastModified !== null) return lastModified !== context.lastModified;
  return false;
}

function assertSameVersion(context: SegmentFetchContext, response: HttpResponse): void {
  if (hasValidatorChanged(context, response)) {
    throw new DownloadError('DL_ERR_REMOTE_CHANGED', 'The file on the server changed during the download, so it starts over.');
  }
}

async function streamBody(context: SegmentFetchContext, response: HttpResponse, segment: LiveSegment, signal: AbortSignal): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const data = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    // The end may have moved down since these bytes arrived (a split); never write past it.
    const limit = segment.endByte === null ? data.length : Math.max(0, segment.endByte - segment.issuedNext + 1);
    const piece = limit < data.length ? data.subarray(0, limit) : data;
    if (piece.length === 0) return;
    const position = segment.issuedNext;
    segment.issuedNext += piece.length;
    await context.file.writeAt(piece, position);
    segment.writtenNext += piece.length;
    context.onBytesWritten(piece.length);
  };

  try {
    for await (const chunk of response.body) {
      throwIfAborted(signal);
      let data = chunk as Buffer;
      const room = segment.endByte === null ? data.length : segment.endByte - segment.issuedNext - pendingBytes + 1;
      if (room <= 0) break;
      if (data.length > room) data = data.subarray(0, room);
      for (const limiter of context.rateLimiters) await limiter.take(data.length, signal);
      pending.push(data);
      pendingBytes += data.length;
      if (pendingBytes >= WRITE_BATCH_BYTES) await flush();
      if (segment.endByte !== null && segment.issuedNext + pendingBytes > segment.endByte) break;
    }
  } finally {
    // Bytes already received are valid: keep them even when the connection fails mid-way.
    await flush();
  }
  if (segment.endByte !== null && segment.writtenNext <= segment.endByte) {
    throw new DownloadError(
      'DL_ERR_NETWORK',
      `The connection closed early at byte ${segment.writtenNext} of ${segment.endByte + 1}.`,
      { retryable: true },
    );
  }
}

// Runtime: Node (engine). One request for one segment, streamed to its offsets in the `.part` file.
import { throwIfAborted } from './abortable-delay';
import { parseContentLength, parseContentRange } from './content-range';
import { DownloadError } from './errors';
import type { HttpClient, HttpResponse } from './http-client';
import type { LiveSegment } from './live-segment';
import type { PartFile } from './part-file';
import { createHttpStatusError, parseRetryAfterMs } from './retry-policy';
import type { TokenBucket } from './token-bucket';

/** Bytes gathered from the socket before one positional write: fewer syscalls, bounded memory per connection. */
const WRITE_BATCH_BYTES = 128 * 1024;
/** A partly filled batch is written after this long, so slow links still show progress and checkpoint often. */
const PARTIAL_WRITE_AFTER_MS = 250;
/** Positional writes allowed at once per connection; the file system overlaps them on the thread pool. */
const MAX_WRITES_IN_FLIGHT = 4;

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
    response.body.discard();
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
  const writer = new SegmentWriter(context, segment);
  try {
    await response.body.consume((chunk) => {
      throwIfAborted(signal);
      const room = writer.roomBytes();
      const accepted = room < chunk.length ? chunk.subarray(0, Math.max(0, room)) : chunk;
      if (accepted.length === 0) {
        response.body.discard();
        return undefined;
      }
      const waits: Promise<void>[] = [];
      for (const limiter of context.rateLimiters) {
        if (limiter.rateBytesPerSecond !== null) waits.push(limiter.take(accepted.length, signal));
      }
      const writeWait = writer.append(accepted);
      if (writeWait !== null) waits.push(writeWait);
      // The segment's end was reached (or lowered by a split): the rest of this response is not ours.
      if (writer.roomBytes() <= 0) response.body.discard();
      if (waits.length === 0) return undefined;
      return waits.length === 1 ? waits[0] : Promise.all(waits).then(() => undefined);
    });
  } finally {
    // Bytes already received are valid: keep them even when the connection fails mid-way.
    await writer.flush();
  }
  if (segment.endByte !== null && segment.writtenNext <= segment.endByte) {
    throw new DownloadError('DL_ERR_NETWORK', `The connection closed early at byte ${segment.writtenNext} of ${segment.endByte + 1}.`, {
      retryable: true,
    });
  }
}

/**
 * Gathers the socket's chunks (without copying them) and writes each batch with one gathered positional write,
 * so a fast socket costs neither a copy nor a syscall per chunk. Several writes may run at once, but
 * `writtenNext` advances strictly in order: it only ever covers bytes whose write, and every earlier write,
 * has finished.
 */
class SegmentWriter {
  private pendingChunks: Buffer[] = [];
  private pendingBytes = 0;
  private lastWriteAtMs = performance.now();
  /** Settles when every write issued so far has completed and been counted. */
  private tail: Promise<void> = Promise.resolve();
  private writesInFlight = 0;
  private readonly writeSlotWaiters: (() => void)[] = [];
  private failure: unknown = null;

  constructor(
    private readonly context: SegmentFetchContext,
    private readonly segment: LiveSegment,
  ) {}

  /** Bytes the segment can still take beyond what is already buffered. */
  roomBytes(): number {
    const end = this.segment.endByte;
    return end === null ? Number.POSITIVE_INFINITY : end - this.segment.issuedNext - this.pendingBytes + 1;
  }

  /** Keeps `data` for the next batch; returns a promise to wait on when too many writes are in flight, else null. */
  append(data: Buffer): Promise<void> | null {
    if (this.failure !== null) throw this.failure;
    this.pendingChunks.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= WRITE_BATCH_BYTES || performance.now() - this.lastWriteAtMs >= PARTIAL_WRITE_AFTER_MS) {
      this.startWrite();
    }
    return this.writesInFlight >= MAX_WRITES_IN_FLIGHT ? this.waitForWriteSlot() : null;
  }

  /** Writes whatever is buffered and waits for every write to finish. */
  async flush(): Promise<void> {
    if (this.pendingBytes > 0) this.startWrite();
    await this.tail;
    if (this.failure !== null) throw this.failure;
  }

  private waitForWriteSlot(): Promise<void> {
    return new Promise((resolve) => this.writeSlotWaiters.push(resolve));
  }

  /** Issues the batch as one positional write now, and counts it once every earlier write has been counted. */
  private startWrite(): void {
    const chunks = this.pendingChunks;
    const length = this.pendingBytes;
    this.pendingChunks = [];
    this.pendingBytes = 0;
    this.lastWriteAtMs = performance.now();
    // The end may have moved down since these bytes arrived (a split); never write past it.
    const end = this.segment.endByte;
    const limit = end === null ? length : Math.max(0, Math.min(length, end - this.segment.issuedNext + 1));
    if (limit === 0) return;
    const position = this.segment.issuedNext;
    this.segment.issuedNext += limit;
    this.writesInFlight += 1;
    const write = this.context.file.writeChunksAt(limit < length ? keepLeadingBytes(chunks, limit) : chunks, position);
    const previous = this.tail;
    this.tail = Promise.all([previous, write])
      .then(() => {
        // After a failed write nothing later may be counted: the gap would be claimed as written.
        if (this.failure !== null) return;
        this.segment.writtenNext += limit;
        this.context.onBytesWritten(limit);
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.writesInFlight -= 1;
        this.writeSlotWaiters.shift()?.();
      });
  }
}

function keepLeadingBytes(chunks: readonly Buffer[], byteCount: number): Buffer[] {
  const kept: Buffer[] = [];
  let left = byteCount;
  for (const chunk of chunks) {
    if (left <= 0) break;
    kept.push(chunk.length <= left ? chunk : chunk.subarray(0, left));
    left -= chunk.length;
  }
  return kept;
}

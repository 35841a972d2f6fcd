// Runtime: Node (engine). One request for one segment, streamed to its offsets in the `.part` file.
import { throwIfAborted } from './abortable-delay';
import { parseContentLength, parseContentRange } from './content-range';
import { DownloadError } from './errors';
import type { BodySink, HttpClient, HttpResponse } from './http-client';
import type { LiveSegment } from './live-segment';
import type { OpenedResponse } from './opened-response';
import type { PartFile } from './part-file';
import { createHttpStatusError, parseRetryAfterMs } from './retry-policy';
import type { TokenBucket } from './token-bucket';
import { MIN_READ_ROOM_BYTES, type WriteBufferPool } from './write-buffer-pool';

/** Bytes read from the socket into one buffer before one positional write: the size of each pooled write buffer. */
export const WRITE_BATCH_BYTES = 256 * 1024;
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
  /** Where the batches' buffers come from and go back to. */
  writeBuffers: WriteBufferPool;
  /** Per-download and global limits; every byte passes through each. */
  rateLimiters: readonly TokenBucket[];
  headersTimeoutMs: number;
  stallTimeoutMs: number;
  /** Whether the server already served this item, so a 401/403 means the link expired. */
  hasServedBefore: () => boolean;
  onBytesWritten: (byteCount: number) => void;
}

/**
 * Fetches the rest of `segment` with one request, or streams `opened`, the first GET's response, when given: it
 * runs from byte 0 and may run past the segment's end, which is cut off. Resolves when the segment is complete
 * (or, for a stream of unknown length, when the body ends). Throws DownloadError; codes DL_ERR_REMOTE_CHANGED,
 * DL_ERR_RANGE_UNSUPPORTED and DL_ERR_BAD_CONTENT_RANGE tell the task to restart from byte 0.
 */
export async function fetchSegment(
  context: SegmentFetchContext,
  segment: LiveSegment,
  signal: AbortSignal,
  opened: OpenedResponse | null = null,
): Promise<void> {
  const requestedFirstByte = segment.writtenNext;
  const requestedLastByte = opened === null ? segment.endByte : opened.lastByte;
  const response = opened?.response ?? (await sendSegmentRequest(context, requestedFirstByte, requestedLastByte, signal));
  // The opened response was sent under the download's signal; this connection may be stopped on its own.
  const onAbort = (): void => response.body.discard();
  if (opened !== null) signal.addEventListener('abort', onAbort, { once: true });
  try {
    checkResponse(context, response, requestedFirstByte, requestedLastByte);
    await streamBody(context, response, segment, requestedLastByte, signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
    response.body.discard();
  }
}

function sendSegmentRequest(
  context: SegmentFetchContext,
  firstByte: number,
  lastByte: number | null,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...context.headers };
  if (context.isRanged) {
    headers['range'] = `bytes=${firstByte}-${lastByte ?? ''}`;
    if (context.ifRangeValidator !== null) headers['if-range'] = context.ifRangeValidator;
  }
  return context.http.send({
    url: context.requestUrl,
    method: 'GET',
    headers,
    signal,
    headersTimeoutMs: context.headersTimeoutMs,
    bodyTimeoutMs: context.stallTimeoutMs,
  });
}

function checkResponse(
  context: SegmentFetchContext,
  response: HttpResponse,
  requestedFirstByte: number,
  requestedLastByte: number | null,
): void {
  const { status } = response;
  if (status === 206) {
    const range = parseContentRange(response.headers['content-range']);
    // Only the first GET, sent with a range before the task knew it would not use ranges, gets a 206 when not
    // ranged; it is acceptable only when it carries the whole file.
    const isWholeFile = range !== null && range.firstByte === 0 && range.totalBytes === context.totalBytes && range.lastByte + 1 === range.totalBytes;
    if (!context.isRanged && !isWholeFile) throw new DownloadError('DL_ERR_BAD_CONTENT_RANGE', 'The server sent a partial answer to a full request.');
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

/** Streams the body into the segment; the response may end at `responseLastByte`, before the segment's end. */
async function streamBody(
  context: SegmentFetchContext,
  response: HttpResponse,
  segment: LiveSegment,
  responseLastByte: number | null,
  signal: AbortSignal,
): Promise<void> {
  throwIfAborted(signal);
  const writer = new SegmentWriter(context, segment, signal, () => response.body.discard());
  try {
    await response.body.consume(writer);
  } finally {
    // Bytes already received are valid: keep them even when the connection fails mid-way.
    await writer.flush();
  }
  const expectedEndByte = segment.endByte === null ? null : Math.min(segment.endByte, responseLastByte ?? segment.endByte);
  if (expectedEndByte !== null && segment.writtenNext <= expectedEndByte) {
    throw new DownloadError('DL_ERR_NETWORK', `The connection closed early at byte ${segment.writtenNext} of ${expectedEndByte + 1}.`, {
      retryable: true,
    });
  }
}

/**
 * The body's sink: lends the transport the write buffers themselves, so the socket is read straight into memory
 * that then goes to the file with one positional write per batch, with no copy and no allocation per chunk.
 * Several writes may run at once, but `writtenNext` advances strictly in order: it only ever covers bytes whose
 * write, and every earlier write, has finished.
 */
class SegmentWriter implements BodySink {
  private batch: Buffer | null = null;
  private batchFilledBytes = 0;
  private lastWriteAtMs = performance.now();
  /** Settles when every write issued so far has completed and been counted. */
  private tail: Promise<void> = Promise.resolve();
  private writesInFlight = 0;
  private readonly writeSlotWaiters: (() => void)[] = [];
  private failure: unknown = null;

  constructor(
    private readonly context: SegmentFetchContext,
    private readonly segment: LiveSegment,
    private readonly signal: AbortSignal,
    private readonly stopResponse: () => void,
  ) {}

  provideBuffer(): Buffer {
    const batch = this.currentBatch();
    return batch.subarray(this.batchFilledBytes, this.batchFilledBytes + Math.min(batch.length - this.batchFilledBytes, this.maxReadBytes()));
  }

  commit(byteCount: number): Promise<void> | null {
    if (this.failure !== null) throw this.failure;
    throwIfAborted(this.signal);
    const room = this.roomBytes();
    const accepted = Math.min(byteCount, room);
    this.batchFilledBytes += accepted;
    const waits: Promise<void>[] = [];
    for (const limiter of this.context.rateLimiters) {
      if (limiter.rateBytesPerSecond !== null && accepted > 0) waits.push(limiter.take(accepted, this.signal));
    }
    const batchLength = this.batch?.length ?? 0;
    if (batchLength - this.batchFilledBytes < MIN_READ_ROOM_BYTES || performance.now() - this.lastWriteAtMs >= PARTIAL_WRITE_AFTER_MS) {
      this.startWrite();
    }
    // The segment's end was reached (or lowered by a split): the rest of this response is not ours.
    if (this.roomBytes() <= 0) this.stopResponse();
    if (this.writesInFlight >= MAX_WRITES_IN_FLIGHT) waits.push(this.waitForWriteSlot());
    if (waits.length === 0) return null;
    return waits.length === 1 ? (waits[0] ?? null) : Promise.all(waits).then(() => undefined);
  }

  adoptBuffer(buffer: Buffer, byteCount: number): Promise<void> | null {
    // Bytes that came before are written first, so the file still receives the body in order.
    this.startWrite();
    this.batch = buffer;
    this.batchFilledBytes = 0;
    return this.commit(byteCount);
  }

  /** Writes whatever is buffered and waits for every write to finish. Call only once the body has settled. */
  async flush(): Promise<void> {
    this.startWrite();
    await this.tail;
    if (this.failure !== null) throw this.failure;
  }

  /** Bytes the segment can still take beyond what is already received. */
  private roomBytes(): number {
    const end = this.segment.endByte;
    return end === null ? Number.POSITIVE_INFINITY : end - this.segment.issuedNext - this.batchFilledBytes + 1;
  }

  /** Under a speed limit, reads stay small enough that the limiter can pace them smoothly. */
  private maxReadBytes(): number {
    let maxBytes = WRITE_BATCH_BYTES;
    for (const limiter of this.context.rateLimiters) {
      const rate = limiter.rateBytesPerSecond;
      if (rate !== null) maxBytes = Math.min(maxBytes, Math.max(MIN_READ_ROOM_BYTES, Math.floor(rate / 20)));
    }
    return maxBytes;
  }

  private currentBatch(): Buffer {
    if (this.batch !== null && this.batch.length - this.batchFilledBytes >= MIN_READ_ROOM_BYTES) return this.batch;
    this.startWrite();
    this.batch = this.context.writeBuffers.acquire();
    this.batchFilledBytes = 0;
    return this.batch;
  }

  private waitForWriteSlot(): Promise<void> {
    return new Promise((resolve) => this.writeSlotWaiters.push(resolve));
  }

  /** Retires the current batch: issues its bytes as one positional write, counted once every earlier write is. */
  private startWrite(): void {
    const batch = this.batch;
    const length = this.batchFilledBytes;
    this.batch = null;
    this.batchFilledBytes = 0;
    if (batch === null) return;
    this.lastWriteAtMs = performance.now();
    // The end may have moved down since these bytes arrived (a split); never write past it.
    const end = this.segment.endByte;
    const limit = end === null ? length : Math.max(0, Math.min(length, end - this.segment.issuedNext + 1));
    if (limit === 0) {
      this.context.writeBuffers.release(batch);
      return;
    }
    const position = this.segment.issuedNext;
    this.segment.issuedNext += limit;
    this.writesInFlight += 1;
    const write = this.context.file.writeAt(batch.subarray(0, limit), position);
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
        // The write is over (done or failed), so its buffer can serve another read.
        this.context.writeBuffers.release(batch);
        // A waiter waits for room, not for one particular write: adopted buffers can queue several waiters behind
        // writes that are already counted, and waking one per finished write could leave the last one waiting forever.
        if (this.writesInFlight < MAX_WRITES_IN_FLIGHT) for (const wake of this.writeSlotWaiters.splice(0)) wake();
      });
  }
}

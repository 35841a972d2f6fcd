// Runtime: Node (engine). A response body that is read into memory from the moment its head arrives, until its
// consumer is ready. A fresh download's first GET answers while the file is still being named and created; a
// socket left unread for those milliseconds loses its pace for the rest of the transfer (measured on loopback:
// TCP tail-loss probes in 14 of 15 runs, and twice as many socket reads).
import { DownloadError } from './errors';
import type { BodySink, ResponseBody } from './http-client';
import { MIN_READ_ROOM_BYTES, type WriteBufferPool } from './write-buffer-pool';

interface FilledBuffer {
  buffer: Buffer;
  filledBytes: number;
}

/**
 * Starts reading `body` into buffers from `pool` at once, up to about `maxBufferedBytes`; beyond that the
 * transport waits, which is not a stall. With a limit of 0 nothing is read early and `body` itself is returned.
 */
export function prefetchBody(body: ResponseBody, pool: WriteBufferPool, maxBufferedBytes: number): ResponseBody {
  return maxBufferedBytes > 0 ? new PrefetchedBody(body, pool, maxBufferedBytes) : body;
}

/**
 * The transport lends regions ahead of time: the region for its next read is asked for at the end of the
 * previous read, and stays in use until the commit that follows that read. So the buffer holding a lent region
 * is never handed to the consumer early; the switch to the consumer's own buffers happens at that commit.
 */
class PrefetchedBody implements ResponseBody {
  /** Buffers in body order; only the last one can hold the lent region. */
  private readonly filled: FilledBuffer[] = [];
  private bufferedBytes = 0;
  /** The buffer the transport's next read lands in, while that read is still to come. */
  private lentBuffer: FilledBuffer | null = null;
  private consumer: BodySink | null = null;
  /** Every buffered byte went to the consumer: the transport now reads into the consumer's buffers. */
  private isForwarding = false;
  private isDiscarded = false;
  private resumeTransport: (() => void) | null = null;
  /** Settles like the transport's own consume(): at the end of the body, on discard, or with its error. */
  private readonly transferDone: Promise<void>;

  constructor(
    private readonly body: ResponseBody,
    private readonly pool: WriteBufferPool,
    private readonly maxBufferedBytes: number,
  ) {
    this.transferDone = body.consume({ provideBuffer: () => this.provideBuffer(), commit: (byteCount) => this.commit(byteCount) });
    // consume() reports the outcome; a body discarded before anyone consumed it has no one to report it to.
    this.transferDone.catch(() => undefined);
  }

  async consume(sink: BodySink): Promise<void> {
    if (this.consumer !== null) throw new DownloadError('DL_ERR_INTERNAL', 'A response body was consumed twice.');
    this.consumer = sink;
    try {
      const wait = this.handOverBuffered(sink);
      if (wait !== null) await wait;
    } catch (error) {
      this.discard();
      throw error;
    } finally {
      this.releaseTransport();
    }
    if (this.isDiscarded) return;
    try {
      await this.transferDone;
    } finally {
      // The transport has settled, so no read is coming: bytes in the buffer lent for one are the consumer's too.
      // After a cut they are valid bytes, and the consumer keeps them before it hears of the error.
      this.lentBuffer = null;
      const wait = this.handOverBuffered(sink);
      if (wait !== null) await wait;
    }
  }

  discard(): void {
    if (this.isDiscarded) return;
    this.isDiscarded = true;
    // A discarded transport reads no more, so the buffers it was lent can go back to the pool.
    this.body.discard();
    for (const item of this.filled.splice(0)) this.pool.release(item.buffer);
    this.lentBuffer = null;
    this.bufferedBytes = 0;
    this.releaseTransport();
  }

  private provideBuffer(): Buffer {
    if (this.isForwarding && this.consumer !== null) return this.consumer.provideBuffer();
    let last = this.filled.at(-1);
    if (last === undefined || last.buffer.length - last.filledBytes < MIN_READ_ROOM_BYTES) {
      last = { buffer: this.pool.acquire(), filledBytes: 0 };
      this.filled.push(last);
    }
    this.lentBuffer = last;
    return last.buffer.subarray(last.filledBytes);
  }

  private commit(byteCount: number): Promise<void> | null {
    if (this.isForwarding && this.consumer !== null) return this.consumer.commit(byteCount);
    const lent = this.lentBuffer;
    if (lent === null) throw new DownloadError('DL_ERR_INTERNAL', 'Body bytes arrived in a buffer that was never lent.');
    this.lentBuffer = null;
    lent.filledBytes += byteCount;
    this.bufferedBytes += byteCount;
    // The consumer took everything else while this read was under way: it takes these bytes too, then the rest.
    if (this.consumer !== null) return this.handOverBuffered(this.consumer);
    if (this.bufferedBytes < this.maxBufferedBytes) return null;
    return new Promise<void>((resolve) => {
      this.resumeTransport = resolve;
    });
  }

  /**
   * Gives the consumer every buffered byte that no read is still landing in, in body order, and switches to
   * forwarding once nothing is left. Returns the consumer's waits, as a transport would honour them.
   */
  private handOverBuffered(sink: BodySink): Promise<void> | null {
    const waits: Promise<void>[] = [];
    for (;;) {
      if (this.isDiscarded) break;
      const next = this.filled[0];
      if (next === undefined) {
        this.isForwarding = true;
        break;
      }
      if (next === this.lentBuffer) break;
      this.filled.shift();
      this.bufferedBytes -= next.filledBytes;
      const wait = this.deliver(sink, next);
      if (wait !== null) waits.push(wait);
    }
    if (waits.length === 0) return null;
    return waits.length === 1 ? (waits[0] ?? null) : Promise.all(waits).then(() => undefined);
  }

  /** One buffer to the consumer: handed over whole when the consumer can adopt it, copied into its regions otherwise. */
  private deliver(sink: BodySink, item: FilledBuffer): Promise<void> | null {
    if (item.filledBytes === 0) {
      this.pool.release(item.buffer);
      return null;
    }
    if (sink.adoptBuffer !== undefined) return sink.adoptBuffer(item.buffer, item.filledBytes);
    const waits: Promise<void>[] = [];
    try {
      let offset = 0;
      while (offset < item.filledBytes && !this.isDiscarded) {
        const region = sink.provideBuffer();
        const copiedBytes = item.buffer.copy(region, 0, offset, Math.min(item.filledBytes, offset + region.length));
        offset += copiedBytes;
        const wait = sink.commit(copiedBytes);
        if (wait !== null) waits.push(wait);
      }
    } finally {
      this.pool.release(item.buffer);
    }
    if (waits.length === 0) return null;
    return Promise.all(waits).then(() => undefined);
  }

  private releaseTransport(): void {
    const resume = this.resumeTransport;
    this.resumeTransport = null;
    resume?.();
  }
}

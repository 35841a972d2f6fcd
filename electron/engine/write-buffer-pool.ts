// Runtime: Node (engine). Reuses the buffers that sockets are read into and files written from: a fast download
// then allocates nothing per chunk, so the garbage collector has nothing to chase and memory stays flat.

/** A read into less room than this is not worth its callback: the batch is written and a fresh pooled buffer lent. */
export const MIN_READ_ROOM_BYTES = 16 * 1024;

export class WriteBufferPool {
  private readonly idleBuffers: Buffer[] = [];

  /**
   * @param bufferBytes size of every buffer handed out
   * @param maxIdleBuffers buffers kept for reuse; more than this are left to the garbage collector
   */
  constructor(
    readonly bufferBytes: number,
    private readonly maxIdleBuffers: number,
  ) {}

  /** A buffer of `bufferBytes`, with stale contents: callers track how much of it they filled. */
  acquire(): Buffer {
    return this.idleBuffers.pop() ?? Buffer.allocUnsafeSlow(this.bufferBytes);
  }

  /** Gives a buffer back; the caller must not touch it afterwards. */
  release(buffer: Buffer): void {
    if (buffer.length === this.bufferBytes && this.idleBuffers.length < this.maxIdleBuffers) this.idleBuffers.push(buffer);
  }
}

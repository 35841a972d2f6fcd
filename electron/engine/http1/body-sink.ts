// Runtime: Node (engine). Where a response body goes: the consumer lends its own buffers, so the socket is read
// straight into memory that is then written to disk, with no copy and no allocation per chunk.

export interface BodySink {
  /**
   * The region the next body bytes go to: at least one byte long. The transport may read the socket straight
   * into it, and keeps using it until `commit` is called, so it must stay untouched until then.
   */
  provideBuffer(): Buffer;
  /**
   * `byteCount` body bytes are at the start of the region provided last. Returns null to keep reading, or a
   * promise: reading pauses until it settles, and a rejection fails the body with that error.
   */
  commit(byteCount: number): Promise<void> | null;
  /**
   * Optional: takes over `buffer`, a buffer of the download's write-buffer pool, whose first `byteCount` bytes are
   * body bytes read before this sink existed (see prefetched-body.ts). Waits and errors as for `commit`.
   */
  adoptBuffer?(buffer: Buffer, byteCount: number): Promise<void> | null;
}

export interface ResponseBody {
  /**
   * Delivers the body into `sink`; resolves at the end of the body (or once discard() was called), rejects on a
   * network or framing error. Once it settles the transport never touches the sink's buffers again. Call once.
   */
  consume(sink: BodySink): Promise<void>;
  /** Stops the transfer; the connection is dropped unless the body was already complete. Safe to call at any time. */
  discard(): void;
}

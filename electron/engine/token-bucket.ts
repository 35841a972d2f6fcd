// Runtime: Node (engine). Speed limits: a token bucket that serves waiters in FIFO order,
// so every connection sharing it gets a fair share.
import { createAbortError } from './abortable-delay';

interface PendingTake {
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

/** How much may be sent in one burst, in seconds of the rate. Small keeps 10 s averages within a few percent. */
const BURST_SECONDS = 0.1;
const MIN_BURST_BYTES = 16 * 1024;

export class TokenBucket {
  private bytesPerSecond: number | null;
  private tokens = 0;
  private lastRefillMs = performance.now();
  private readonly queue: PendingTake[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** `bytesPerSecond` null means unlimited. */
  constructor(bytesPerSecond: number | null) {
    this.bytesPerSecond = bytesPerSecond;
  }

  get rateBytesPerSecond(): number | null {
    return this.bytesPerSecond;
  }

  /** Changes the rate at once; waiters are re-evaluated. */
  setRate(bytesPerSecond: number | null): void {
    this.refill();
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = Math.min(this.tokens, this.capacityBytes());
    this.pump();
  }

  /** Waits until `bytes` may pass. Large takes are allowed to drive the balance negative, which spreads them out. */
  take(bytes: number, signal: AbortSignal): Promise<void> {
    if (this.bytesPerSecond === null && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(createAbortError(signal));
        return;
      }
      const pending: PendingTake = {
        bytes,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.queue.indexOf(pending);
          if (index >= 0) this.queue.splice(index, 1);
          if (this.queue.length === 0 && this.timer !== null) {
            // Nobody waits any more: a pending refill timer would only keep the process alive.
            clearTimeout(this.timer);
            this.timer = null;
          }
          reject(createAbortError(signal));
        },
      };
      signal.addEventListener('abort', pending.onAbort, { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  private capacityBytes(): number {
    if (this.bytesPerSecond === null) return Number.POSITIVE_INFINITY;
    return Math.max(MIN_BURST_BYTES, this.bytesPerSecond * BURST_SECONDS);
  }

  private refill(): void {
    const nowMs = performance.now();
    if (this.bytesPerSecond !== null) {
      this.tokens = Math.min(this.capacityBytes(), this.tokens + ((nowMs - this.lastRefillMs) / 1000) * this.bytesPerSecond);
    }
    this.lastRefillMs = nowMs;
  }

  private pump(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.refill();
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head === undefined) break;
      if (this.bytesPerSecond !== null && this.tokens <= 0) break;
      this.queue.shift();
      head.signal.removeEventListener('abort', head.onAbort);
      if (this.bytesPerSecond !== null) this.tokens -= head.bytes;
      head.resolve();
    }
    if (this.queue.length > 0 && this.bytesPerSecond !== null) {
      const waitMs = Math.max(1, (-this.tokens / this.bytesPerSecond) * 1000 + 1);
      this.timer = setTimeout(() => this.pump(), waitMs);
    }
  }
}

// Runtime: Node (engine). The connections of one download: who fetches which range, re-splitting so every
// connection stays busy to the end, trimming when the target drops, and replacing a connection that lags far behind.
import { createAbortError } from './abortable-delay';
import { isDownloadError } from './errors';
import { isSegmentDone, unissuedBytes, createLiveSegment, type LiveSegment } from './live-segment';
import { chooseSplitPoint } from './segment-plan';

export interface ConnectionPoolOwner {
  /** The live segments; the pool appends far halves when it splits. Kept sorted by start byte. */
  readonly segments: LiveSegment[];
  /** How many connections to run now. */
  connectionTarget(): number;
  minSegmentBytes(): number;
  /** Whether the server honours ranges, so segments may be split. */
  canSplit(): boolean;
  /** Whether a speed limit paces this download: its connections are then slow on purpose. */
  isRateLimited(): boolean;
  /** Fetches one segment with retries; resolves false when the connection should give its segment back. */
  fetchSegment(segment: LiveSegment, signal: AbortSignal): Promise<boolean>;
  onSlowConnectionReplaced(bytesPerSecond: number, medianBytesPerSecond: number): void;
}

interface WorkerHandle {
  controller: AbortController;
  segment: LiveSegment | null;
  windowStartBytes: number;
  windowStartMs: number;
  /** Why the pool stopped this worker on purpose, if it did. */
  stopReason: 'surplus' | 'slow' | null;
}

/** How often connection speeds are compared. */
const SLOW_CHECK_INTERVAL_MS = 3000;
/** A connection below this fraction of the median speed of the others is replaced. */
const SLOW_FRACTION = 0.2;
/** Only a connection that would still need this long at its own speed is worth replacing. */
const SLOW_MIN_SECONDS_LEFT = 2;

export class ConnectionPool {
  private readonly workers = new Set<WorkerHandle>();
  private readonly running = new Set<Promise<void>>();
  private readonly controller = new AbortController();
  private firstError: unknown = null;
  /** Speed of recently finished segments, the yardstick when a laggard is the last connection left. */
  private referenceBytesPerSecond = 0;

  constructor(
    private readonly owner: ConnectionPoolOwner,
    private readonly outerSignal: AbortSignal,
  ) {}

  /** Runs until every segment is done, the outer signal aborts, or a worker fails (rethrown). */
  async run(): Promise<void> {
    const onOuterAbort = (): void => this.controller.abort(this.outerSignal.reason);
    this.outerSignal.addEventListener('abort', onOuterAbort, { once: true });
    const slowCheck = setInterval(() => this.replaceSlowConnection(), SLOW_CHECK_INTERVAL_MS);
    try {
      this.rebalance();
      while (this.running.size > 0) await Promise.race(this.running);
    } finally {
      clearInterval(slowCheck);
      this.outerSignal.removeEventListener('abort', onOuterAbort);
    }
    if (this.outerSignal.aborted) throw createAbortError(this.outerSignal);
    if (this.firstError !== null) throw this.firstError;
  }

  /** Starts connections up to the target, or stops the newest ones above it (their ranges go back to the pool). */
  rebalance(): void {
    const target = this.owner.connectionTarget();
    while (this.firstError === null && !this.controller.signal.aborted && this.workers.size < target && this.hasWorkLeft()) {
      this.startWorker();
    }
    const surplus = [...this.workers].filter((worker) => worker.stopReason === null).slice(target);
    for (const worker of surplus) this.stopWorker(worker, 'surplus');
  }

  get activeWorkerCount(): number {
    return this.workers.size;
  }

  private startWorker(): void {
    const handle: WorkerHandle = {
      controller: new AbortController(),
      segment: null,
      windowStartBytes: 0,
      windowStartMs: performance.now(),
      stopReason: null,
    };
    const onPoolAbort = (): void => handle.controller.abort(this.controller.signal.reason);
    this.controller.signal.addEventListener('abort', onPoolAbort, { once: true });
    this.workers.add(handle);
    const work = this.runWorker(handle)
      .catch((error: unknown) => {
        const isQuietStop = handle.stopReason !== null || (isDownloadError(error) && error.code === 'DL_ERR_ABORTED');
        if (this.firstError === null && !isQuietStop) {
          this.firstError = error;
          this.controller.abort(error);
        }
      })
      .finally(() => {
        this.controller.signal.removeEventListener('abort', onPoolAbort);
        this.workers.delete(handle);
        this.running.delete(work);
        this.rebalance();
      });
    this.running.add(work);
  }

  private stopWorker(worker: WorkerHandle, reason: 'surplus' | 'slow'): void {
    worker.stopReason = reason;
    worker.controller.abort(createAbortError());
  }

  private async runWorker(handle: WorkerHandle): Promise<void> {
    for (;;) {
      if (handle.stopReason !== null || this.workers.size > this.owner.connectionTarget()) return;
      const segment = this.takeWork();
      if (segment === null) return;
      handle.segment = segment;
      handle.windowStartBytes = segment.writtenNext;
      handle.windowStartMs = performance.now();
      let keepGoing: boolean;
      const startBytes = segment.writtenNext;
      const startMs = performance.now();
      try {
        keepGoing = await this.owner.fetchSegment(segment, handle.controller.signal);
      } finally {
        segment.isAssigned = false;
        handle.segment = null;
      }
      this.recordFinishedSpeed(segment.writtenNext - startBytes, performance.now() - startMs);
      if (!keepGoing) return;
      // A stream of unknown length ends when its body ends.
      if (segment.endByte === null) {
        segment.endByte = segment.writtenNext - 1;
        return;
      }
    }
  }

  private hasWorkLeft(): boolean {
    return this.owner.segments.some((segment) => !segment.isAssigned && !isSegmentDone(segment)) || this.findSplittable() !== null;
  }

  /** Free work first; otherwise the far half of the largest range still being fetched. */
  private takeWork(): LiveSegment | null {
    const free = this.owner.segments.find((segment) => !segment.isAssigned && !isSegmentDone(segment));
    if (free !== undefined) {
      free.isAssigned = true;
      return free;
    }
    const victim = this.findSplittable();
    if (victim === null || victim.endByte === null) return null;
    const splitAt = chooseSplitPoint(victim.issuedNext, victim.endByte, this.owner.minSegmentBytes());
    if (splitAt === null) return null;
    const farHalf = createLiveSegment(splitAt, victim.endByte, splitAt);
    victim.endByte = splitAt - 1;
    farHalf.isAssigned = true;
    this.owner.segments.push(farHalf);
    this.owner.segments.sort((a, b) => a.startByte - b.startByte);
    return farHalf;
  }

  private findSplittable(): LiveSegment | null {
    if (!this.owner.canSplit()) return null;
    let best: LiveSegment | null = null;
    for (const segment of this.owner.segments) {
      if (!segment.isAssigned || segment.endByte === null) continue;
      if (chooseSplitPoint(segment.issuedNext, segment.endByte, this.owner.minSegmentBytes()) === null) continue;
      if (best === null || unissuedBytes(segment) > unissuedBytes(best)) best = segment;
    }
    return best;
  }

  private recordFinishedSpeed(byteCount: number, elapsedMs: number): void {
    if (elapsedMs < 200 || byteCount <= 0) return;
    const bytesPerSecond = (byteCount * 1000) / elapsedMs;
    this.referenceBytesPerSecond =
      bytesPerSecond > this.referenceBytesPerSecond ? bytesPerSecond : this.referenceBytesPerSecond * 0.8 + bytesPerSecond * 0.2;
  }

  /** Compares the last window's speeds and replaces one connection far slower than the median of the others. */
  private replaceSlowConnection(): void {
    const nowMs = performance.now();
    const speeds: { worker: WorkerHandle; bytesPerSecond: number }[] = [];
    // Under a speed limit our own limiter sets the pace; a replaced connection would only waste what the server
    // had already sent. Yardsticks from before the limit are stale too.
    if (this.owner.isRateLimited()) {
      this.referenceBytesPerSecond = 0;
      return;
    }
    for (const worker of this.workers) {
      const segment = worker.segment;
      if (segment === null || worker.stopReason !== null) continue;
      if (segment.heldBackUntilMs >= worker.windowStartMs) {
        // Held back (retry delay, waiting for a slot) during this window: measure it afresh from now.
        worker.windowStartBytes = segment.writtenNext;
        worker.windowStartMs = nowMs;
        continue;
      }
      const elapsedMs = nowMs - worker.windowStartMs;
      if (elapsedMs < SLOW_CHECK_INTERVAL_MS / 2) continue;
      speeds.push({ worker, bytesPerSecond: ((segment.writtenNext - worker.windowStartBytes) * 1000) / elapsedMs });
      worker.windowStartBytes = segment.writtenNext;
      worker.windowStartMs = nowMs;
    }
    if (speeds.length === 0) return;
    speeds.sort((a, b) => a.bytesPerSecond - b.bytesPerSecond);
    const slowest = speeds[0];
    const others = speeds.slice(1).map((entry) => entry.bytesPerSecond);
    const median = others.length > 0 ? (others[Math.floor(others.length / 2)] ?? 0) : this.referenceBytesPerSecond;
    const segment = slowest?.worker.segment;
    if (slowest === undefined || segment === null || segment === undefined || median <= 0) return;
    if (slowest.bytesPerSecond >= median * SLOW_FRACTION) return;
    const secondsLeft = unissuedBytes(segment) / Math.max(1, slowest.bytesPerSecond);
    if (secondsLeft < SLOW_MIN_SECONDS_LEFT) return;
    this.owner.onSlowConnectionReplaced(slowest.bytesPerSecond, median);
    this.stopWorker(slowest.worker, 'slow');
  }
}

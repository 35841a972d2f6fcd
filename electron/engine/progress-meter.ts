// Runtime: Node (engine). Speed as an exponential moving average, and the ETA it implies.

/** Weight of history: about a 3 s memory at one sample every 500 ms. */
const SMOOTHING = 0.2;
const MIN_SAMPLE_INTERVAL_MS = 250;

export class ProgressMeter {
  private lastBytes: number;
  private lastAtMs: number;
  private averageBytesPerSecond = 0;
  private hasSample = false;

  constructor(startBytes: number, nowMs: number = performance.now()) {
    this.lastBytes = startBytes;
    this.lastAtMs = nowMs;
  }

  /** Feeds the current byte count; returns the smoothed speed. */
  update(bytesNow: number, nowMs: number = performance.now()): number {
    const elapsedMs = nowMs - this.lastAtMs;
    if (elapsedMs < MIN_SAMPLE_INTERVAL_MS) return this.averageBytesPerSecond;
    const instantBytesPerSecond = Math.max(0, ((bytesNow - this.lastBytes) * 1000) / elapsedMs);
    this.averageBytesPerSecond = this.hasSample
      ? this.averageBytesPerSecond + SMOOTHING * (instantBytesPerSecond - this.averageBytesPerSecond)
      : instantBytesPerSecond;
    this.hasSample = true;
    this.lastBytes = bytesNow;
    this.lastAtMs = nowMs;
    return this.averageBytesPerSecond;
  }

  /** Restarts the measurement, e.g. after a restart from byte 0. */
  reset(startBytes: number, nowMs: number = performance.now()): void {
    this.lastBytes = startBytes;
    this.lastAtMs = nowMs;
    this.averageBytesPerSecond = 0;
    this.hasSample = false;
  }

  get bytesPerSecond(): number {
    return this.averageBytesPerSecond;
  }
}

/** Seconds left at the given speed; null when either is unknown. */
export function estimateSecondsLeft(bytesDone: number, totalBytes: number | null, bytesPerSecond: number): number | null {
  if (totalBytes === null || bytesPerSecond <= 0) return null;
  return Math.max(0, (totalBytes - bytesDone) / bytesPerSecond);
}

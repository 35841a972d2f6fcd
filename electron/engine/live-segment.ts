// Runtime: Node (engine). A segment while a download runs: its range can shrink when a free connection takes its far half.

export interface LiveSegment {
  readonly startByte: number;
  /** Inclusive; lowered when the segment is split. Null only for a single stream of unknown length. */
  endByte: number | null;
  /** First byte whose write has not completed: what a checkpoint may claim after a sync. */
  writtenNext: number;
  /** First byte not yet handed to the file system; at least writtenNext. */
  issuedNext: number;
  /** Whether a connection is working on it. */
  isAssigned: boolean;
  /**
   * Failed requests since the segment last gained a byte. It belongs to the segment, not to the connection, so
   * handing the segment to a fresh connection never resets the retry budget.
   */
  failedAttempts: number;
  /**
   * Until when its connection is held back on purpose (a retry delay, a wait for a free connection slot), as
   * performance.now() milliseconds; Infinity while the end is not known yet. Such a connection is not slow.
   */
  heldBackUntilMs: number;
}

export function createLiveSegment(startByte: number, endByte: number | null, nextByte: number): LiveSegment {
  return { startByte, endByte, writtenNext: nextByte, issuedNext: nextByte, isAssigned: false, failedAttempts: 0, heldBackUntilMs: 0 };
}

export function isSegmentDone(segment: LiveSegment): boolean {
  return segment.endByte !== null && segment.writtenNext > segment.endByte;
}

/** Bytes not yet issued for writing, the measure used to pick which segment to split. */
export function unissuedBytes(segment: LiveSegment): number {
  return segment.endByte === null ? Number.POSITIVE_INFINITY : Math.max(0, segment.endByte - segment.issuedNext + 1);
}

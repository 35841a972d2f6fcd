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
}

export function createLiveSegment(startByte: number, endByte: number | null, nextByte: number): LiveSegment {
  return { startByte, endByte, writtenNext: nextByte, issuedNext: nextByte, isAssigned: false };
}

export function isSegmentDone(segment: LiveSegment): boolean {
  return segment.endByte !== null && segment.writtenNext > segment.endByte;
}

/** Bytes not yet issued for writing, the measure used to pick which segment to split. */
export function unissuedBytes(segment: LiveSegment): number {
  return segment.endByte === null ? Number.POSITIVE_INFINITY : Math.max(0, segment.endByte - segment.issuedNext + 1);
}

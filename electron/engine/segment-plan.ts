// Runtime: Node (engine). How a file is cut into byte ranges for parallel connections.
import type { SegmentProgress } from '../../shared/download-types';

/** Default smallest segment: 1 MiB. */
export const DEFAULT_MIN_SEGMENT_BYTES = 1024 * 1024;

/** Splits [0, totalBytes) into at most `connections` contiguous segments of at least `minSegmentBytes` each. */
export function planSegments(totalBytes: number, connections: number, minSegmentBytes: number): SegmentProgress[] {
  if (totalBytes <= 0) return [];
  const count = Math.max(1, Math.min(connections, Math.floor(totalBytes / minSegmentBytes)));
  const baseBytes = Math.floor(totalBytes / count);
  const segments: SegmentProgress[] = [];
  for (let index = 0; index < count; index += 1) {
    const startByte = index * baseBytes;
    const endByte = index === count - 1 ? totalBytes - 1 : startByte + baseBytes - 1;
    segments.push({ startByte, endByte, nextByte: startByte });
  }
  return segments;
}

/** Bytes of a segment not yet written. */
export function remainingBytes(segment: SegmentProgress): number {
  return Math.max(0, segment.endByte - segment.nextByte + 1);
}

/** Bytes done across segments: what a checkpoint may claim. */
export function sumDoneBytes(segments: readonly SegmentProgress[]): number {
  return segments.reduce((sum, segment) => sum + (segment.nextByte - segment.startByte), 0);
}

/**
 * Where to cut the largest remaining range so a free connection can take its far half,
 * or null when no range is worth splitting (each half must reach `minSegmentBytes`).
 */
export function chooseSplitPoint(remainingStartByte: number, endByte: number, minSegmentBytes: number): number | null {
  const remaining = endByte - remainingStartByte + 1;
  if (remaining < 2 * minSegmentBytes) return null;
  return remainingStartByte + Math.floor(remaining / 2);
}

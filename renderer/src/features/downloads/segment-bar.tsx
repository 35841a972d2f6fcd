// Runtime: renderer. One bar per segment, each placed where its byte range sits in the file.
import type { SegmentProgress } from '../../../../shared/download-types';

export interface SegmentBarProps {
  segments: readonly SegmentProgress[];
  totalBytes: number | null;
  /** Whose segments, for the accessible name. */
  name: string;
}

export function SegmentBar({ segments, totalBytes, name }: SegmentBarProps) {
  if (segments.length === 0 || totalBytes === null || totalBytes === 0) {
    return <p className="muted">No segments yet: they are planned once the server has told the size.</p>;
  }
  const finished = segments.filter((segment) => segment.nextByte > segment.endByte).length;
  return (
    <div className="segments" role="img" aria-label={`Segments of ${name}: ${finished} of ${segments.length} finished`}>
      {segments.map((segment) => {
        const lengthBytes = segment.endByte - segment.startByte + 1;
        const doneBytes = Math.min(lengthBytes, Math.max(0, segment.nextByte - segment.startByte));
        return (
          <div
            key={segment.startByte}
            className="segment"
            style={{ left: `${(segment.startByte / totalBytes) * 100}%`, width: `${(lengthBytes / totalBytes) * 100}%` }}
          >
            <div className="segment-fill" style={{ transform: `scaleX(${doneBytes / lengthBytes})` }} />
          </div>
        );
      })}
    </div>
  );
}

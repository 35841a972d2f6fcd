// Runtime: Node (engine). The first GET's response, held open between the probe and the first segment, with the
// connection slot it occupies, so the segment that starts at byte 0 streams it instead of asking again.
import type { HttpResponse } from './http-client';
import type { LiveSegment } from './live-segment';

export interface OpenedResponse {
  response: HttpResponse;
  /** Frees the connection slot; called once the segment is done with the response. */
  releaseConnection: () => void;
  /** Last byte of the file the response carries (it may stop before the file's end); null for unknown length. */
  lastByte: number | null;
}

export class OpenedResponseSlot {
  constructor(private opened: OpenedResponse | null) {}

  /** Hands the response over to `segment` when it is the untouched first segment; at most once. */
  take(segment: LiveSegment): OpenedResponse | null {
    if (this.opened === null || segment.startByte !== 0 || segment.issuedNext !== 0) return null;
    const opened = this.opened;
    this.opened = null;
    return opened;
  }

  /** Drops the response if nobody took it (the download failed or stopped first, or had no bytes to fetch). */
  discard(): void {
    const opened = this.opened;
    this.opened = null;
    if (opened === null) return;
    opened.response.body.discard();
    opened.releaseConnection();
  }
}

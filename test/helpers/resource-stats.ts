// Runtime: Node (tests only). What the fault server observed, as tests read it.
import type { IncomingHttpHeaders } from 'node:http';

/** How a request's response ended, as far as the server knows. */
export type RequestOutcome =
  /** Still sending, or waiting for the socket to drain. */
  | 'in-flight'
  /** The whole response was written. */
  | 'complete'
  /** The server destroyed the socket on purpose (cutAfterBytes, contentLengthMismatch). */
  | 'cut'
  /** The server stopped sending on purpose and keeps the socket open (stallAfterBytes). */
  | 'stalled'
  /** The client closed the connection before the response was complete. */
  | 'aborted';

/** One request the server received for a path. */
export interface RequestRecord {
  method: string;
  /** The raw request target, query string included. */
  url: string;
  rangeHeader: string | null;
  ifRange: string | null;
  ifMatch: string | null;
  /** Status the server answered with. */
  status: number;
  /** Body bytes written for this response; counts only resource bodies (200/206), never error or redirect text. */
  bodyBytesSent: number;
  outcome: RequestOutcome;
  /** The request headers as received (lower-case names). */
  headers: IncomingHttpHeaders;
}

/** Counters for one path since the server started or since `resetStats()`. */
export interface ResourceStats {
  /** Every request in arrival order (HEAD included). */
  requests: RequestRecord[];
  /** Resource body bytes written to sockets for this path across all requests. */
  bodyBytesSent: number;
  /** Peak number of GETs in flight at once (from arrival until the response closes). */
  maxConcurrentRequests: number;
}

// Runtime: Node (tests only). What a test registers on the fault server.

/** One resource the fault server serves at a path. */
export interface ResourceSpec {
  /** The representation's bytes. */
  body: Buffer;
  /**
   * ETag header value, quotes included. Default: a strong tag derived from the sha256 of `body`,
   * e.g. `"3a7bd3e2360a3d29eea436fcfb7e44c7"`. `null` sends no ETag. May be weak (`W/"..."`).
   */
  etag?: string | null;
  /** Last-Modified header value (an RFC 7231 HTTP-date). Default: `Wed, 01 Jan 2025 00:00:00 GMT`. `null` sends none. */
  lastModified?: string | null;
  /** Content-Type header value. Default: `application/octet-stream`. */
  contentType?: string;
  /** Raw Content-Disposition header value; absent by default. */
  contentDisposition?: string;
  /**
   * Headers added to HEAD, 200 and 206 responses (e.g. Content-MD5, Digest, Repr-Digest).
   * They are not recomputed when the resource changes, so after a change they describe the old body.
   */
  extraHeaders?: Record<string, string>;
  /** Default true. False ignores Range and If-Range entirely: always 200 with the full body, no Accept-Ranges. */
  supportsRanges?: boolean;
  /** Misbehaviour to inject; none by default. */
  faults?: FaultSpec;
}

/**
 * Faults for one resource. Counters are per resource, count GET responses only and survive
 * `resetStats()`; registering the resource again starts them over. HEAD is only affected by
 * `headStatus`, `headLies`, `chunked`, `contentLengthMismatch`, `rangeAnswers200` and a change of version.
 * GET checks run in this order: forbidAfterRequests, failTimes, maxConcurrentRequests, If-Match, Range.
 */
export interface FaultSpec {
  /** Destroy the socket after exactly this many body bytes of a 200/206 response. */
  cutAfterBytes?: number;
  /** How many responses get cut. Default Infinity. Only responses longer than `cutAfterBytes` use one up. */
  cutTimes?: number;
  /** Stop sending after exactly this many body bytes, keeping the socket open until the client or `close()` ends it. */
  stallAfterBytes?: number;
  /** How many responses stall. Default Infinity. Only responses longer than `stallAfterBytes` use one up. */
  stallTimes?: number;
  /** The first `failTimes` GETs answer `failStatus`. */
  failTimes?: number;
  /** Status for `failTimes`. Default 503. */
  failStatus?: number;
  /** Retry-After (seconds) sent with `failTimes` and `maxConcurrentRequests` refusals. */
  retryAfterSeconds?: number;
  /**
   * Once the body bytes sent for this resource since it was registered reach this number, the resource
   * becomes `changedBody` with a new ETag (same weak/strong kind; none if it had none) and a Last-Modified
   * one day later (none if it had none). Responses already streaming finish with the old bytes; later
   * responses, HEAD included, serve the new version and If-Range/If-Match compare against its validators.
   */
  changeAfterBytes?: number;
  /** The body after the change. Default: the original body with every byte inverted (same length). */
  changedBody?: Buffer;
  /**
   * 206 responses claim a Content-Range shifted by +1 (`bytes a+1-b+1/total`, total raised to b+2 when
   * needed so the header stays well-formed) while the body and Content-Length are what was asked.
   */
  wrongContentRange?: boolean;
  /**
   * `'short'`: Content-Length declares 1024 bytes more than the body, the whole body is sent, then the
   * socket is destroyed. `'long'`: Content-Length is honest but 1024 extra bytes follow the body, then the
   * socket is destroyed. Applies to 200 and 206; HEAD mirrors the declared length.
   */
  contentLengthMismatch?: 'short' | 'long';
  /** 200 without Content-Length (Transfer-Encoding: chunked), HEAD without a length, no Accept-Ranges, Range ignored. */
  chunked?: boolean;
  /** HEAD answers this status with no body (405 also gets `Allow: GET`). */
  headStatus?: number;
  /** HEAD reports these values instead of the real ones; GET stays honest. */
  headLies?: { contentLength?: number; acceptRanges?: boolean; withoutValidators?: boolean };
  /** GET requests after the first N (of any outcome) answer 403, e.g. "403 on resume" is N = 1 plus a cut. */
  forbidAfterRequests?: number;
  /** Paces every 200/206 body at this rate, in small chunks on a timer. */
  throttleBytesPerSecond?: number;
  /** Paces only the first N 200/206 bodies at this rate (overrides throttleBytesPerSecond for them): one laggard connection. */
  slowFirstResponses?: { count: number; bytesPerSecond: number };
  /** GETs arriving while this many GETs of the resource are already being served answer `refuseStatus`. */
  maxConcurrentRequests?: number;
  /** Status for `maxConcurrentRequests` refusals. Default 503. */
  refuseStatus?: number;
  /** A Range GET gets 200 with the full body, while HEAD and GET both claim `Accept-Ranges: bytes`. */
  rangeAnswers200?: boolean;
}

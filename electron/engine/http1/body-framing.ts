// Runtime: Node (engine). How an HTTP/1.x response body is delimited (RFC 9112 §6.3).
import { DownloadError } from '../errors';
import type { ResponseHead } from './response-head';

export type BodyFraming =
  /** No body at all: HEAD, 1xx, 204 and 304. */
  | { kind: 'none' }
  | { kind: 'length'; byteLength: number }
  | { kind: 'chunked' }
  /** The body runs until the server closes the connection. */
  | { kind: 'until-close' };

export interface FramingDecision {
  framing: BodyFraming;
  /** Whether the connection may carry another request once this body has been read in full. */
  isReusable: boolean;
}

/** Decides the framing; throws DL_ERR_NETWORK for framing that could be read two ways (a smuggling risk). */
export function decideBodyFraming(head: ResponseHead, requestMethod: string): FramingDecision {
  const connectionTokens = (head.headers['connection'] ?? '').toLowerCase().split(',').map((token) => token.trim());
  const canKeepAlive = head.minorVersion === 1 ? !connectionTokens.includes('close') : connectionTokens.includes('keep-alive');
  if (requestMethod === 'HEAD' || head.status === 204 || head.status === 304 || (head.status >= 100 && head.status < 200)) {
    return { framing: { kind: 'none' }, isReusable: canKeepAlive };
  }
  const transferEncoding = head.headers['transfer-encoding'];
  if (transferEncoding !== undefined) {
    const codings = transferEncoding.toLowerCase().split(',').map((coding) => coding.trim());
    if (codings.at(-1) === 'chunked') {
      // With Content-Length also present the message is suspect: read it as chunked, then drop the connection.
      return { framing: { kind: 'chunked' }, isReusable: canKeepAlive && head.headers['content-length'] === undefined };
    }
    return { framing: { kind: 'until-close' }, isReusable: false };
  }
  const contentLength = head.headers['content-length'];
  if (contentLength !== undefined) {
    // Repeated fields arrive joined with ", "; identical repeats are harmless, differing ones are not.
    const values = new Set(contentLength.split(',').map((value) => value.trim()));
    const [only] = values;
    if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
      throw new DownloadError('DL_ERR_NETWORK', `The server sent an invalid Content-Length (${contentLength}).`, { retryable: true });
    }
    return { framing: { kind: 'length', byteLength: Number(only) }, isReusable: canKeepAlive };
  }
  return { framing: { kind: 'until-close' }, isReusable: false };
}

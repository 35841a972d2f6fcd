// Runtime: Node (engine). Parses an HTTP/1.x response head: the status line and the header fields.
import { DownloadError } from '../errors';

/** A head larger than this is refused: no file server needs it, and it bounds the memory one response can take. */
export const MAX_RESPONSE_HEAD_BYTES = 64 * 1024;

export interface ResponseHead {
  /** 1 for HTTP/1.1, 0 for HTTP/1.0. */
  minorVersion: number;
  status: number;
  /** Lower-case names; repeated fields are joined with ", " as RFC 9110 allows for list fields. */
  headers: Record<string, string>;
  /** Bytes the head took in the buffer, including the blank line that ends it. */
  headByteLength: number;
}

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/;
/** RFC 9110 token characters: a field name made of anything else could smuggle a second header. */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values may hold visible characters, spaces and tabs, and obsolete text (bytes 0x80–0xFF), never controls. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Parses the head at the start of `buffer[0, byteLength)`. Returns null while the blank line that ends it has
 * not arrived. Throws DL_ERR_NETWORK when the head is malformed or larger than MAX_RESPONSE_HEAD_BYTES.
 */
export function parseResponseHead(buffer: Buffer, byteLength: number): ResponseHead | null {
  const end = findHeadEnd(buffer, byteLength);
  if (end === null) {
    if (byteLength >= MAX_RESPONSE_HEAD_BYTES) throw malformed(`its header is larger than ${MAX_RESPONSE_HEAD_BYTES} bytes`);
    return null;
  }
  // latin1 keeps every byte as one character, so obsolete text in values survives and lengths stay exact.
  const lines = buffer.toString('latin1', 0, end.textEnd).split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const statusMatch = STATUS_LINE.exec(lines[0] ?? '');
  if (statusMatch === null) throw malformed('its status line is not HTTP/1.x');
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    if (line.startsWith(' ') || line.startsWith('\t')) throw malformed('it folds a header over several lines');
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!FIELD_NAME.test(name)) throw malformed('a header has an invalid name');
    const value = line.slice(colon + 1).trim();
    if (!FIELD_VALUE.test(value)) throw malformed(`the ${name} header holds control characters`);
    const key = name.toLowerCase();
    const previous = headers[key];
    headers[key] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return { minorVersion: Number(statusMatch[1]), status: Number(statusMatch[2]), headers, headByteLength: end.headByteLength };
}

/** Finds the blank line: CRLF CRLF, or bare LF LF as lenient parsers (curl, llhttp) also accept. */
function findHeadEnd(buffer: Buffer, byteLength: number): { textEnd: number; headByteLength: number } | null {
  let lineFeed = buffer.indexOf(0x0a);
  while (lineFeed !== -1 && lineFeed < byteLength) {
    const next = lineFeed + 1;
    if (next < byteLength && buffer[next] === 0x0a) return { textEnd: lineFeed, headByteLength: next + 1 };
    if (next + 1 < byteLength && buffer[next] === 0x0d && buffer[next + 1] === 0x0a) return { textEnd: lineFeed, headByteLength: next + 2 };
    lineFeed = buffer.indexOf(0x0a, next);
  }
  return null;
}

function malformed(reason: string): DownloadError {
  return new DownloadError('DL_ERR_NETWORK', `The server sent a malformed response: ${reason}.`, { retryable: true });
}

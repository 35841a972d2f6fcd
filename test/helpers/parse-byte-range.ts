// Runtime: Node (tests only). RFC 9110 §14.2 single byte-range parsing, as the fault server applies it.

/** What a server should do with a Range header for a representation of a given size. */
export type ByteRangeDecision =
  /** No usable Range (absent, malformed, another unit, or several ranges): send 200 with the full body. */
  | { kind: 'full' }
  /** Send 206 with bytes `startByte`..`endByte`, both inclusive. */
  | { kind: 'partial'; startByte: number; endByte: number }
  /** Send 416 with `Content-Range: bytes *\/total`. */
  | { kind: 'unsatisfiable' };

const SINGLE_BYTE_RANGE = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/** Decides how to answer `rangeHeader` (null when absent) for a body of `totalBytes`. */
export function parseByteRange(rangeHeader: string | null, totalBytes: number): ByteRangeDecision {
  if (rangeHeader === null) return { kind: 'full' };
  const match = SINGLE_BYTE_RANGE.exec(rangeHeader);
  if (!match) return { kind: 'full' };
  const firstText = match[1] ?? '';
  const lastText = match[2] ?? '';
  if (firstText === '' && lastText === '') return { kind: 'full' };

  if (firstText === '') {
    const suffixLength = Number(lastText);
    if (suffixLength === 0 || totalBytes === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', startByte: Math.max(0, totalBytes - suffixLength), endByte: totalBytes - 1 };
  }

  const firstByte = Number(firstText);
  const lastByte = lastText === '' ? Infinity : Number(lastText);
  // A range whose last position is before its first is invalid syntax, which a server ignores.
  if (lastByte < firstByte) return { kind: 'full' };
  if (firstByte >= totalBytes) return { kind: 'unsatisfiable' };
  return { kind: 'partial', startByte: firstByte, endByte: Math.min(lastByte, totalBytes - 1) };
}

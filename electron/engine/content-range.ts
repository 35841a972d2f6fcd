// Runtime: Node (engine). Reading Content-Range, the header that proves which bytes a 206 carries.

export interface ContentRange {
  firstByte: number;
  /** Inclusive. */
  lastByte: number;
  /** Null when the server sent `*`. */
  totalBytes: number | null;
}

/** Parses `bytes a-b/total` (or `bytes a-b/*`); returns null for anything else, including `bytes * /total`. */
export function parseContentRange(value: string | undefined): ContentRange | null {
  if (value === undefined) return null;
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value);
  if (match === null) return null;
  const firstByte = Number(match[1]);
  const lastByte = Number(match[2]);
  const totalBytes = match[3] === '*' ? null : Number(match[3]);
  if (!Number.isSafeInteger(firstByte) || !Number.isSafeInteger(lastByte) || lastByte < firstByte) return null;
  if (totalBytes !== null && (!Number.isSafeInteger(totalBytes) || lastByte >= totalBytes)) return null;
  return { firstByte, lastByte, totalBytes };
}

/** Reads the total from an unsatisfied-range answer: `bytes * /total`. */
export function parseUnsatisfiedRangeTotal(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*bytes\s+\*\/(\d+)\s*$/i.exec(value);
  return match === null ? null : Number(match[1]);
}

/** Parses a Content-Length header; null when absent or malformed. */
export function parseContentLength(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  const length = Number(value.trim());
  return Number.isSafeInteger(length) ? length : null;
}

// Runtime: Node (tests only). RFC 9110 §13.1 precondition checks for If-Range and If-Match.

/** The validators a response carries; null means the header is not sent. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"/g;

/**
 * True when `ifRange` still names the current representation, so the Range applies.
 * An entity tag must match a strong ETag exactly (weak tags never match); a date must equal Last-Modified.
 */
export function isIfRangeSatisfied(ifRange: string, validators: Validators): boolean {
  const value = ifRange.trim();
  if (value.startsWith('W/')) return false;
  if (value.startsWith('"')) return isStrongMatch(value, validators.etag);
  if (validators.lastModified === null) return false;
  const requestedMs = Date.parse(value);
  return !Number.isNaN(requestedMs) && requestedMs === Date.parse(validators.lastModified);
}

/** True when the If-Match list (or `*`) allows the request, using strong comparison as RFC 9110 requires. */
export function isIfMatchSatisfied(ifMatch: string, validators: Validators): boolean {
  if (ifMatch.trim() === '*') return true;
  const candidates = ifMatch.match(ENTITY_TAG) ?? [];
  return candidates.some((candidate) => isStrongMatch(candidate, validators.etag));
}

function isStrongMatch(candidate: string, etag: string | null): boolean {
  return etag !== null && !etag.startsWith('W/') && !candidate.startsWith('W/') && candidate === etag;
}

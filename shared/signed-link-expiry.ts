// Runtime: any (main process, web host, renderer). Reads expiry times that signed links carry in their query.

/** The signing scheme an expiry was read from. */
export type SignedLinkProvider = 'aws' | 'gcs' | 'azure' | 'cloudfront';

/** When a signed link stops working, as stated by the link itself. */
export interface LinkExpiry {
  readonly provider: SignedLinkProvider;
  /** Unix epoch milliseconds. */
  readonly expiresAtMs: number;
}

/** Extra time, on top of the ETA, that a link must still have left to count as safe, in milliseconds. */
export const EXPIRY_SAFETY_MARGIN_MS = 30_000;
/** ETAs swing with the network; the ETA is stretched by this factor before comparing. */
export const EXPIRY_ETA_STRETCH_FACTOR = 1.2;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Finds the expiry a signed link carries, if it is one of: AWS Signature V4
 * (`X-Amz-Date` + `X-Amz-Expires`), AWS Signature V2 (`Expires` + `AWSAccessKeyId`), Google Cloud
 * Storage V4 (`X-Goog-Date` + `X-Goog-Expires`) or V2 (`Expires` + `GoogleAccessId`), Azure SAS
 * (`se` + `sig`) or CloudFront (`Expires`, or a `Policy` with `DateLessThan`, + `Signature` +
 * `Key-Pair-Id`). Parameter names are matched case-insensitively; malformed values yield null.
 *
 * AWS and Google check the expiry when a request starts, so a transfer already running survives
 * it, but any retry or new segment after it fails.
 */
export function detectLinkExpiry(url: string): LinkExpiry | null {
  const params = readQueryParams(url);
  if (params === null) return null;
  const has = (name: string): boolean => params.has(name);
  const get = (name: string): string => params.get(name) ?? '';

  if (has('x-amz-date') && has('x-amz-expires')) {
    return withProvider('aws', addSeconds(parseCompactIsoDate(get('x-amz-date')), get('x-amz-expires')));
  }
  if (has('x-goog-date') && has('x-goog-expires')) {
    return withProvider('gcs', addSeconds(parseCompactIsoDate(get('x-goog-date')), get('x-goog-expires')));
  }
  if (has('signature') && has('key-pair-id')) {
    const expiresAtMs = has('expires') ? parseUnixSeconds(get('expires')) : parseCloudFrontPolicy(get('policy'));
    return withProvider('cloudfront', expiresAtMs);
  }
  if (has('expires') && has('awsaccesskeyid')) return withProvider('aws', parseUnixSeconds(get('expires')));
  if (has('expires') && has('googleaccessid')) return withProvider('gcs', parseUnixSeconds(get('expires')));
  if (has('se') && has('sig')) return withProvider('azure', parseIsoDate(get('se')));
  return null;
}

/**
 * A short phrase for the UI: "link expires in 14 min", "link expired 3 min ago". Minutes below
 * 90 minutes, hours up to 48 hours, days beyond. Always rounded down, so the time left is never
 * overstated.
 *
 * @param expiresAtMs Unix epoch milliseconds.
 * @param nowMs Unix epoch milliseconds.
 */
export function describeLinkExpiry(expiresAtMs: number, nowMs: number): string {
  const remainingMs = expiresAtMs - nowMs;
  if (remainingMs > 0) {
    return remainingMs < MINUTE_MS ? 'link expires in less than a minute' : `link expires in ${describeSpan(remainingMs)}`;
  }
  const elapsedMs = -remainingMs;
  return elapsedMs < MINUTE_MS ? 'link expired less than a minute ago' : `link expired ${describeSpan(elapsedMs)} ago`;
}

/**
 * Whether the link will probably stop working before the download finishes: it has expired, or
 * the ETA, stretched by {@link EXPIRY_ETA_STRETCH_FACTOR} plus {@link EXPIRY_SAFETY_MARGIN_MS},
 * reaches past the expiry. With no usable ETA only an expired link counts.
 *
 * @param expiresAtMs Unix epoch milliseconds.
 * @param nowMs Unix epoch milliseconds.
 * @param etaSeconds Estimated seconds left; null (or not finite) when unknown.
 */
export function isLikelyToExpireBeforeFinish(expiresAtMs: number, nowMs: number, etaSeconds: number | null): boolean {
  const remainingMs = expiresAtMs - nowMs;
  if (remainingMs <= 0) return true;
  if (etaSeconds === null || !Number.isFinite(etaSeconds) || etaSeconds < 0) return false;
  return etaSeconds * 1000 * EXPIRY_ETA_STRETCH_FACTOR + EXPIRY_SAFETY_MARGIN_MS > remainingMs;
}

function describeSpan(spanMs: number): string {
  if (spanMs < 90 * MINUTE_MS) return `${Math.floor(spanMs / MINUTE_MS)} min`;
  if (spanMs < 48 * HOUR_MS) return `${Math.floor(spanMs / HOUR_MS)} h`;
  return `${Math.floor(spanMs / DAY_MS)} days`;
}

// Lowercased names; the first occurrence of a name wins.
function readQueryParams(url: string): Map<string, string> | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    // Not a URL, so not a signed link either.
    if (!(error instanceof TypeError)) throw error;
    return null;
  }
  const params = new Map<string, string>();
  for (const [name, value] of parsed.searchParams) {
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

function withProvider(provider: SignedLinkProvider, expiresAtMs: number | null): LinkExpiry | null {
  return expiresAtMs === null ? null : { provider, expiresAtMs };
}

function addSeconds(startMs: number | null, seconds: string): number | null {
  if (startMs === null || !/^\d{1,9}$/.test(seconds)) return null;
  return startMs + Number(seconds) * 1000;
}

function parseUnixSeconds(text: string): number | null {
  return /^\d{1,12}$/.test(text) ? Number(text) * 1000 : null;
}

// `20250101T120000Z`, the basic ISO 8601 form AWS and Google sign with.
function parseCompactIsoDate(text: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return buildUtcMs(year, month, day, hour, minute, second, 0);
}

// Azure accepts `2025-01-01`, `2025-01-01T12:00Z`, `2025-01-01T12:00:00Z`, fractions and offsets.
function parseIsoDate(text: string): number | null {
  // An unencoded "+01:00" reaches us as " 01:00", because "+" in a query means a space.
  const normalized = text.replace(/ (?=\d{2}:?\d{2}$)/, '+');
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(normalized);
  if (match === null) return null;
  const [, year, month, day, hour = 0, minute = 0, second = 0] = match.slice(0, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const zone = match[7];
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return buildUtcMs(year, month, day, hour, minute, second, offsetMinutes);
}

function buildUtcMs(
  year: number | undefined,
  month: number | undefined,
  day: number | undefined,
  hour: number | undefined,
  minute: number | undefined,
  second: number | undefined,
  offsetMinutes: number,
): number | null {
  if (year === undefined || month === undefined || day === undefined) return null;
  if (hour === undefined || minute === undefined || second === undefined) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2025-02-30 over into March; a real signer never produces that.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() - offsetMinutes * MINUTE_MS;
}

// CloudFront custom policies are base64 JSON with "+=/" replaced by "-_~".
function parseCloudFrontPolicy(policy: string): number | null {
  if (policy === '' || !/^[A-Za-z0-9\-_~]+$/.test(policy)) return null;
  let statement: unknown;
  try {
    statement = JSON.parse(atob(policy.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/')));
  } catch (error) {
    // Not base64 (DOMException) or not JSON (SyntaxError): a policy we cannot read has no known expiry.
    if (!(error instanceof SyntaxError) && !(error instanceof DOMException)) throw error;
    return null;
  }
  const epochSeconds = readPath(statement, ['Statement', 0, 'Condition', 'DateLessThan', 'AWS:EpochTime']);
  return typeof epochSeconds === 'number' && Number.isInteger(epochSeconds) && epochSeconds > 0 ? epochSeconds * 1000 : null;
}

function readPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

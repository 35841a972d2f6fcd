// Runtime: Node (engine). Pure parsing of checksums typed by users or announced by servers.

/** Hash algorithms a download can be verified with. */
export type ChecksumAlgorithm = 'sha256' | 'md5';

/** An expected digest of the whole file. */
export interface ChecksumSpec {
  readonly algorithm: ChecksumAlgorithm;
  /** Lowercase hex digits: 64 for sha256, 32 for md5. */
  readonly hex: string;
}

/** The outcome of reading a user's checksum; `message` is a sentence for the user. */
export type ChecksumSpecParseResult =
  | { readonly ok: true; readonly spec: ChecksumSpec }
  | { readonly ok: false; readonly message: string };

/** Digest length of each algorithm, in bytes. */
export const CHECKSUM_DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = { sha256: 32, md5: 16 };

// A Map, so that names like "constructor" cannot reach Object.prototype.
const ALGORITHM_BY_NAME: ReadonlyMap<string, ChecksumAlgorithm> = new Map([
  ['sha256', 'sha256'],
  ['sha-256', 'sha256'],
  ['md5', 'md5'],
]);

const EXAMPLE = 'sha256:<64 hex digits> or md5:<32 hex digits>';

/**
 * Reads a checksum the way users paste it: `sha256:HEX` or `md5:HEX`, the algorithm in any case
 * (`SHA-256:` works too) and the hex digits in any case. A bare run of 64 or 32 hex digits is
 * read as sha256 or md5 because the length leaves no doubt. Surrounding whitespace is ignored.
 */
export function parseChecksumSpec(input: string): ChecksumSpecParseResult {
  const trimmed = input.trim();
  if (trimmed === '') return failure(`Enter a checksum like ${EXAMPLE}.`);

  const colon = trimmed.indexOf(':');
  if (colon === -1) {
    const algorithm = guessAlgorithmFromHex(trimmed);
    if (algorithm !== null) return { ok: true, spec: { algorithm, hex: trimmed.toLowerCase() } };
    return failure(`A checksum needs an algorithm and a value, like ${EXAMPLE}.`);
  }

  const name = trimmed.slice(0, colon).trim();
  const hex = trimmed.slice(colon + 1).trim().toLowerCase();
  const algorithm = ALGORITHM_BY_NAME.get(name.toLowerCase());
  if (algorithm === undefined) {
    return failure(
      name === ''
        ? `The checksum is missing its algorithm; write it like ${EXAMPLE}.`
        : `“${shorten(name)}” checksums are not supported; use sha256 or md5.`,
    );
  }
  const expectedDigits = CHECKSUM_DIGEST_BYTES[algorithm] * 2;
  if (hex === '') return failure(`The ${algorithm} checksum is empty; it needs ${expectedDigits} hex digits.`);
  if (!/^[0-9a-f]+$/.test(hex)) {
    return failure(`The ${algorithm} checksum may contain only the hex digits 0–9 and a–f.`);
  }
  if (hex.length !== expectedDigits) {
    const article = algorithm === 'md5' ? 'An' : 'A';
    return failure(`${article} ${algorithm} checksum has ${expectedDigits} hex digits, but this one has ${hex.length}.`);
  }
  return { ok: true, spec: { algorithm, hex } };
}

/**
 * Finds the digest a server announces for the whole representation, preferring sha256 over md5:
 * `Repr-Digest` (RFC 9530, `sha-256=:BASE64:`), then `Digest` (RFC 3230, `SHA-256=BASE64`),
 * then `Content-MD5` (BASE64). Unknown algorithms and malformed values are ignored.
 *
 * These headers describe the full file only on a `200` response to GET or HEAD. On a `206`
 * the `Digest` and `Content-MD5` of some servers cover just the range sent, so callers must not
 * pass the headers of a partial response. `Content-Digest` is not read: it covers the bytes as
 * encoded on the wire, which differ from the file under `Content-Encoding`.
 *
 * @param headers Response headers; names in any case, repeated headers as arrays.
 * @returns The preferred digest, or null when none is usable.
 */
export function checksumFromHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): ChecksumSpec | null {
  const reprDigest = readDigestMembers(readHeader(headers, 'repr-digest'), 'structured');
  const digest = readDigestMembers(readHeader(headers, 'digest'), 'rfc3230');
  const contentMd5 = readHeader(headers, 'content-md5');

  for (const algorithm of ['sha256', 'md5'] as const) {
    for (const members of [reprDigest, digest]) {
      const spec = specFromBase64(algorithm, members.get(algorithm));
      if (spec !== null) return spec;
    }
  }
  return specFromBase64('md5', contentMd5?.trim());
}

/** Writes a checksum as `sha256:hex` or `md5:hex`, the form stored with a download. */
export function formatChecksumSpec(spec: ChecksumSpec): string {
  return `${spec.algorithm}:${spec.hex.toLowerCase()}`;
}

function failure(message: string): ChecksumSpecParseResult {
  return { ok: false, message };
}

function guessAlgorithmFromHex(text: string): ChecksumAlgorithm | null {
  if (!/^[0-9a-f]+$/i.test(text)) return null;
  if (text.length === CHECKSUM_DIGEST_BYTES.sha256 * 2) return 'sha256';
  if (text.length === CHECKSUM_DIGEST_BYTES.md5 * 2) return 'md5';
  return null;
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function readHeader(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  // Repeated fields combine into one comma-separated list (RFC 9110 §5.3).
  return values.length === 0 ? undefined : values.join(', ');
}

// Maps each known algorithm to its raw base64 value; the first occurrence of an algorithm wins.
function readDigestMembers(value: string | undefined, syntax: 'structured' | 'rfc3230'): Map<ChecksumAlgorithm, string> {
  const members = new Map<ChecksumAlgorithm, string>();
  if (value === undefined) return members;
  for (const member of value.split(',')) {
    // Structured-field parameters (`;foo=bar`) carry nothing we use.
    const [pair = ''] = member.split(';');
    const equals = pair.indexOf('=');
    if (equals === -1) continue;
    const algorithm = ALGORITHM_BY_NAME.get(pair.slice(0, equals).trim().toLowerCase());
    if (algorithm === undefined || members.has(algorithm)) continue;
    const raw = pair.slice(equals + 1).trim();
    if (syntax === 'rfc3230') {
      members.set(algorithm, raw);
    } else if (/^:[^:]*:$/.test(raw)) {
      members.set(algorithm, raw.slice(1, -1));
    }
  }
  return members;
}

function specFromBase64(algorithm: ChecksumAlgorithm, base64: string | undefined): ChecksumSpec | null {
  if (base64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 === 1) return null;
  const digest = Buffer.from(base64, 'base64');
  if (digest.length !== CHECKSUM_DIGEST_BYTES[algorithm]) return null;
  return { algorithm, hex: digest.toString('hex') };
}

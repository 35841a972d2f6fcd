// Runtime: Node (engine). Pure functions; the only I/O is what callers pass in through `isTaken`.
import path from 'node:path';
import contentDisposition from 'content-disposition';

/** The longest file name, in UTF-8 bytes, that ext4, APFS and NTFS all accept. */
export const MAX_FILE_NAME_BYTES = 255;

/** The name used when nothing better can be derived from the response. */
export const DEFAULT_FILE_NAME = 'download';

// Illegal on Windows (<>:"/\|?*) or anywhere (C0 controls, DEL), plus C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*]/g;
// Bidi overrides and invisible format characters let "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
// ZWJ and ZWNJ (U+200C, U+200D) stay: Persian, Indic scripts and emoji sequences need them.
const DECEPTIVE_CHARACTERS = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Windows also ignores spaces before the extension, so "CON .txt" opens the console too.
const WINDOWS_RESERVED_NAME = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³]) *(?:\..*)?$/i;
const COMPOUND_EXTENSION = /\.tar\.(?:gz|bz2|xz|zst|lz|lz4|lzma|lzo|z|br|sz)$/i;
// "Mr. Smith goes to Washington" has no extension; ".pdf", ".tar" and ".7z" do.
const PLAIN_EXTENSION = /\.[^.\s]{1,16}$/u;

// Created on first use: building a segmenter loads ICU's break data, about 20 ms that every CLI start would pay
// although only names over 255 bytes need it.
let graphemeSegmenter: Intl.Segmenter | null = null;

// A Map, so that a Content-Type of "constructor" cannot reach Object.prototype.
const EXTENSION_BY_CONTENT_TYPE: ReadonlyMap<string, string> = new Map([
  ['text/html', '.html'],
  ['application/xhtml+xml', '.html'],
  ['text/plain', '.txt'],
  ['text/csv', '.csv'],
  ['text/css', '.css'],
  ['text/javascript', '.js'],
  ['application/javascript', '.js'],
  ['application/json', '.json'],
  ['application/xml', '.xml'],
  ['text/xml', '.xml'],
  ['application/pdf', '.pdf'],
  ['application/zip', '.zip'],
  ['application/x-zip-compressed', '.zip'],
  ['application/gzip', '.gz'],
  ['application/x-gzip', '.gz'],
  ['application/x-tar', '.tar'],
  ['application/x-7z-compressed', '.7z'],
  ['application/vnd.rar', '.rar'],
  ['application/x-rar-compressed', '.rar'],
  ['application/x-xz', '.xz'],
  ['application/x-bzip2', '.bz2'],
  ['application/x-msdownload', '.exe'],
  ['application/x-apple-diskimage', '.dmg'],
  ['application/vnd.debian.binary-package', '.deb'],
  ['application/x-iso9660-image', '.iso'],
  ['image/png', '.png'],
  ['image/jpeg', '.jpg'],
  ['image/gif', '.gif'],
  ['image/webp', '.webp'],
  ['image/svg+xml', '.svg'],
  ['audio/mpeg', '.mp3'],
  ['audio/ogg', '.ogg'],
  ['video/mp4', '.mp4'],
  ['video/webm', '.webm'],
  // Says nothing about the content, so claiming an extension would be a guess.
  ['application/octet-stream', ''],
]);

/** What `chooseFileName` may look at; header values are passed as received. */
export interface FileNameSources {
  /** The raw `Content-Disposition` header, if any. */
  contentDisposition?: string | null;
  /** Where the request ended after redirects. */
  finalUrl: string;
  /** The URL the user added. */
  originalUrl: string;
  /** The raw `Content-Type` header, if any; parameters such as `charset` are ignored. */
  contentType?: string | null;
}

/**
 * Turns an untrusted name into one that is safe to create inside the download folder on Windows,
 * macOS and Linux: no directory parts, no characters any of them rejects or that disguise the
 * extension, no trailing dots or spaces, no Windows device names, NFC-normalized and at most
 * {@link MAX_FILE_NAME_BYTES} UTF-8 bytes with the extension kept. Dot files such as `.bashrc`
 * are allowed; names made only of dots are not.
 *
 * @param raw Any string, for example a `Content-Disposition` file name or a URL path segment.
 * @param fallback Used when nothing usable is left; sanitized too. Defaults to `download`.
 * @returns A non-empty file name.
 */
export function sanitizeFileName(raw: string, fallback: string = DEFAULT_FILE_NAME): string {
  return sanitizeOrNull(raw) ?? sanitizeOrNull(fallback) ?? DEFAULT_FILE_NAME;
}

/**
 * Picks the local name for a download, in the order browsers use: the `Content-Disposition`
 * file name (`filename*` wins over `filename`), then the last non-empty path segment of the
 * final URL, then of the original URL, then `download` with an extension guessed from the
 * content type. Every candidate goes through {@link sanitizeFileName}, and one that sanitizes
 * to nothing (such as `..`) is skipped rather than turned into the fallback.
 *
 * A malformed `Content-Disposition` never throws: a lenient reading is tried, then the URLs.
 */
export function chooseFileName(sources: FileNameSources): string {
  const candidates = [
    () => readContentDispositionFileName(sources.contentDisposition),
    () => readLastPathSegment(sources.finalUrl),
    () => readLastPathSegment(sources.originalUrl),
  ];
  for (const readCandidate of candidates) {
    const candidate = readCandidate();
    const safeName = candidate === null ? null : sanitizeOrNull(candidate);
    if (safeName !== null) return safeName;
  }
  return sanitizeFileName(DEFAULT_FILE_NAME + guessExtension(sources.contentType));
}

/**
 * Finds the first name that is not taken: `name`, then `name (1).ext`, `name (2).ext` and so on.
 * Compound extensions stay together (`archive (1).tar.gz`), and the stem is shortened so every
 * candidate stays within {@link MAX_FILE_NAME_BYTES}.
 *
 * `isTaken` should compare the way the target file system does (case-insensitively on Windows
 * and default macOS volumes). The answer can go stale before the file is created, so create it
 * with an exclusive flag (`wx`) and call again on `EEXIST`.
 *
 * @param name A name from {@link sanitizeFileName}.
 * @param isTaken Whether a candidate already exists (or is reserved by another download).
 * @param maxTries How many numbered candidates to try after `name` itself. Defaults to 10,000.
 * @throws {Error} When every candidate is taken.
 */
export function findFreeFileName(
  name: string,
  isTaken: (candidate: string) => boolean,
  maxTries = 10_000,
): string {
  if (!isTaken(name)) return name;
  const { stem, extension } = splitExtension(name);
  // The stem only needs cutting again when the number gains a digit.
  let stemBudgetBytes = -1;
  let fittingStem = stem;
  for (let attempt = 1; attempt <= maxTries; attempt += 1) {
    const suffix = ` (${attempt})${extension}`;
    const budgetBytes = MAX_FILE_NAME_BYTES - utf8Length(suffix);
    if (budgetBytes !== stemBudgetBytes) {
      stemBudgetBytes = budgetBytes;
      fittingStem = truncateUtf8(stem, budgetBytes);
    }
    const candidate = fittingStem + suffix;
    if (!isTaken(candidate)) return candidate;
  }
  throw new Error(`No free file name like “${name}” was found after ${maxTries} tries.`);
}

/**
 * Whether `candidatePath` lies strictly inside `directory` (the directory itself does not count).
 * Both are resolved against the working directory; symlinks are not followed, so pass a
 * `realpath`ed directory when it may contain links.
 *
 * @param pathApi `node:path` by default; pass `path.win32` or `path.posix` to judge another platform's paths.
 */
export function isInsideDirectory(
  directory: string,
  candidatePath: string,
  pathApi: path.PlatformPath = path,
): boolean {
  const relative = pathApi.relative(pathApi.resolve(directory), pathApi.resolve(candidatePath));
  if (relative === '' || pathApi.isAbsolute(relative)) return false;
  return relative !== '..' && !relative.startsWith(`..${pathApi.sep}`);
}

function sanitizeOrNull(raw: string): string | null {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).findLast((segment) => segment.trim() !== '') ?? '';
  let name = lastSegment
    .replace(LONE_SURROGATES, '')
    .replace(FORBIDDEN_CHARACTERS, '')
    .replace(DECEPTIVE_CHARACTERS, '')
    .trimStart();
  name = trimTrailingDotsAndSpaces(name);
  if (name === '') return null;
  if (WINDOWS_RESERVED_NAME.test(name)) name = `_${name}`;
  name = trimTrailingDotsAndSpaces(capFileNameBytes(name));
  return name === '' ? null : name;
}

// Windows silently drops trailing dots and spaces, so "a.txt." and "a.txt" would collide.
function trimTrailingDotsAndSpaces(name: string): string {
  return name.replace(/[\s.]+$/u, '');
}

function capFileNameBytes(name: string): string {
  if (utf8Length(name) <= MAX_FILE_NAME_BYTES) return name;
  const { stem, extension } = splitExtension(name);
  return truncateUtf8(stem, MAX_FILE_NAME_BYTES - utf8Length(extension)) + extension;
}

function splitExtension(name: string): { stem: string; extension: string } {
  const match = COMPOUND_EXTENSION.exec(name) ?? PLAIN_EXTENSION.exec(name);
  // A leading dot marks a hidden file (".bashrc"), not an extension.
  if (match === null || match.index === 0 || /^\.*$/.test(name.slice(0, match.index))) {
    return { stem: name, extension: '' };
  }
  return { stem: name.slice(0, match.index), extension: match[0] };
}

// Cuts between grapheme clusters so "é" never loses its accent; a single cluster larger than the
// budget (hundreds of combining marks) is cut between code points instead.
function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const byGrapheme = takeWhileFits(graphemesOf(text), maxBytes);
  return byGrapheme !== '' ? byGrapheme : takeWhileFits(Array.from(text), maxBytes);
}

function graphemesOf(text: string): string[] {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(graphemeSegmenter.segment(text), ({ segment }) => segment);
}

function takeWhileFits(pieces: readonly string[], maxBytes: number): string {
  let result = '';
  let usedBytes = 0;
  for (const piece of pieces) {
    const pieceBytes = utf8Length(piece);
    if (usedBytes + pieceBytes > maxBytes) break;
    result += piece;
    usedBytes += pieceBytes;
  }
  return result;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function readContentDispositionFileName(header: string | null | undefined): string | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  let fileName: string | undefined;
  try {
    fileName = contentDisposition.parse(header).parameters['filename'];
  } catch (error) {
    // The package throws TypeError for headers outside RFC 6266; servers send plenty of those.
    if (!(error instanceof TypeError)) throw error;
    return readFileNameLeniently(header);
  }
  if (fileName === undefined) return null;
  return /filename\*\s*=/i.test(header) ? fileName : decodeUtf8Misreadings(fileName);
}

// For headers like `attachment; filename=My File.pdf;` that the strict parser rejects.
function readFileNameLeniently(header: string): string | null {
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]*)/i.exec(header)?.[1];
  const decoded = extended === undefined ? null : decodeExtendedValue(extended.trim());
  if (decoded !== null) return decoded;
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)/i.exec(header)?.[1]?.trim();
  if (plain === undefined) return null;
  const unquoted = plain.startsWith('"') ? plain.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1') : plain;
  return decodeUtf8Misreadings(unquoted);
}

function decodeExtendedValue(value: string): string | null {
  const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value.replace(/^"|"$/g, ''));
  if (match === null) return null;
  const charset = match[1]?.toLowerCase();
  const encoded = match[2] ?? '';
  if (charset === 'utf-8' || charset === 'utf8') return decodePercentLeniently(encoded);
  if (charset === 'iso-8859-1' || charset === 'latin1') {
    return encoded.replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return null;
}

// HTTP header values arrive as Latin-1 code units, but many servers put raw UTF-8 bytes in
// `filename`; re-reading them as UTF-8 is what Chromium and Firefox do when the bytes are valid UTF-8.
function decodeUtf8Misreadings(text: string): string {
  // eslint-disable-next-line no-control-regex -- the range is "all Latin-1", controls included
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  const bytes = Uint8Array.from(text, (character) => character.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    // Not valid UTF-8, so the Latin-1 reading was the intended one.
    if (!(error instanceof TypeError)) throw error;
    return text;
  }
}

function readLastPathSegment(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch (error) {
    // An unparsable URL offers no name; the next source is tried.
    if (!(error instanceof TypeError)) throw error;
    return null;
  }
  const segment = pathname.split('/').findLast((part) => part !== '');
  return segment === undefined ? null : decodePercentLeniently(segment);
}

function decodePercentLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    // A stray "%" or a broken UTF-8 sequence: decode the runs that are valid and keep the rest as typed.
    if (!(error instanceof URIError)) throw error;
    return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch (runError) {
        if (!(runError instanceof URIError)) throw runError;
        return run;
      }
    });
  }
}

function guessExtension(contentType: string | null | undefined): string {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return EXTENSION_BY_CONTENT_TYPE.get(mediaType) ?? '';
}

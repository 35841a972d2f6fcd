// Runtime: any (main process, web host, renderer). Reads the links users paste or drop.

/** Error codes of {@link parseDownloadUrl}; stable, for tests and the UI. */
export type DownloadUrlErrorCode = 'DL_ERR_INVALID_URL' | 'DL_ERR_UNSUPPORTED_SCHEME';

/** The outcome of reading one pasted link; `message` is a sentence for the user. */
export type DownloadUrlParseResult =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly code: DownloadUrlErrorCode; readonly message: string };

const SUPPORTED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);
const MAX_QUOTED_INPUT_CHARS = 80;

/**
 * Reads one link as the WHATWG URL parser does and accepts it only if it is http or https with
 * a host. Surrounding whitespace is ignored, the fragment is dropped (servers never see it), and
 * the normalized `href` is returned. Credentials (`https://user:pass@host/`) are kept.
 */
export function parseDownloadUrl(input: string): DownloadUrlParseResult {
  const trimmed = input.trim();
  if (trimmed === '') return invalid('The link is empty; paste a web address starting with http:// or https://.');

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (error) {
    // The URL constructor reports every malformed input as a TypeError; that is the answer here.
    if (!(error instanceof TypeError)) throw error;
    return invalid(`${quote(trimmed)} is not a valid web address.`);
  }

  if (!SUPPORTED_PROTOCOLS.has(url.protocol)) {
    // "localhost:8080/file" parses with the scheme "localhost:"; the user forgot "http://".
    if (/^(?:localhost|[^/:]*\.[^/:]*):\d+(?:[/?#]|$)/i.test(trimmed)) {
      return invalid(`${quote(trimmed)} is not a valid web address; start it with http:// or https://.`);
    }
    return {
      ok: false,
      code: 'DL_ERR_UNSUPPORTED_SCHEME',
      message: `Only http and https links can be downloaded (got ${url.protocol}).`,
    };
  }
  if (url.hostname === '') return invalid(`${quote(trimmed)} has no host name.`);

  url.hash = '';
  return { ok: true, url: url.href };
}

/**
 * Splits pasted or dropped text into candidate links, in order and without duplicates. Handles
 * `text/uri-list` (one link per line, `#` comment lines), links separated by whitespace, and
 * lists like `https://a/1, https://b/2`. A comma inside a link (`?ids=1,2`) is kept; a trailing
 * one is dropped. Enclosing `<…>` and quotes are removed. Candidates are not validated: pass each
 * to {@link parseDownloadUrl}.
 */
export function extractUrlCandidates(text: string): string[] {
  const candidates = new Set<string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim().startsWith('#')) continue;
    for (const token of line.split(/\s+/)) {
      // A comma followed by another scheme starts a new link even without a space after it.
      for (const piece of token.split(/,(?=[a-z][a-z\d+.-]*:\/\/)/i)) {
        const candidate = unwrap(piece.replace(/,+$/, ''));
        if (candidate !== '') candidates.add(candidate);
      }
    }
  }
  return [...candidates];
}

function invalid(message: string): DownloadUrlParseResult {
  return { ok: false, code: 'DL_ERR_INVALID_URL', message };
}

function quote(input: string): string {
  const chars = Array.from(input);
  const shown = chars.length > MAX_QUOTED_INPUT_CHARS ? `${chars.slice(0, MAX_QUOTED_INPUT_CHARS).join('')}…` : input;
  return `“${shown}”`;
}

function unwrap(piece: string): string {
  const enclosed = /^<(.*)>$/.exec(piece) ?? /^"(.*)"$/.exec(piece) ?? /^'(.*)'$/.exec(piece);
  return (enclosed?.[1] ?? piece).trim();
}

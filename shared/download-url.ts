// Runtime: any (main process, web host, renderer). Reads the links users paste or drop.

/** Error codes of {@link parseDownloadUrl}; stable, for tests and the UI. */
export type DownloadUrlErrorCode = 'DL_ERR_INVALID_URL' | 'DL_ERR_UNSUPPORTED_SCHEME';

/** The outcome of reading one pasted link; `message` is a sentence for the user. */
export type DownloadUrlParseResult =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly code: DownloadUrlErrorCode; readonly message: string };

const SUPPORTED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);
const MAX_QUOTED_INPUT_CHARS = 80;

// Whitespace, and characters a typed link never holds (RFC 3986 leaves them out and browsers percent-encode
// them), so they end a link wherever they appear: CSV quotes, <…> wrappers, markdown backticks.
const LINK_SEPARATORS = /[\s"<>`]+/;
// A scheme right after list or bracket punctuation starts a new link ("https://a/1,https://b/2", ";", "(").
// After other characters it does not, so "https://x/go?to=https://y/" and web.archive.org links stay whole.
const GLUED_LINK_START = /(?<=[,;|'()[\]{}])(?=[a-z][a-z\d+.-]*:\/\/)/i;
const LINK_START = /^[a-z][a-z\d+.-]*:\/\//i;
const LEADING_PUNCTUATION: ReadonlySet<string> = new Set([...',;.:!?|\'()[]{}']);
// Sentence and list punctuation and openers ("[label](" in markdown); a link that really ends with one of these
// is rare enough to lose it.
const TRAILING_PUNCTUATION: ReadonlySet<string> = new Set([...',;.:!?|\'([{']);
const OPENER_BY_CLOSER: ReadonlyMap<string, string> = new Map([
  [')', '('],
  [']', '['],
  ['}', '{'],
]);
const BRACKETS: ReadonlySet<string> = new Set([...'()[]{}']);

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
 * `text/uri-list` (one link per line, `#` comment lines), links separated by whitespace, lists like
 * `https://a/1, https://b/2` or `https://a/1;https://b/2`, CSV cells (`"https://a/1","https://b/2"`),
 * `<…>`, quotes, parentheses and markdown links (`[label](https://a/1)`). A comma or semicolon inside a
 * link (`?ids=1,2;c=3`) is kept; punctuation after it (`https://a/1.zip.`) is dropped, and so is a
 * closing bracket that does not close one opened inside the link. Candidates are not validated: pass
 * each to {@link parseDownloadUrl}.
 */
export function extractUrlCandidates(text: string): string[] {
  const candidates = new Set<string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim().startsWith('#')) continue;
    for (const token of line.split(LINK_SEPARATORS)) {
      const pieces = token.split(GLUED_LINK_START);
      pieces.forEach((piece, index) => {
        const candidate = trimPunctuation(piece);
        // Text glued in front of a link, like markdown's "[label](", is a label, not a link.
        const isLabel = index === 0 && pieces.length > 1 && !LINK_START.test(candidate);
        if (candidate !== '' && !isLabel) candidates.add(candidate);
      });
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

function trimPunctuation(piece: string): string {
  let start = 0;
  while (start < piece.length && LEADING_PUNCTUATION.has(piece.charAt(start))) start += 1;
  let end = piece.length;
  // Counted once and kept current, so a long run of closers costs linear time.
  const bracketCounts = new Map<string, number>();
  for (let index = start; index < end; index += 1) {
    const char = piece.charAt(index);
    if (BRACKETS.has(char)) bracketCounts.set(char, (bracketCounts.get(char) ?? 0) + 1);
  }
  while (end > start) {
    const last = piece.charAt(end - 1);
    const opener = OPENER_BY_CLOSER.get(last);
    // "https://en.wikipedia.org/wiki/Fetch_(software)" keeps its ")"; "(https://a/1.zip)" loses it.
    const isUnmatchedCloser = opener !== undefined && (bracketCounts.get(last) ?? 0) > (bracketCounts.get(opener) ?? 0);
    if (!TRAILING_PUNCTUATION.has(last) && !isUnmatchedCloser) break;
    if (BRACKETS.has(last)) bracketCounts.set(last, (bracketCounts.get(last) ?? 0) - 1);
    end -= 1;
  }
  return piece.slice(start, end);
}

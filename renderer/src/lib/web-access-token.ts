// Runtime: browser (renderer served by the web host). The web host's access token. It arrives in the fragment of
// the link the host printed, which no server ever receives, and is kept in this origin's localStorage so that a
// reload or a new tab still connects. Unlike a cookie, localStorage belongs to one port: other servers on
// 127.0.0.1 never see it.
import { WEB_SOCKET_PATH, WEB_TOKEN_PARAMETER } from '../../../shared/web-protocol';

const STORAGE_KEY = 'fetchpoint.webAccessToken';

export interface PageLocation {
  protocol: string;
  host: string;
  pathname: string;
  search: string;
  hash: string;
}

export interface TokenSources {
  location: PageLocation;
  /** Where the token is kept between page loads; null when the browser refuses storage. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Takes the token out of the address bar, so it does not stay in history or bookmarks. */
  replaceUrl: (url: string) => void;
}

/** The token from the link just opened (kept for later), or the one kept from before; null when there is none. */
export function takeWebAccessToken(sources: TokenSources): string | null {
  const fromLink = new URLSearchParams(sources.location.hash.replace(/^#/, '')).get(WEB_TOKEN_PARAMETER);
  if (fromLink !== null && fromLink !== '') {
    sources.storage?.setItem(STORAGE_KEY, fromLink);
    sources.replaceUrl(`${sources.location.pathname}${sources.location.search}`);
    return fromLink;
  }
  return sources.storage?.getItem(STORAGE_KEY) ?? null;
}

/** The contract socket's address on the page's own host, with the token in its query when there is one. */
export function buildSocketUrl(location: Pick<PageLocation, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token === null ? '' : `?${WEB_TOKEN_PARAMETER}=${encodeURIComponent(token)}`;
  return `${scheme}//${location.host}${WEB_SOCKET_PATH}${query}`;
}

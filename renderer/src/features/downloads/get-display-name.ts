// Runtime: renderer.
import type { DownloadItem } from '../../../../shared/download-types';

// Items are replaced, never mutated, when they change, so a name can be cached per item object.
const namesByItem = new WeakMap<Pick<DownloadItem, 'fileName' | 'url'>, string>();

/** The file name once known, else the last path segment of the link, else its host. */
export function getDisplayName(item: Pick<DownloadItem, 'fileName' | 'url'>): string {
  const cached = namesByItem.get(item);
  if (cached !== undefined) return cached;
  const name = computeDisplayName(item);
  namesByItem.set(item, name);
  return name;
}

function computeDisplayName(item: Pick<DownloadItem, 'fileName' | 'url'>): string {
  if (item.fileName !== null && item.fileName !== '') return item.fileName;
  let url: URL;
  try {
    url = new URL(item.url);
  } catch (error) {
    if (error instanceof TypeError) return item.url;
    throw error;
  }
  const lastSegment = url.pathname.split('/').filter((segment) => segment !== '').at(-1);
  if (lastSegment === undefined) return url.host;
  try {
    return decodeURIComponent(lastSegment);
  } catch (error) {
    // A stray "%" makes decodeURIComponent throw a URIError; the raw segment is still a fine name.
    if (error instanceof URIError) return lastSegment;
    throw error;
  }
}

// Runtime: renderer.
import type { DownloadItem } from '../../../../shared/download-types';

// Bidi overrides and isolates, directional marks and C0/C1 controls: a name holding "\u202E" would show
// "invoice\u202Efdp.exe" as "invoiceexe.pdf". They never belong in a file name, so they are removed.
const INVISIBLE_CONTROLS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

// Items are replaced, never mutated, when they change, so a name can be cached per item object.
const namesByItem = new WeakMap<Pick<DownloadItem, 'fileName' | 'url'>, string>();

/** The file name once known, else the last path segment of the link, else its host; without bidi or control characters. */
export function getDisplayName(item: Pick<DownloadItem, 'fileName' | 'url'>): string {
  const cached = namesByItem.get(item);
  if (cached !== undefined) return cached;
  const name = computeDisplayName(item);
  namesByItem.set(item, name);
  return name;
}

function computeDisplayName(item: Pick<DownloadItem, 'fileName' | 'url'>): string {
  const fileName = stripInvisibleControls(item.fileName ?? '');
  if (fileName !== '') return fileName;
  let url: URL;
  try {
    url = new URL(item.url);
  } catch (error) {
    if (error instanceof TypeError) return stripInvisibleControls(item.url);
    throw error;
  }
  const lastSegment = url.pathname.split('/').filter((segment) => segment !== '').at(-1);
  const name = lastSegment === undefined ? '' : stripInvisibleControls(decodeSegment(lastSegment));
  return name === '' ? url.host : name;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    // A stray "%" makes decodeURIComponent throw a URIError; the raw segment is still a fine name.
    if (error instanceof URIError) return segment;
    throw error;
  }
}

function stripInvisibleControls(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '');
}

// Runtime: renderer.
import type { DownloadItem } from '../../../../shared/download-types';

/** True when the item stopped because its link expired or access was refused, so a new link may save it. */
export function isLinkRefreshSuggested(item: Pick<DownloadItem, 'state' | 'error'>): boolean {
  if (item.error === null || (item.state !== 'failed' && item.state !== 'paused')) return false;
  if (item.error.code === 'DL_ERR_LINK_EXPIRED') return true;
  return item.error.code === 'DL_ERR_HTTP_STATUS' && /\bHTTP (401|403|410)\b/.test(item.error.message);
}

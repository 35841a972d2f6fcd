// Runtime: renderer. Which selected rows each bulk action applies to: a selection may mix every state, and an
// action must never reach a row it does not fit (Retry on a completed row would download it again).
import type { DownloadItem } from '../../../../shared/download-types';

export interface SelectionActionIds {
  pause: string[];
  resume: string[];
  retry: string[];
}

export function selectActionIds(items: readonly DownloadItem[]): SelectionActionIds {
  const idsIn = (...states: DownloadItem['state'][]): string[] => items.filter((item) => states.includes(item.state)).map((item) => item.id);
  return { pause: idsIn('active', 'queued'), resume: idsIn('paused', 'failed'), retry: idsIn('failed', 'canceled') };
}

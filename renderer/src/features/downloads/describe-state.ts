// Runtime: renderer. The words a row shows for its state.
import type { DownloadItem, DownloadState, PauseReason } from '../../../../shared/download-types';

/** Short names of the states, as the filter and the rows show them. */
export const STATE_LABELS: Readonly<Record<DownloadState, string>> = {
  queued: 'Queued',
  active: 'Downloading',
  paused: 'Paused',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
};

const PAUSE_REASON_LABELS: Readonly<Record<PauseReason, string>> = {
  user: 'Paused',
  'network-lost': 'Paused: offline',
  'metered-network': 'Paused: metered connection',
  'disk-full': 'Paused: disk full',
  shutdown: 'Paused at exit',
};

/** "Downloading", "Paused: offline", "Failed". */
export function describeState(item: Pick<DownloadItem, 'state' | 'pauseReason'>): string {
  if (item.state === 'paused' && item.pauseReason !== null) return PAUSE_REASON_LABELS[item.pauseReason];
  return STATE_LABELS[item.state];
}

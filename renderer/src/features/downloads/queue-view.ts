// Runtime: renderer. How the user chose to look at the queue: which states, which search words, which order.
import type { DownloadState } from '../../../../shared/download-types';

export type StateFilter = 'all' | DownloadState;
export type SortKey = 'queue' | 'name' | 'added' | 'size' | 'progress' | 'state';
export type SortDirection = 'ascending' | 'descending';

export interface QueueView {
  readonly stateFilter: StateFilter;
  /** Matched, case-insensitively, against the name and the links. */
  readonly search: string;
  readonly sortKey: SortKey;
  readonly sortDirection: SortDirection;
}

export const DEFAULT_QUEUE_VIEW: QueueView = { stateFilter: 'all', search: '', sortKey: 'queue', sortDirection: 'ascending' };

export const SORT_LABELS: Readonly<Record<SortKey, string>> = {
  queue: 'Queue order',
  name: 'Name',
  added: 'Date added',
  size: 'Size',
  progress: 'Progress',
  state: 'State',
};

// Runtime: renderer. Filters, searches and sorts the queue: pure, so it is cheap to memoize and easy to test.
import type { DownloadItem, DownloadState } from '../../../../shared/download-types';
import { getDisplayName } from './get-display-name';
import type { QueueView } from './queue-view';

const STATE_ORDER: Readonly<Record<DownloadState, number>> = {
  active: 0,
  queued: 1,
  paused: 2,
  failed: 3,
  completed: 4,
  canceled: 5,
};

const nameCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The ids to show, in order. */
export function selectVisibleIds(items: ReadonlyMap<string, DownloadItem>, view: QueueView): string[] {
  const needle = view.search.trim().toLowerCase();
  const shown: DownloadItem[] = [];
  for (const item of items.values()) {
    if (view.stateFilter !== 'all' && item.state !== view.stateFilter) continue;
    if (needle !== '' && !matchesSearch(item, needle)) continue;
    shown.push(item);
  }
  const compare = comparatorFor(view.sortKey);
  const sign = view.sortDirection === 'ascending' ? 1 : -1;
  shown.sort((a, b) => sign * compare(a, b) || a.priority - b.priority || a.createdAtMs - b.createdAtMs);
  return shown.map((item) => item.id);
}

/** How many items are in each state, for the filter's counts. */
export function countByState(items: ReadonlyMap<string, DownloadItem>): Record<DownloadState, number> {
  const counts: Record<DownloadState, number> = { queued: 0, active: 0, paused: 0, completed: 0, failed: 0, canceled: 0 };
  for (const item of items.values()) counts[item.state] += 1;
  return counts;
}

function matchesSearch(item: DownloadItem, needle: string): boolean {
  return (
    getDisplayName(item).toLowerCase().includes(needle) ||
    item.url.toLowerCase().includes(needle) ||
    (item.fetchUrl !== item.url && item.fetchUrl.toLowerCase().includes(needle))
  );
}

function comparatorFor(key: QueueView['sortKey']): (a: DownloadItem, b: DownloadItem) => number {
  switch (key) {
    case 'queue':
      return (a, b) => a.priority - b.priority;
    case 'name':
      return (a, b) => nameCollator.compare(getDisplayName(a), getDisplayName(b));
    case 'added':
      return (a, b) => a.createdAtMs - b.createdAtMs;
    case 'size':
      return (a, b) => (a.totalBytes ?? -1) - (b.totalBytes ?? -1);
    case 'progress':
      return (a, b) => fractionDone(a) - fractionDone(b);
    case 'state':
      return (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state];
  }
}

function fractionDone(item: DownloadItem): number {
  if (item.state === 'completed') return 1;
  if (item.totalBytes === null || item.totalBytes === 0) return 0;
  return item.bytesDone / item.totalBytes;
}

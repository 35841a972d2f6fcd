// Runtime: renderer.
import { useSyncExternalStore } from 'react';
import { useAppServices } from './app-services';
import type { DownloadsSnapshot } from './download-store';

/** Every item in the queue; re-renders when items are added, changed or removed, not on progress. */
export function useDownloadsSnapshot(): DownloadsSnapshot {
  const { store } = useAppServices();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

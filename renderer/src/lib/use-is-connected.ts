// Runtime: renderer.
import { useSyncExternalStore } from 'react';
import { useAppServices } from './app-services';

/** False while the web host cannot be reached; always true in Electron. */
export function useIsConnected(): boolean {
  const { store } = useAppServices();
  return useSyncExternalStore(store.subscribeConnection, store.getIsConnected);
}

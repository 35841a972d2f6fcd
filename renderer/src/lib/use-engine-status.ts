// Runtime: renderer.
import { useSyncExternalStore } from 'react';
import type { EngineStatus } from '../../../shared/download-types';
import { useAppServices } from './app-services';

/** Active and queued counts, total speed and network state; null until the engine first answers. */
export function useEngineStatus(): EngineStatus | null {
  const { store } = useAppServices();
  return useSyncExternalStore(store.subscribeStatus, store.getStatus);
}

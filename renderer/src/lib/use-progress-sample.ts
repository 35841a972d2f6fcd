// Runtime: renderer.
import { useCallback, useSyncExternalStore } from 'react';
import type { ProgressSample } from '../../../shared/download-types';
import { useAppServices } from './app-services';

/** The live progress of one item while it runs; re-renders only the component that asks for it. */
export function useProgressSample(id: string): ProgressSample | undefined {
  const { store } = useAppServices();
  const subscribe = useCallback((listener: () => void) => store.subscribeSample(id, listener), [store, id]);
  const getSample = useCallback(() => store.getSample(id), [store, id]);
  return useSyncExternalStore(subscribe, getSample);
}

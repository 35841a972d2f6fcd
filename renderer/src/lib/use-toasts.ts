// Runtime: renderer.
import { useSyncExternalStore } from 'react';
import { useAppServices } from './app-services';
import type { Toast } from './toast-store';

/** The messages on screen now. */
export function useToasts(): readonly Toast[] {
  const { toasts } = useAppServices();
  return useSyncExternalStore(toasts.subscribe, toasts.getSnapshot);
}

// Runtime: renderer. What every feature needs, provided once by the app root.
import { createContext, useContext } from 'react';
import type { FetchpointApi } from '../../../shared/ipc-contract';
import type { DownloadStore } from './download-store';
import type { ToastStore } from './toast-store';

export interface AppServices {
  api: FetchpointApi;
  store: DownloadStore;
  toasts: ToastStore;
}

export const AppServicesContext = createContext<AppServices | null>(null);

/** The services of the surrounding app; throws when used outside of it, which is a programming error. */
export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (services === null) throw new Error('useAppServices() needs an AppServicesContext provider above it.');
  return services;
}

// Runtime: renderer. Reads the settings once when a dialog opens.
import { useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/download-types';
import { useAppServices } from '../../lib/app-services';
import { callApi } from '../../lib/call-api';

export type SettingsLoad = { status: 'loading' } | { status: 'loaded'; settings: Settings } | { status: 'failed'; message: string };

export function useSettings(): SettingsLoad {
  const { api } = useAppServices();
  const [load, setLoad] = useState<SettingsLoad>({ status: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    void callApi(() => api.getSettings({})).then((result) => {
      if (!isCurrent) return;
      setLoad(result.ok ? { status: 'loaded', settings: result.value } : { status: 'failed', message: result.error.message });
    });
    return () => {
      isCurrent = false;
    };
  }, [api]);
  return load;
}

// Runtime: renderer. Every action on the queue, wired to the API; failures become toasts that read as sentences.
import { useMemo } from 'react';
import type { DownloadItem } from '../../../../shared/download-types';
import type { ApiResult } from '../../../../shared/ipc-contract';
import { useAppServices } from '../../lib/app-services';
import { callApi } from '../../lib/call-api';
import type { ToastStore } from '../../lib/toast-store';

export interface QueueActions {
  pause(ids: readonly string[]): Promise<void>;
  resume(ids: readonly string[]): Promise<void>;
  retry(ids: readonly string[]): Promise<void>;
  cancel(ids: readonly string[]): Promise<void>;
  remove(ids: readonly string[], deleteFiles: boolean): Promise<void>;
  /** Pauses those that run; when none of them runs, resumes those that can resume. */
  togglePause(items: readonly DownloadItem[]): Promise<void>;
  openFile(id: string): Promise<void>;
  showInFolder(id: string): Promise<void>;
  copyLink(item: DownloadItem): Promise<void>;
  pauseAll(): Promise<void>;
  resumeAll(): Promise<void>;
  clearCompleted(): Promise<void>;
}

export function useQueueActions(): QueueActions {
  const { api, toasts } = useAppServices();
  return useMemo(() => {
    const run = async (call: () => Promise<ApiResult<unknown>>): Promise<boolean> => reportFailure(toasts, await callApi(call));
    return {
      pause: async (ids) => {
        if (ids.length > 0) await run(() => api.pauseDownloads({ ids: [...ids] }));
      },
      resume: async (ids) => {
        if (ids.length > 0) await run(() => api.resumeDownloads({ ids: [...ids] }));
      },
      retry: async (ids) => {
        if (ids.length > 0) await run(() => api.retryDownloads({ ids: [...ids] }));
      },
      cancel: async (ids) => {
        if (ids.length > 0) await run(() => api.cancelDownloads({ ids: [...ids] }));
      },
      remove: async (ids, deleteFiles) => {
        if (ids.length === 0) return;
        const isDone = await run(() => api.removeDownloads({ ids: [...ids], deleteFiles }));
        if (isDone) toasts.show('info', `${countText(ids.length)} removed${deleteFiles ? ' and the files deleted' : ''}.`);
      },
      togglePause: async (items) => {
        const running = items.filter((item) => item.state === 'active' || item.state === 'queued').map((item) => item.id);
        if (running.length > 0) {
          await run(() => api.pauseDownloads({ ids: running }));
          return;
        }
        const stopped = items.filter((item) => item.state === 'paused' || item.state === 'failed').map((item) => item.id);
        if (stopped.length > 0) await run(() => api.resumeDownloads({ ids: stopped }));
      },
      openFile: async (id) => {
        await run(() => api.openFile({ id }));
      },
      showInFolder: async (id) => {
        await run(() => api.showInFolder({ id }));
      },
      copyLink: async (item) => {
        try {
          await navigator.clipboard.writeText(item.url);
          toasts.show('info', 'Link copied.');
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          toasts.show('error', `The link could not be copied (${detail}).`);
        }
      },
      pauseAll: async () => {
        await run(() => api.pauseAll({}));
      },
      resumeAll: async () => {
        await run(() => api.resumeAll({}));
      },
      clearCompleted: async () => {
        await run(() => api.clearCompleted({}));
      },
    };
  }, [api, toasts]);
}

function reportFailure(toasts: ToastStore, result: ApiResult<unknown>): boolean {
  if (!result.ok) toasts.show('error', result.error.message);
  return result.ok;
}

function countText(count: number): string {
  return count === 1 ? '1 download' : `${count.toLocaleString()} downloads`;
}

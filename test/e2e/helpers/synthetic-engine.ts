// Runtime: Node (tests), with a function that runs inside the page. Puts a stand-in engine behind window.fetchpoint
// (the way Electron's preload does), so the renderer alone can be measured: many items, and progress batches for
// the active ones at a fixed rate, each sample moving every number a row shows.
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import type { DownloadItem, ProgressBatch } from '../../../shared/download-types';

export interface SyntheticEngineOptions {
  itemCount: number;
  /** The first `activeCount` items run; they sit at the top of the queue order. */
  activeCount: number;
  /** Time between progress batches; the real engine's default is 100 ms. */
  batchIntervalMs: number;
}

/** Installs the stand-in; call before the first navigation. */
export async function installSyntheticEngine(page: Page, options: SyntheticEngineOptions): Promise<void> {
  await page.addInitScript((settings: SyntheticEngineOptions) => {
    const nowMs = Date.now();
    const items: DownloadItem[] = [];
    for (let index = 0; index < settings.itemCount; index += 1) {
      const isActive = index < settings.activeCount;
      const totalBytes = 1024 * 1024 * (200 + ((index * 37) % 4000));
      items.push({
        id: `synthetic-${index}`,
        url: `https://downloads.example.com/files/item-${String(index).padStart(5, '0')}.${['zip', 'iso', 'mp4', 'pdf', 'bin'][index % 5]}`,
        fetchUrl: `https://downloads.example.com/files/item-${String(index).padStart(5, '0')}`,
        finalUrl: null,
        directory: '/home/user/Downloads',
        fileName: null,
        totalBytes,
        bytesDone: isActive ? 0 : Math.floor((totalBytes * ((index * 13) % 100)) / 100),
        state: isActive ? 'active' : index % 10 === 3 ? 'completed' : 'paused',
        pauseReason: isActive || index % 10 === 3 ? null : 'user',
        error: null,
        supportsRanges: true,
        etag: null,
        lastModified: null,
        checksum: null,
        connections: 4,
        speedLimitBytesPerSecond: null,
        requestHeaders: {},
        priority: index + 1,
        createdAtMs: nowMs - (settings.itemCount - index) * 1000,
        updatedAtMs: nowMs - (settings.itemCount - index) * 1000,
        finishedAtMs: null,
        segments: [],
      });
    }
    const bytesDone = new Map(items.slice(0, settings.activeCount).map((item) => [item.id, 0]));
    const progressListeners = new Set<(batch: ProgressBatch) => void>();
    setInterval(() => {
      const samples = items.slice(0, settings.activeCount).map((item, index) => {
        const bytesPerSecond = (2 + (index % 5) + Math.random()) * 1024 * 1024;
        const done = Math.min(item.totalBytes ?? 0, (bytesDone.get(item.id) ?? 0) + (bytesPerSecond * settings.batchIntervalMs) / 1000);
        bytesDone.set(item.id, done);
        const total = item.totalBytes ?? 0;
        return {
          id: item.id,
          bytesDone: Math.floor(done),
          totalBytes: total,
          bytesPerSecond,
          etaSeconds: (total - done) / bytesPerSecond,
          activeConnections: 4,
          segments: [0, 1, 2, 3].map((part) => {
            const startByte = Math.floor((total * part) / 4);
            const endByte = Math.floor((total * (part + 1)) / 4) - 1;
            return { startByte, endByte, nextByte: Math.min(endByte + 1, startByte + Math.floor(done / 4)) };
          }),
        };
      });
      for (const listener of progressListeners) listener({ atMs: Date.now(), samples });
    }, settings.batchIntervalMs);

    const handlers: Record<string, (request: Record<string, unknown>) => unknown> = {
      listDownloads: (request) => {
        const offset = Number(request['offset']);
        const limit = Number(request['limit']);
        return { items: items.slice(offset, offset + limit), total: items.length };
      },
      getEngineStatus: () => ({ activeCount: settings.activeCount, queuedCount: 0, totalBytesPerSecond: settings.activeCount * 4 * 1024 * 1024, isOnline: true, isMetered: false }),
      getDownloadLog: () => [],
    };
    const api = new Proxy(
      {},
      {
        get: (_target, name) => {
          if (name === 'onProgress') {
            return (listener: (batch: ProgressBatch) => void) => {
              progressListeners.add(listener);
              return () => progressListeners.delete(listener);
            };
          }
          if (typeof name === 'string' && name.startsWith('on')) return () => () => undefined;
          return async (request: Record<string, unknown>) => ({ ok: true, value: handlers[String(name)]?.(request) ?? null });
        },
      },
    );
    (window as unknown as { fetchpoint: unknown }).fetchpoint = api;
  }, options);
}

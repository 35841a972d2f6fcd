// Runtime: Node (tests). A DownloadItem with sensible defaults, for unit tests of code that shows or watches items.
import type { DownloadItem } from '../../shared/download-types';

export function makeItem(overrides: Partial<DownloadItem> & { id: string }): DownloadItem {
  return {
    url: `https://example.com/files/${overrides.id}.bin`,
    fetchUrl: overrides.url ?? `https://example.com/files/${overrides.id}.bin`,
    finalUrl: null,
    directory: '/downloads',
    fileName: null,
    totalBytes: 1000,
    bytesDone: 0,
    state: 'queued',
    pauseReason: null,
    error: null,
    supportsRanges: true,
    etag: null,
    lastModified: null,
    checksum: null,
    connections: 4,
    speedLimitBytesPerSecond: null,
    requestHeaders: {},
    priority: 1,
    createdAtMs: 1,
    updatedAtMs: 1,
    finishedAtMs: null,
    segments: [],
    ...overrides,
  };
}

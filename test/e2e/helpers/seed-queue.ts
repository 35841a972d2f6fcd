// Runtime: Node (tests). Fills a state folder with many downloads straight through the store, in one transaction,
// so a test can open a host on 10,000 items without waiting for 10,000 adds.
import { randomUUID } from 'node:crypto';
import type { DownloadState, Settings } from '../../../shared/download-types';
import { createDefaultSettings } from '../../../electron/engine/default-settings';
import type { DownloadRecord } from '../../../electron/engine/ports';
import { openDatabase } from '../../../electron/store/database';
import { SqliteTaskRepository } from '../../../electron/store/task-repository';

export interface SeedQueueOptions {
  stateDirectory: string;
  downloadDirectory: string;
  /** How many items. */
  count: number;
  /** Where the links point; nothing is fetched while the items stay paused. */
  origin: string;
  /** Stored as the saved settings. */
  settings?: Partial<Settings>;
}

const EXTENSIONS = ['zip', 'iso', 'mp4', 'pdf', 'tar.gz', 'mkv', 'flac', 'png', 'exe', 'deb', 'docx', 'bin'];
const WORDS = ['backup', 'holiday', 'release', 'dataset', 'lecture', 'invoice', 'firmware', 'podcast', 'scan', 'build'];

/** Writes `count` items: mostly paused part-way, some completed, some failed with an error sentence. */
export function seedQueue(options: SeedQueueOptions): void {
  const database = openDatabase({ stateDirectory: options.stateDirectory });
  const repository = new SqliteTaskRepository(database);
  try {
    const nowMs = Date.now();
    database.transaction(() => {
      for (let index = 0; index < options.count; index += 1) {
        repository.insertDownload(createSeedRecord(index, options, nowMs));
      }
    })();
    if (options.settings !== undefined) {
      repository.saveSettings({ ...createDefaultSettings(options.downloadDirectory), ...repository.loadSettings(), ...options.settings });
    }
  } finally {
    repository.close();
  }
}

function createSeedRecord(index: number, options: SeedQueueOptions, nowMs: number): DownloadRecord {
  const extension = EXTENSIONS[index % EXTENSIONS.length] ?? 'bin';
  const word = WORDS[(index * 7) % WORDS.length] ?? 'file';
  const fileName = `${word}-${String(index).padStart(5, '0')}.${extension}`;
  const url = `${options.origin}/seed/${fileName}`;
  const totalBytes = 1024 * 1024 * (1 + ((index * 37) % 4000));
  const state: DownloadState = index % 10 === 3 ? 'completed' : index % 25 === 7 ? 'failed' : 'paused';
  const bytesDone = state === 'completed' ? totalBytes : Math.floor((totalBytes * ((index * 13) % 100)) / 100);
  return {
    id: randomUUID(),
    url,
    fetchUrl: url,
    finalUrl: null,
    directory: options.downloadDirectory,
    fileName: state === 'completed' || index % 2 === 0 ? fileName : null,
    tempPath: null,
    totalBytes,
    etag: null,
    lastModified: null,
    supportsRanges: true,
    bytesDone,
    state,
    pauseReason: state === 'paused' ? 'user' : null,
    error:
      state === 'failed'
        ? { code: 'DL_ERR_HTTP_STATUS', message: 'The server at 127.0.0.1 refused access to this file (HTTP 403).', retryable: false }
        : null,
    requestHeaders: {},
    checksum: null,
    connections: 4,
    speedLimitBytesPerSecond: null,
    priority: index + 1,
    createdAtMs: nowMs - (options.count - index) * 1000,
    updatedAtMs: nowMs - (options.count - index) * 1000,
    finishedAtMs: state === 'completed' ? nowMs - (options.count - index) * 500 : null,
  };
}

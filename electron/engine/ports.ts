// Runtime: Node (engine). What the engine needs from storage; electron/store implements it with SQLite.
import type {
  DownloadState,
  ErrorInfo,
  LogEntry,
  PauseReason,
  SegmentProgress,
  Settings,
} from '../../shared/download-types';

/** One download as persisted. Mirrors the `downloads` table. */
export interface DownloadRecord {
  id: string;
  url: string;
  fetchUrl: string;
  finalUrl: string | null;
  directory: string;
  fileName: string | null;
  /** Absolute path of the `.part` file while the download is unfinished. */
  tempPath: string | null;
  totalBytes: number | null;
  etag: string | null;
  lastModified: string | null;
  supportsRanges: boolean | null;
  bytesDone: number;
  state: DownloadState;
  pauseReason: PauseReason | null;
  error: ErrorInfo | null;
  requestHeaders: Record<string, string>;
  checksum: string | null;
  connections: number;
  speedLimitBytesPerSecond: number | null;
  priority: number;
  createdAtMs: number;
  updatedAtMs: number;
  finishedAtMs: number | null;
}

export type DownloadRecordPatch = Partial<Omit<DownloadRecord, 'id' | 'createdAtMs'>>;

export interface DownloadQuery {
  states?: readonly DownloadState[] | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

/** A checkpoint: what is durably on disk, written only after the data it covers was synced. */
export interface Checkpoint {
  bytesDone: number;
  segments: readonly SegmentProgress[];
}

/** Storage port. Calls are synchronous: both adapters answer from the same thread without I/O waits worth yielding for. */
export interface DownloadRepository {
  /** A fresh random id (UUID v4 form) for a new download. */
  newDownloadId(): string;
  insertDownload(record: DownloadRecord): void;
  updateDownload(id: string, patch: DownloadRecordPatch): void;
  deleteDownload(id: string): void;
  getDownload(id: string): DownloadRecord | undefined;
  /** Downloads in queue order (lowest priority number first), optionally only some states, optionally one page. */
  listDownloads(query?: DownloadQuery): DownloadRecord[];
  /** How many downloads match, for paging. */
  countDownloads(states?: readonly DownloadState[]): number;
  /** How many downloads are in each state, without reading the rows. */
  countByState(): Record<DownloadState, number>;
  /** The lowest and highest priority numbers in use, or null when the queue is empty. */
  priorityBounds(): { min: number; max: number } | null;
  findByUrlAndDirectory(url: string, directory: string): DownloadRecord | undefined;
  getSegments(id: string): SegmentProgress[];
  /** Replaces the segments and bytesDone of one download atomically. */
  saveCheckpoint(id: string, checkpoint: Checkpoint): void;
  appendLog(id: string, entry: LogEntry): void;
  /** The newest `limit` entries, oldest first. */
  listLog(id: string, limit: number): LogEntry[];
  loadSettings(): Partial<Settings>;
  saveSettings(settings: Settings): void;
  close(): void;
}

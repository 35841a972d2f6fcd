// Runtime: any. The in-memory twin of the SQLite store, for tests of engine logic that do not need durability.
import type { DownloadState, LogEntry, SegmentProgress, Settings } from '../../shared/download-types';
import { DOWNLOAD_STATES } from '../../shared/download-states';
import type { Checkpoint, DownloadQuery, DownloadRecord, DownloadRecordPatch, DownloadRepository } from './ports';

/** Keeps at most this many log lines per download, like the SQLite store. */
const MAX_LOG_ENTRIES = 500;

export class MemoryRepository implements DownloadRepository {
  private readonly downloads = new Map<string, DownloadRecord>();
  private readonly segments = new Map<string, SegmentProgress[]>();
  private readonly logs = new Map<string, LogEntry[]>();
  private settings: Partial<Settings> = {};

  insertDownload(record: DownloadRecord): void {
    this.downloads.set(record.id, structuredClone(record));
  }

  updateDownload(id: string, patch: DownloadRecordPatch): void {
    const existing = this.downloads.get(id);
    if (existing === undefined) return;
    this.downloads.set(id, { ...existing, ...structuredClone(patch) });
  }

  deleteDownload(id: string): void {
    this.downloads.delete(id);
    this.segments.delete(id);
    this.logs.delete(id);
  }

  getDownload(id: string): DownloadRecord | undefined {
    const record = this.downloads.get(id);
    return record === undefined ? undefined : structuredClone(record);
  }

  listDownloads(query: DownloadQuery = {}): DownloadRecord[] {
    const offset = query.offset ?? 0;
    return [...this.downloads.values()]
      .filter((record) => query.states === undefined || query.states.length === 0 || query.states.includes(record.state))
      .sort((a, b) => a.priority - b.priority || a.createdAtMs - b.createdAtMs)
      .slice(offset, query.limit === undefined ? undefined : offset + query.limit)
      .map((record) => structuredClone(record));
  }

  countDownloads(states?: readonly DownloadState[]): number {
    return this.listDownloads({ states }).length;
  }

  countByState(): Record<DownloadState, number> {
    const counts = Object.fromEntries(DOWNLOAD_STATES.map((state) => [state, 0])) as Record<DownloadState, number>;
    for (const record of this.downloads.values()) counts[record.state] += 1;
    return counts;
  }

  priorityBounds(): { min: number; max: number } | null {
    if (this.downloads.size === 0) return null;
    const priorities = [...this.downloads.values()].map((record) => record.priority);
    return { min: Math.min(...priorities), max: Math.max(...priorities) };
  }

  findByUrlAndDirectory(url: string, directory: string): DownloadRecord | undefined {
    for (const record of this.downloads.values()) {
      if (record.url === url && record.directory === directory) return structuredClone(record);
    }
    return undefined;
  }

  getSegments(id: string): SegmentProgress[] {
    return structuredClone(this.segments.get(id) ?? []);
  }

  saveCheckpoint(id: string, checkpoint: Checkpoint): void {
    this.segments.set(id, structuredClone([...checkpoint.segments]));
    this.updateDownload(id, { bytesDone: checkpoint.bytesDone });
  }

  appendLog(id: string, entry: LogEntry): void {
    const entries = this.logs.get(id) ?? [];
    entries.push({ ...entry });
    if (entries.length > MAX_LOG_ENTRIES) entries.splice(0, entries.length - MAX_LOG_ENTRIES);
    this.logs.set(id, entries);
  }

  listLog(id: string, limit: number): LogEntry[] {
    return (this.logs.get(id) ?? []).slice(-limit).map((entry) => ({ ...entry }));
  }

  loadSettings(): Partial<Settings> {
    return { ...this.settings };
  }

  saveSettings(settings: Settings): void {
    this.settings = { ...settings };
  }

  close(): void {
    this.downloads.clear();
  }
}

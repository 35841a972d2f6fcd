// Runtime: Node (store). The engine's storage port on SQLite.
import type { DownloadState, LogEntry, SegmentProgress, Settings } from '../../shared/download-types';
import { DOWNLOAD_STATES, isDownloadState, isPauseReason } from '../../shared/download-states';
import type { Checkpoint, DownloadQuery, DownloadRecord, DownloadRecordPatch, DownloadRepository } from '../engine/ports';
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database';
import { DownloadError } from '../engine/errors';

/** Log lines kept per download; older ones are trimmed. */
const MAX_LOG_ENTRIES_PER_DOWNLOAD = 500;

interface DownloadRow {
  id: string;
  url: string;
  fetch_url: string;
  final_url: string | null;
  directory: string;
  file_name: string | null;
  temp_path: string | null;
  total_bytes: number | null;
  etag: string | null;
  last_modified: string | null;
  supports_ranges: number | null;
  bytes_done: number;
  state: string;
  pause_reason: string | null;
  error_code: string | null;
  error_message: string | null;
  error_retryable: number | null;
  request_headers: string;
  checksum: string | null;
  connections: number;
  speed_limit_bytes_per_second: number | null;
  priority: number;
  created_at_ms: number;
  updated_at_ms: number;
  finished_at_ms: number | null;
}

const COLUMN_BY_FIELD: Readonly<Record<keyof DownloadRecordPatch, string>> = {
  url: 'url',
  fetchUrl: 'fetch_url',
  finalUrl: 'final_url',
  directory: 'directory',
  fileName: 'file_name',
  tempPath: 'temp_path',
  totalBytes: 'total_bytes',
  etag: 'etag',
  lastModified: 'last_modified',
  supportsRanges: 'supports_ranges',
  bytesDone: 'bytes_done',
  state: 'state',
  pauseReason: 'pause_reason',
  error: 'error',
  requestHeaders: 'request_headers',
  checksum: 'checksum',
  connections: 'connections',
  speedLimitBytesPerSecond: 'speed_limit_bytes_per_second',
  priority: 'priority',
  updatedAtMs: 'updated_at_ms',
  finishedAtMs: 'finished_at_ms',
};

export class SqliteTaskRepository implements DownloadRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = {
      insert: database.prepare(`INSERT INTO downloads (id, url, fetch_url, final_url, directory, file_name, temp_path, total_bytes,
        etag, last_modified, supports_ranges, bytes_done, state, pause_reason, error_code, error_message, error_retryable,
        request_headers, checksum, connections, speed_limit_bytes_per_second, priority, created_at_ms, updated_at_ms, finished_at_ms)
        VALUES (@id, @url, @fetch_url, @final_url, @directory, @file_name, @temp_path, @total_bytes, @etag, @last_modified,
        @supports_ranges, @bytes_done, @state, @pause_reason, @error_code, @error_message, @error_retryable, @request_headers,
        @checksum, @connections, @speed_limit_bytes_per_second, @priority, @created_at_ms, @updated_at_ms, @finished_at_ms)`),
      randomHex: database.prepare<[], string>('SELECT lower(hex(randomblob(16)))').pluck(),
      delete: database.prepare('DELETE FROM downloads WHERE id = ?'),
      get: database.prepare<[string], DownloadRow>('SELECT * FROM downloads WHERE id = ?'),
      countByState: database.prepare<[], { state: string; count: number }>('SELECT state, COUNT(*) AS count FROM downloads GROUP BY state'),
      priorityBounds: database.prepare<[], { min: number | null; max: number | null }>('SELECT MIN(priority) AS min, MAX(priority) AS max FROM downloads'),
      findByUrl: database.prepare<[string, string], DownloadRow>('SELECT * FROM downloads WHERE url = ? AND directory = ? LIMIT 1'),
      segments: database.prepare<[string], { start_byte: number; end_byte: number; next_byte: number }>(
        'SELECT start_byte, end_byte, next_byte FROM segments WHERE download_id = ? ORDER BY start_byte',
      ),
      deleteSegments: database.prepare('DELETE FROM segments WHERE download_id = ?'),
      insertSegment: database.prepare('INSERT INTO segments (download_id, start_byte, end_byte, next_byte) VALUES (?, ?, ?, ?)'),
      setBytesDone: database.prepare('UPDATE downloads SET bytes_done = ?, updated_at_ms = ? WHERE id = ?'),
      insertLog: database.prepare('INSERT INTO download_log (download_id, at_ms, level, kind, message) VALUES (?, ?, ?, ?, ?)'),
      trimLog: database.prepare(
        'DELETE FROM download_log WHERE download_id = ? AND seq <= (SELECT seq FROM download_log WHERE download_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)',
      ),
      listLog: database.prepare<[string, number], { at_ms: number; level: string; kind: string; message: string }>(
        'SELECT at_ms, level, kind, message FROM (SELECT * FROM download_log WHERE download_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
      ),
      loadSettings: database.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
      saveSetting: database.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
  }

  // SQLite's own generator (ChaCha20, seeded by the OS) instead of node:crypto: loading node:crypto costs a CLI start
  // about 7 ms, a fifth of what the CLI adds to Node's own start-up.
  newDownloadId(): string {
    return uuidFromRandomHex(this.statements.randomHex.get() ?? '');
  }

  insertDownload(record: DownloadRecord): void {
    this.statements.insert.run(toRow(record));
  }

  updateDownload(id: string, patch: DownloadRecordPatch): void {
    const assignments: string[] = [];
    const values: Record<string, unknown> = { id };
    for (const [field, value] of Object.entries(patch) as [keyof DownloadRecordPatch, unknown][]) {
      if (value === undefined) continue;
      if (field === 'error') {
        const error = value as DownloadRecord['error'];
        assignments.push('error_code = @error_code', 'error_message = @error_message', 'error_retryable = @error_retryable');
        values['error_code'] = error?.code ?? null;
        values['error_message'] = error?.message ?? null;
        values['error_retryable'] = error === null ? null : error.retryable ? 1 : 0;
        continue;
      }
      const column = COLUMN_BY_FIELD[field];
      assignments.push(`${column} = @${column}`);
      values[column] = toColumnValue(field, value);
    }
    if (assignments.length === 0) return;
    // Column names come from COLUMN_BY_FIELD only, never from input.
    this.database.prepare(`UPDATE downloads SET ${assignments.join(', ')} WHERE id = @id`).run(values);
  }

  deleteDownload(id: string): void {
    this.statements.delete.run(id);
  }

  getDownload(id: string): DownloadRecord | undefined {
    const row = this.statements.get.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  listDownloads(query: DownloadQuery = {}): DownloadRecord[] {
    const { where, values } = stateFilter(query.states);
    const limit = query.limit ?? -1;
    const offset = query.offset ?? 0;
    // Only placeholders vary; the SQL text is one of a few fixed shapes, prepared once each.
    const statement = this.prepareCached(`SELECT * FROM downloads ${where} ORDER BY priority, created_at_ms LIMIT ? OFFSET ?`);
    return (statement.all(...values, limit, offset) as DownloadRow[]).map(fromRow);
  }

  countDownloads(states?: readonly DownloadState[]): number {
    const { where, values } = stateFilter(states);
    const row = this.prepareCached(`SELECT COUNT(*) AS count FROM downloads ${where}`).get(...values) as { count: number };
    return row.count;
  }

  countByState(): Record<DownloadState, number> {
    const counts = Object.fromEntries(DOWNLOAD_STATES.map((state) => [state, 0])) as Record<DownloadState, number>;
    for (const row of this.statements.countByState.all()) {
      if ((DOWNLOAD_STATES as readonly string[]).includes(row.state)) counts[row.state as DownloadState] = row.count;
    }
    return counts;
  }

  priorityBounds(): { min: number; max: number } | null {
    const row = this.statements.priorityBounds.get();
    if (row === undefined || row.min === null || row.max === null) return null;
    return { min: row.min, max: row.max };
  }

  private readonly statementCache = new Map<string, Database.Statement<unknown[]>>();

  private prepareCached(sql: string): Database.Statement<unknown[]> {
    let statement = this.statementCache.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare<unknown[]>(sql);
      this.statementCache.set(sql, statement);
    }
    return statement;
  }

  findByUrlAndDirectory(url: string, directory: string): DownloadRecord | undefined {
    const row = this.statements.findByUrl.get(url, directory);
    return row === undefined ? undefined : fromRow(row);
  }

  getSegments(id: string): SegmentProgress[] {
    return this.statements.segments.all(id).map((row) => ({ startByte: row.start_byte, endByte: row.end_byte, nextByte: row.next_byte }));
  }

  saveCheckpoint(id: string, checkpoint: Checkpoint): void {
    this.database.transaction(() => {
      this.statements.deleteSegments.run(id);
      for (const segment of checkpoint.segments) {
        this.statements.insertSegment.run(id, segment.startByte, segment.endByte, segment.nextByte);
      }
      this.statements.setBytesDone.run(checkpoint.bytesDone, Date.now(), id);
    })();
  }

  appendLog(id: string, entry: LogEntry): void {
    this.statements.insertLog.run(id, entry.atMs, entry.level, entry.kind, entry.message);
    this.statements.trimLog.run(id, id, MAX_LOG_ENTRIES_PER_DOWNLOAD);
  }

  listLog(id: string, limit: number): LogEntry[] {
    return this.statements.listLog.all(id, limit).map((row) => ({
      atMs: row.at_ms,
      level: row.level === 'warn' || row.level === 'error' ? row.level : 'info',
      kind: row.kind,
      message: row.message,
    }));
  }

  loadSettings(): Partial<Settings> {
    const settings: Record<string, unknown> = {};
    for (const row of this.statements.loadSettings.all()) settings[row.key] = JSON.parse(row.value) as unknown;
    // Validated by the engine against the settings schema before use.
    return settings as Partial<Settings>;
  }

  saveSettings(settings: Settings): void {
    this.database.transaction(() => {
      for (const [key, value] of Object.entries(settings)) this.statements.saveSetting.run(key, JSON.stringify(value));
    })();
  }

  close(): void {
    this.database.close();
  }
}

/** Formats 32 random hex digits as a version 4 UUID (RFC 9562): version nibble 4, variant bits 10. */
function uuidFromRandomHex(hex: string): string {
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`Expected 32 lowercase hex digits, got ${JSON.stringify(hex)}`);
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function stateFilter(states: readonly DownloadState[] | undefined): { where: string; values: string[] } {
  if (states === undefined || states.length === 0) return { where: '', values: [] };
  return { where: `WHERE state IN (${states.map(() => '?').join(', ')})`, values: [...states] };
}

function toColumnValue(field: keyof DownloadRecordPatch, value: unknown): unknown {
  if (field === 'supportsRanges') return value === null ? null : value === true ? 1 : 0;
  if (field === 'requestHeaders') return JSON.stringify(value);
  return value;
}

function toRow(record: DownloadRecord): DownloadRow {
  return {
    id: record.id,
    url: record.url,
    fetch_url: record.fetchUrl,
    final_url: record.finalUrl,
    directory: record.directory,
    file_name: record.fileName,
    temp_path: record.tempPath,
    total_bytes: record.totalBytes,
    etag: record.etag,
    last_modified: record.lastModified,
    supports_ranges: record.supportsRanges === null ? null : record.supportsRanges ? 1 : 0,
    bytes_done: record.bytesDone,
    state: record.state,
    pause_reason: record.pauseReason,
    error_code: record.error?.code ?? null,
    error_message: record.error?.message ?? null,
    error_retryable: record.error === null ? null : record.error.retryable ? 1 : 0,
    request_headers: JSON.stringify(record.requestHeaders),
    checksum: record.checksum,
    connections: record.connections,
    speed_limit_bytes_per_second: record.speedLimitBytesPerSecond,
    priority: record.priority,
    created_at_ms: record.createdAtMs,
    updated_at_ms: record.updatedAtMs,
    finished_at_ms: record.finishedAtMs,
  };
}

function fromRow(row: DownloadRow): DownloadRecord {
  return {
    id: row.id,
    url: row.url,
    fetchUrl: row.fetch_url,
    finalUrl: row.final_url,
    directory: row.directory,
    fileName: row.file_name,
    tempPath: row.temp_path,
    totalBytes: row.total_bytes,
    etag: row.etag,
    lastModified: row.last_modified,
    supportsRanges: row.supports_ranges === null ? null : row.supports_ranges === 1,
    bytesDone: row.bytes_done,
    state: decodeState(row.state),
    pauseReason: decodePauseReason(row.pause_reason),
    error:
      row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '', retryable: row.error_retryable === 1 },
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
    checksum: row.checksum,
    connections: row.connections,
    speedLimitBytesPerSecond: row.speed_limit_bytes_per_second,
    priority: row.priority,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
    finishedAtMs: row.finished_at_ms,
  };
}

/** A state the code does not know means the file was written by something else: say so rather than guess. */
function decodeState(value: string): DownloadState {
  if (isDownloadState(value)) return value;
  throw new DownloadError('DL_ERR_INTERNAL', `The state store holds an unknown download state (“${value}”).`);
}

function decodePauseReason(value: string | null): DownloadRecord['pauseReason'] {
  if (value === null || isPauseReason(value)) return value;
  throw new DownloadError('DL_ERR_INTERNAL', `The state store holds an unknown pause reason (“${value}”).`);
}

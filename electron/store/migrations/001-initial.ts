// Runtime: Node (store).
import type { Migration } from './index';

export const migration001Initial: Migration = {
  version: 1,
  description: 'downloads, segments, log and settings',
  sql: `
    CREATE TABLE downloads (
      id TEXT PRIMARY KEY,
      url TEXT NOT NULL,
      fetch_url TEXT NOT NULL,
      final_url TEXT,
      directory TEXT NOT NULL,
      file_name TEXT,
      temp_path TEXT,
      total_bytes INTEGER,
      etag TEXT,
      last_modified TEXT,
      supports_ranges INTEGER,
      bytes_done INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL CHECK (state IN ('queued','active','paused','completed','failed','canceled')),
      pause_reason TEXT,
      error_code TEXT,
      error_message TEXT,
      error_retryable INTEGER,
      request_headers TEXT NOT NULL DEFAULT '{}',
      checksum TEXT,
      connections INTEGER NOT NULL DEFAULT 8,
      speed_limit_bytes_per_second INTEGER,
      priority INTEGER NOT NULL,
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL,
      finished_at_ms INTEGER
    );
    CREATE INDEX downloads_priority ON downloads (priority, created_at_ms);
    CREATE INDEX downloads_url_directory ON downloads (url, directory);
    CREATE TABLE segments (
      download_id TEXT NOT NULL REFERENCES downloads(id) ON DELETE CASCADE,
      start_byte INTEGER NOT NULL,
      end_byte INTEGER NOT NULL,
      next_byte INTEGER NOT NULL,
      PRIMARY KEY (download_id, start_byte),
      CHECK (next_byte >= start_byte AND next_byte <= end_byte + 1)
    );
    CREATE TABLE download_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      download_id TEXT NOT NULL REFERENCES downloads(id) ON DELETE CASCADE,
      at_ms INTEGER NOT NULL,
      level TEXT NOT NULL,
      kind TEXT NOT NULL,
      message TEXT NOT NULL
    );
    CREATE INDEX download_log_by_download ON download_log (download_id, seq);
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};

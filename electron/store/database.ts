// Runtime: Node (store). Opens the SQLite checkpoint store: WAL, full sync, migrations, and single ownership.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DownloadError, isDownloadError, toStateStoreError } from '../engine/errors';
import { MIGRATIONS } from './migrations/index';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** The state folder; the database file is `fetchpoint.db` inside it. */
  stateDirectory: string;
  /** Path of a better-sqlite3 native binding built for this runtime, when the default one does not fit. */
  nativeBindingPath?: string | undefined;
}

export const DATABASE_FILE_NAME = 'fetchpoint.db';

/** How long to wait for a lock held by a concurrent writer before calling the folder busy. */
const BUSY_TIMEOUT_MS = 2000;

/**
 * Opens (creating if needed) the store and applies pending migrations.
 * The connection holds an exclusive lock for its whole life, so a second process on the same folder gets
 * DL_ERR_STATE_LOCKED; the OS releases the lock when the owner dies, even by SIGKILL.
 */
export function openDatabase(options: OpenDatabaseOptions): SqliteDatabase {
  const path = join(options.stateDirectory, DATABASE_FILE_NAME);
  let database: SqliteDatabase;
  try {
    mkdirSync(options.stateDirectory, { recursive: true });
    database = new Database(path, {
      timeout: BUSY_TIMEOUT_MS,
      ...(options.nativeBindingPath === undefined ? {} : { nativeBinding: options.nativeBindingPath }),
    });
  } catch (error) {
    throw describeOpenFailure(error, options.stateDirectory, path);
  }
  try {
    // EXCLUSIVE locking before WAL: WAL then uses heap memory instead of shared memory, and the lock is never dropped.
    database.pragma('locking_mode = EXCLUSIVE');
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a crash or kill of the process intact; only an OS crash or power cut can drop the
    // last commits, which makes a checkpoint claim fewer bytes, never more. FULL would fsync on the main thread per checkpoint.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.exec('BEGIN EXCLUSIVE; COMMIT;');
    migrate(database);
    return database;
  } catch (error) {
    database.close();
    if (isBusyError(error)) {
      throw new DownloadError(
        'DL_ERR_STATE_LOCKED',
        `Another Fetchpoint process (the app, the CLI or the web host) is using ${options.stateDirectory}. Close it, or choose another state folder.`,
        { cause: error },
      );
    }
    throw describeOpenFailure(error, options.stateDirectory, path);
  }
}

/** What went wrong in words that say which file or folder, and that it was left as it was. */
function describeOpenFailure(error: unknown, stateDirectory: string, path: string): DownloadError {
  if (isDownloadError(error)) return error;
  const storeError = toStateStoreError(error);
  if (storeError?.code === 'DL_ERR_STATE_CORRUPT') {
    return new DownloadError(
      'DL_ERR_STATE_CORRUPT',
      `Fetchpoint's queue file ${path} is damaged (${errorMessage(error)}). It was left as it is: move it elsewhere to start with an empty queue, and keep it if you want to recover it.`,
      { cause: error },
    );
  }
  if (storeError !== null) return new DownloadError(storeError.code, `${storeError.message} The file is ${path}.`, { cause: error });
  return new DownloadError('DL_ERR_FILE_SYSTEM', `The state folder ${stateDirectory} cannot be used (${errorMessage(error)}).`, { cause: error });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function migrate(database: SqliteDatabase): void {
  database.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)');
  const appliedVersions = new Set(
    database.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((row) => row.version),
  );
  const newest = Math.max(0, ...appliedVersions);
  const known = Math.max(0, ...MIGRATIONS.map((migration) => migration.version));
  if (newest > known) {
    throw new DownloadError(
      'DL_ERR_INVALID_STATE',
      `The state folder was written by a newer Fetchpoint (schema ${newest}, this version knows ${known}). Update Fetchpoint.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (appliedVersions.has(migration.version)) continue;
    database.transaction(() => {
      database.exec(migration.sql);
      database.prepare('INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, ?)').run(migration.version, Date.now());
    })();
  }
}

function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** The schema version currently applied. */
export function readSchemaVersion(database: SqliteDatabase): number {
  const row = database.prepare<[], { version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations').get();
  return row?.version ?? 0;
}

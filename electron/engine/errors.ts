// Runtime: Node (engine). No electron import.

/** Stable error codes. The UI and the CLI key off these, so they never change meaning. */
export const DOWNLOAD_ERROR_CODES = [
  'DL_ERR_INVALID_URL',
  'DL_ERR_UNSUPPORTED_SCHEME',
  'DL_ERR_INVALID_INPUT',
  'DL_ERR_NOT_FOUND',
  'DL_ERR_INVALID_STATE',
  'DL_ERR_HTTP_STATUS',
  'DL_ERR_NETWORK',
  'DL_ERR_TIMEOUT',
  'DL_ERR_STALLED',
  'DL_ERR_TOO_MANY_REDIRECTS',
  'DL_ERR_REDIRECT_LOOP',
  'DL_ERR_RANGE_UNSUPPORTED',
  'DL_ERR_BAD_CONTENT_RANGE',
  'DL_ERR_REMOTE_CHANGED',
  'DL_ERR_SIZE_MISMATCH',
  'DL_ERR_CHECKSUM',
  'DL_ERR_LINK_EXPIRED',
  'DL_ERR_DISK_FULL',
  'DL_ERR_FILE_SYSTEM',
  'DL_ERR_DIRECTORY_UNWRITABLE',
  'DL_ERR_STATE_LOCKED',
  /** The state file (the queue and its checkpoints) is damaged or not a database; it is left untouched. */
  'DL_ERR_STATE_CORRUPT',
  /** The state store failed to read or write (other than a full disk). */
  'DL_ERR_STATE_STORE',
  'DL_ERR_ABORTED',
  /** A handler failed in a way no other code describes; the message says what happened. */
  'DL_ERR_INTERNAL',
  /** An IPC message came from a frame that is not Fetchpoint's own page (Electron transport only). */
  'DL_ERR_UNTRUSTED_SENDER',
  /** The web UI lost its connection to the web host (WebSocket transport only). */
  'DL_ERR_DISCONNECTED',
] as const;
export type DownloadErrorCode = (typeof DOWNLOAD_ERROR_CODES)[number];

export interface DownloadErrorOptions {
  /** Whether trying again may succeed. The retry policy has the final word. */
  retryable?: boolean;
  cause?: unknown;
  /** HTTP status that caused the error, if any. */
  httpStatus?: number;
  /** Server-requested wait before retrying, from Retry-After. */
  retryAfterMs?: number;
}

/** Every failure the engine reports: a stable code, a sentence a user can read, and the original cause. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  readonly code: DownloadErrorCode;
  readonly retryable: boolean;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: DownloadErrorCode, message: string, options: DownloadErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Type guard by code, not instanceof, so errors that crossed a realm or a bundle boundary still match. */
export function isDownloadError(value: unknown): value is DownloadError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'DownloadError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

export function hasErrorCode(value: unknown, code: DownloadErrorCode): boolean {
  return isDownloadError(value) && value.code === code;
}

/** Node's system errors carry `code` such as ENOSPC. */
export function getSystemErrorCode(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string') {
    return (value as { code: string }).code;
  }
  return undefined;
}

/** Wraps a file-system failure into a DownloadError with a sentence for the user. */
export function toFileSystemError(error: unknown, action: string): DownloadError {
  if (isDownloadError(error)) return error;
  const systemCode = getSystemErrorCode(error);
  if (systemCode === 'ENOSPC' || systemCode === 'EDQUOT') {
    return new DownloadError('DL_ERR_DISK_FULL', 'The disk is full. The download was paused; free some space and resume it.', {
      cause: error,
    });
  }
  if (systemCode === 'EACCES' || systemCode === 'EPERM' || systemCode === 'EROFS') {
    return new DownloadError('DL_ERR_DIRECTORY_UNWRITABLE', `Fetchpoint is not allowed to ${action}.`, { cause: error });
  }
  return new DownloadError('DL_ERR_FILE_SYSTEM', `Could not ${action} (${systemCode ?? 'unknown error'}).`, { cause: error });
}

/** Turns anything thrown into a DownloadError, keeping the original as cause. */
export function toDownloadError(error: unknown): DownloadError {
  if (isDownloadError(error)) return error;
  const storeError = toStateStoreError(error);
  if (storeError !== null) return storeError;
  const message = error instanceof Error ? error.message : String(error);
  return new DownloadError('DL_ERR_NETWORK', `The connection failed: ${message}`, { retryable: true, cause: error });
}

/**
 * SQLite's failures (better-sqlite3 throws them with codes such as SQLITE_FULL) as the user should read them, or
 * null for anything else. The store sits under the engine, so its errors reach the same reporting paths.
 */
export function toStateStoreError(error: unknown): DownloadError | null {
  const code = getSystemErrorCode(error);
  if (code === undefined || !code.startsWith('SQLITE_')) return null;
  const detail = error instanceof Error ? error.message : code;
  if (code === 'SQLITE_FULL') {
    return new DownloadError('DL_ERR_DISK_FULL', 'The disk that holds Fetchpoint\'s queue is full. Free some space, then resume.', { cause: error });
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT_')) {
    return new DownloadError('DL_ERR_STATE_CORRUPT', `Fetchpoint's queue file is damaged (${detail}).`, { cause: error });
  }
  return new DownloadError('DL_ERR_STATE_STORE', `Fetchpoint could not read or write its queue (${detail}).`, { cause: error });
}

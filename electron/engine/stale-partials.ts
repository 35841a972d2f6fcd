// Runtime: Node (engine). Partial files of failed or canceled downloads would otherwise pile up for ever.
import { stat, unlink } from 'node:fs/promises';
import { getSystemErrorCode, toFileSystemError, type DownloadError } from './errors';
import type { DownloadRecord } from './ports';

export interface StalePartialPolicy {
  maxAgeMs: number;
  maxTotalBytes: number;
  nowMs: number;
  /** A `.part` file that cannot be checked is left alone and reported here, so the others are still cleaned. */
  onUnreadable: (record: DownloadRecord, error: DownloadError) => void;
}

export interface StalePartial {
  record: DownloadRecord;
  sizeBytes: number;
  reason: string;
}

/**
 * Picks the `.part` files to delete: failed or canceled items older than the age limit,
 * then the oldest others until the total fits under the size cap.
 */
export async function findStalePartials(records: readonly DownloadRecord[], policy: StalePartialPolicy): Promise<StalePartial[]> {
  const candidates: { record: DownloadRecord; sizeBytes: number; modifiedAtMs: number }[] = [];
  for (const record of records) {
    if ((record.state !== 'failed' && record.state !== 'canceled') || record.tempPath === null) continue;
    try {
      const info = await stat(record.tempPath);
      candidates.push({ record, sizeBytes: info.size, modifiedAtMs: Math.max(info.mtimeMs, record.updatedAtMs) });
    } catch (error) {
      if (getSystemErrorCode(error) !== 'ENOENT') policy.onUnreadable(record, toFileSystemError(error, `read ${record.tempPath}`));
    }
  }
  candidates.sort((a, b) => a.modifiedAtMs - b.modifiedAtMs);
  const stale: StalePartial[] = [];
  const kept: typeof candidates = [];
  for (const candidate of candidates) {
    const ageDays = Math.floor((policy.nowMs - candidate.modifiedAtMs) / 86_400_000);
    if (policy.nowMs - candidate.modifiedAtMs > policy.maxAgeMs) {
      stale.push({ record: candidate.record, sizeBytes: candidate.sizeBytes, reason: `it was left unfinished ${ageDays} days ago` });
    } else {
      kept.push(candidate);
    }
  }
  let keptBytes = kept.reduce((sum, candidate) => sum + candidate.sizeBytes, 0);
  for (const candidate of kept) {
    if (keptBytes <= policy.maxTotalBytes) break;
    stale.push({ record: candidate.record, sizeBytes: candidate.sizeBytes, reason: 'unfinished partial files exceed the size cap' });
    keptBytes -= candidate.sizeBytes;
  }
  return stale;
}

/** Deletes a file, treating "already gone" as done. */
export async function deleteFileIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (getSystemErrorCode(error) !== 'ENOENT') throw toFileSystemError(error, `delete ${path}`);
  }
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { toDownloadError } from '../../../../electron/engine/errors';

/** A real SQLITE_FULL: an in-memory database capped at the pages it already has, then grown. */
function catchFullDatabaseError(): unknown {
  const database = new Database(':memory:');
  try {
    database.exec('CREATE TABLE filler (bytes BLOB)');
    database.pragma(`max_page_count = ${(database.pragma('page_count', { simple: true }) as number) + 1}`);
    for (;;) database.prepare('INSERT INTO filler VALUES (randomblob(4096))').run();
  } catch (error) {
    return error;
  } finally {
    database.close();
  }
}

describe('toDownloadError', () => {
  test('reads a full disk under the queue file as DL_ERR_DISK_FULL with a sentence, never as a network failure', { timeout: 5000 }, () => {
    const failure = toDownloadError(catchFullDatabaseError());
    assert.equal(failure.code, 'DL_ERR_DISK_FULL');
    assert.equal(failure.retryable, false);
    assert.match(failure.message, /disk that holds Fetchpoint's queue is full/);
  });

  test('reads a damaged queue file as DL_ERR_STATE_CORRUPT', { timeout: 5000 }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'fetchpoint-errors-'));
    const path = join(directory, 'fetchpoint.db');
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    const database = new Database(path);
    try {
      assert.throws(
        () => database.pragma('journal_mode'),
        (error: unknown) => toDownloadError(error).code === 'DL_ERR_STATE_CORRUPT',
      );
    } finally {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

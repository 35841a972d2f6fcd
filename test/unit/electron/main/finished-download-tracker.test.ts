import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DownloadItem, DownloadState } from '../../../../shared/download-types';
import { makeItem } from '../../../helpers/make-download-item';
import { FinishedDownloadTracker, type NotificationPreferences } from '../../../../electron/main/finished-download-tracker';

function item(id: string, state: DownloadState, fileName: string | null = `${id}.bin`): DownloadItem {
  return makeItem({
    id,
    url: `https://example.com/${id}`,
    fileName,
    totalBytes: 10,
    bytesDone: state === 'completed' ? 10 : 0,
    state,
    createdAtMs: 0,
    updatedAtMs: 0,
    finishedAtMs: state === 'completed' ? 1 : null,
  });
}

const BOTH: NotificationPreferences = { notifyEachDownload: true, notifyAllDone: true };

describe('FinishedDownloadTracker', () => {
  test('notifies once per finished download and once when the queue has drained', { timeout: 2000 }, () => {
    const tracker = new FinishedDownloadTracker([item('a', 'active'), item('b', 'queued')]);
    assert.deepEqual(
      tracker.observe([item('a', 'completed'), item('b', 'active')], [], BOTH).map((notice) => notice.kind),
      ['finished'],
    );
    const last = tracker.observe([item('b', 'completed')], [], BOTH);
    assert.deepEqual(
      last.map((notice) => [notice.kind, notice.body]),
      [
        ['finished', 'b.bin'],
        ['all-done', '2 downloads finished.'],
      ],
    );
    assert.deepEqual(tracker.observe([item('b', 'completed')], [], BOTH), []);
  });

  test('never notifies for items that were already complete when it started', { timeout: 2000 }, () => {
    const tracker = new FinishedDownloadTracker([item('old', 'completed')]);
    assert.deepEqual(tracker.observe([item('old', 'completed')], [], BOTH), []);
  });

  test('skips the all-done notice for a lone download that already got its own', { timeout: 2000 }, () => {
    const tracker = new FinishedDownloadTracker([]);
    const notices = tracker.observe([item('a', 'completed', null)], [], BOTH);
    assert.deepEqual(
      notices.map((notice) => [notice.kind, notice.body]),
      [['finished', 'https://example.com/a']],
    );
  });

  test('follows the settings: only all-done, or nothing at all', { timeout: 2000 }, () => {
    const onlyAllDone = new FinishedDownloadTracker([item('a', 'active')]);
    assert.deepEqual(
      onlyAllDone.observe([item('a', 'completed')], [], { notifyEachDownload: false, notifyAllDone: true }).map((notice) => notice.body),
      ['1 download finished.'],
    );
    const silent = new FinishedDownloadTracker([item('a', 'active')]);
    assert.deepEqual(silent.observe([item('a', 'completed')], [], { notifyEachDownload: false, notifyAllDone: false }), []);
  });

  test('waits for every running item, and forgets removed ones', { timeout: 2000 }, () => {
    const tracker = new FinishedDownloadTracker([item('a', 'active'), item('b', 'active')]);
    const prefs = { notifyEachDownload: false, notifyAllDone: true };
    assert.deepEqual(tracker.observe([item('a', 'completed')], [], prefs), []);
    assert.deepEqual(
      tracker.observe([], ['b'], prefs).map((notice) => notice.kind),
      ['all-done'],
    );
  });
});

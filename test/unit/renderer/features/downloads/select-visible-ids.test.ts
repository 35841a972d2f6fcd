import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_QUEUE_VIEW } from '../../../../../renderer/src/features/downloads/queue-view';
import { countByState, selectVisibleIds } from '../../../../../renderer/src/features/downloads/select-visible-ids';
import { makeItem } from '../../../../helpers/make-download-item';

const items = new Map(
  [
    makeItem({ id: 'a', fileName: 'zebra.iso', state: 'active', priority: 3, totalBytes: 500, bytesDone: 100 }),
    makeItem({ id: 'b', url: 'https://cdn.example.org/Apple.zip', state: 'paused', priority: 1, totalBytes: 2000, bytesDone: 1500 }),
    makeItem({ id: 'c', fileName: 'file10.txt', state: 'completed', priority: 2, totalBytes: null, bytesDone: 10 }),
    makeItem({ id: 'd', fileName: 'file9.txt', state: 'failed', priority: 4 }),
  ].map((item) => [item.id, item]),
);

describe('selectVisibleIds', () => {
  test('keeps the queue order by default', { timeout: 1000 }, () => {
    assert.deepEqual(selectVisibleIds(items, DEFAULT_QUEUE_VIEW), ['b', 'c', 'a', 'd']);
  });

  test('filters by state', { timeout: 1000 }, () => {
    assert.deepEqual(selectVisibleIds(items, { ...DEFAULT_QUEUE_VIEW, stateFilter: 'paused' }), ['b']);
  });

  test('searches the name and the link, ignoring case', { timeout: 1000 }, () => {
    assert.deepEqual(selectVisibleIds(items, { ...DEFAULT_QUEUE_VIEW, search: 'APPLE' }), ['b']);
    assert.deepEqual(selectVisibleIds(items, { ...DEFAULT_QUEUE_VIEW, search: 'cdn.example.org' }), ['b']);
    assert.deepEqual(selectVisibleIds(items, { ...DEFAULT_QUEUE_VIEW, search: 'nothing like this' }), []);
  });

  test('sorts names the way people count, in both directions', { timeout: 1000 }, () => {
    assert.deepEqual(selectVisibleIds(items, { ...DEFAULT_QUEUE_VIEW, sortKey: 'name' }), ['b', 'd', 'c', 'a']);
    assert.deepEqual(selectVisibleIds(items, { ...DEFAULT_QUEUE_VIEW, sortKey: 'name', sortDirection: 'descending' }), ['a', 'c', 'd', 'b']);
  });

  test('sorts by progress with completed items last and unknown sizes first', { timeout: 1000 }, () => {
    assert.deepEqual(selectVisibleIds(items, { ...DEFAULT_QUEUE_VIEW, sortKey: 'progress' }), ['d', 'a', 'b', 'c']);
  });

  test('counts the items in each state', { timeout: 1000 }, () => {
    assert.deepEqual(countByState(items), { queued: 0, active: 1, paused: 1, completed: 1, failed: 1, canceled: 0 });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DownloadItem, ProgressBatch } from '../../../../shared/download-types';
import type { EventPayload, FetchpointApi } from '../../../../shared/ipc-contract';
import { DownloadStore, MAX_LOAD_PASSES } from '../../../../renderer/src/lib/download-store';
import { makeItem } from '../../../helpers/make-download-item';

interface FakeEngine {
  api: FetchpointApi;
  emitChanged(payload: EventPayload<'downloads:changed'>): void;
  emitProgress(batch: ProgressBatch): void;
  listCalls: { offset: number; limit: number }[];
  /** The queue in list order; tests change it between pages as another client would. */
  items: DownloadItem[];
}

/**
 * An API whose listDownloads serves `items` in pages and whose events the test fires by hand. `beforePage` runs
 * before each page is served, with the 0-based number of that page request.
 */
function createFakeEngine(items: DownloadItem[], beforePage?: (engine: FakeEngine, pageIndex: number) => void): FakeEngine {
  const changedListeners = new Set<(payload: EventPayload<'downloads:changed'>) => void>();
  const progressListeners = new Set<(batch: ProgressBatch) => void>();
  const engine: FakeEngine = {
    listCalls: [],
    items,
    emitChanged: (payload) => changedListeners.forEach((listener) => listener(payload)),
    emitProgress: (batch) => progressListeners.forEach((listener) => listener(batch)),
    api: new Proxy({} as FetchpointApi, {
      get: (_target, name) => {
        if (name === 'onDownloadsChanged') return (listener: (payload: EventPayload<'downloads:changed'>) => void) => (changedListeners.add(listener), () => changedListeners.delete(listener));
        if (name === 'onProgress') return (listener: (batch: ProgressBatch) => void) => (progressListeners.add(listener), () => progressListeners.delete(listener));
        if (name === 'onEngineStatus') return () => () => undefined;
        if (name === 'listDownloads') {
          return async ({ offset, limit }: { offset: number; limit: number }) => {
            beforePage?.(engine, engine.listCalls.length);
            engine.listCalls.push({ offset, limit });
            return { ok: true, value: { items: engine.items.slice(offset, offset + limit), total: engine.items.length } };
          };
        }
        return async () => ({ ok: true, value: { activeCount: 0, queuedCount: 0, totalBytesPerSecond: 0, isOnline: true, isMetered: false } });
      },
    }),
  };
  return engine;
}

/** A queue of `count` items in list order: i0, i1, … */
function makeQueue(count: number): DownloadItem[] {
  return Array.from({ length: count }, (_, index) => makeItem({ id: `i${index}`, priority: index }));
}

function sortedIds(source: DownloadStore | DownloadItem[]): string[] {
  const ids = Array.isArray(source) ? source.map((item) => item.id) : [...source.getSnapshot().items.keys()];
  return ids.sort();
}

/** Frames run only when the test says so. */
function createManualFrames(): { schedule: (callback: () => void) => void; run: () => void } {
  const pending: (() => void)[] = [];
  return { schedule: (callback) => pending.push(callback), run: () => pending.splice(0).forEach((callback) => callback()) };
}

describe('DownloadStore', () => {
  test('loads every page of a large queue', { timeout: 5000 }, async () => {
    const items = Array.from({ length: 4500 }, (_, index) => makeItem({ id: `i${index}`, priority: index }));
    const engine = createFakeEngine(items);
    const store = new DownloadStore(engine.api, createManualFrames().schedule);
    await store.start();
    assert.deepEqual(engine.listCalls.map((call) => call.offset), [0, 2000, 4000]);
    assert.equal(store.getSnapshot().items.size, 4500);
    assert.equal(store.getSnapshot().isLoaded, true);
  });

  test('keeps an item removed while the pages were loading out of the list', { timeout: 5000 }, async () => {
    const items = [makeItem({ id: 'kept' }), makeItem({ id: 'removed' })];
    const frames = createManualFrames();
    const engine = createFakeEngine(items, (fake, pageIndex) => {
      if (pageIndex === 0) fake.emitChanged({ items: [], removedIds: ['removed'] });
    });
    const store = new DownloadStore(engine.api, frames.schedule);
    await store.start();
    frames.run();
    assert.deepEqual([...store.getSnapshot().items.keys()], ['kept']);
  });

  test('loads the item at a page boundary when an earlier item is removed between two pages', { timeout: 5000 }, async () => {
    const frames = createManualFrames();
    const engine = createFakeEngine(makeQueue(4500), (fake, pageIndex) => {
      if (pageIndex !== 1) return;
      // "Clear completed" in another window: the engine drops i0 and tells every client.
      fake.items = fake.items.filter((item) => item.id !== 'i0');
      fake.emitChanged({ items: [], removedIds: ['i0'] });
    });
    const store = new DownloadStore(engine.api, frames.schedule);
    await store.start();
    frames.run();
    assert.deepEqual(sortedIds(store), sortedIds(engine.items));
    assert.equal(store.getSnapshot().isLoaded, true);
  });

  test('loads the item at a page boundary when the removal is announced only after the last page', { timeout: 5000 }, async () => {
    const frames = createManualFrames();
    const engine = createFakeEngine(makeQueue(4500), (fake, pageIndex) => {
      if (pageIndex === 2) fake.items = fake.items.filter((item) => item.id !== 'i5');
    });
    const store = new DownloadStore(engine.api, frames.schedule);
    await store.start();
    // The engine sends item changes once per tick, so the event may come after every page was served.
    engine.emitChanged({ items: [], removedIds: ['i5'] });
    frames.run();
    assert.deepEqual(sortedIds(store), sortedIds(engine.items));
  });

  test('loads the item at a page boundary when an earlier item is moved to the bottom between two pages', { timeout: 5000 }, async () => {
    const frames = createManualFrames();
    const engine = createFakeEngine(makeQueue(4500), (fake, pageIndex) => {
      if (pageIndex !== 1) return;
      const [first, ...rest] = fake.items;
      assert.ok(first !== undefined);
      const moved = { ...first, priority: 4500, updatedAtMs: 2 };
      fake.items = [...rest, moved];
      fake.emitChanged({ items: [moved], removedIds: [] });
    });
    const store = new DownloadStore(engine.api, frames.schedule);
    await store.start();
    frames.run();
    assert.deepEqual(sortedIds(store), sortedIds(engine.items));
  });

  test('stops reading the queue again after a bounded number of passes when it keeps changing', { timeout: 5000 }, async () => {
    let removedCount = 0;
    const engine = createFakeEngine(makeQueue(4500), (fake) => {
      removedCount += 1;
      const removedId = `i${removedCount}`;
      fake.items = fake.items.filter((item) => item.id !== removedId);
      fake.emitChanged({ items: [], removedIds: [removedId] });
    });
    const store = new DownloadStore(engine.api, createManualFrames().schedule);
    await store.start();
    assert.equal(engine.listCalls.filter((call) => call.offset === 0).length, MAX_LOAD_PASSES);
    assert.equal(store.getSnapshot().isLoaded, true);
  });

  test('applies progress once per frame and notifies only the rows of the items that moved', { timeout: 5000 }, async () => {
    const frames = createManualFrames();
    const engine = createFakeEngine([makeItem({ id: 'a', state: 'active' }), makeItem({ id: 'b', state: 'active' })]);
    const store = new DownloadStore(engine.api, frames.schedule);
    await store.start();
    let listNotifications = 0;
    let aNotifications = 0;
    let bNotifications = 0;
    store.subscribe(() => (listNotifications += 1));
    store.subscribeSample('a', () => (aNotifications += 1));
    store.subscribeSample('b', () => (bNotifications += 1));
    const sample = (id: string, bytesDone: number) => ({ id, bytesDone, totalBytes: 1000, bytesPerSecond: 10, etaSeconds: 1, activeConnections: 1, segments: [] });
    engine.emitProgress({ atMs: 1, samples: [sample('a', 10)] });
    engine.emitProgress({ atMs: 2, samples: [sample('a', 20)] });
    assert.equal(store.getSample('a'), undefined, 'nothing is applied before the frame');
    frames.run();
    assert.equal(store.getSample('a')?.bytesDone, 20);
    assert.deepEqual([listNotifications, aNotifications, bNotifications], [0, 1, 0]);
  });

  test('drops the live sample when an item stops, so the row shows its checkpoint', { timeout: 5000 }, async () => {
    const frames = createManualFrames();
    const engine = createFakeEngine([makeItem({ id: 'a', state: 'active' })]);
    const store = new DownloadStore(engine.api, frames.schedule);
    await store.start();
    engine.emitProgress({ atMs: 1, samples: [{ id: 'a', bytesDone: 50, totalBytes: 1000, bytesPerSecond: 10, etaSeconds: 95, activeConnections: 1, segments: [] }] });
    frames.run();
    engine.emitChanged({ items: [makeItem({ id: 'a', state: 'paused', bytesDone: 48, updatedAtMs: 2 })], removedIds: [] });
    engine.emitProgress({ atMs: 2, samples: [{ id: 'a', bytesDone: 52, totalBytes: 1000, bytesPerSecond: 10, etaSeconds: 95, activeConnections: 1, segments: [] }] });
    frames.run();
    assert.equal(store.getSample('a'), undefined);
    assert.equal(store.getSnapshot().items.get('a')?.bytesDone, 48);
  });
});

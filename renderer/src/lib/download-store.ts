// Runtime: renderer. The queue as the UI sees it: every item, loaded in pages, kept current by the engine's events.
// Item changes and progress are applied at most once per animation frame. Progress lives in its own map with
// per-item listeners, so a progress batch repaints the rows that show those items and nothing else.
import type { DownloadItem, EngineStatus, ProgressBatch, ProgressSample } from '../../../shared/download-types';
import type { EventPayload, FetchpointApi, Unsubscribe } from '../../../shared/ipc-contract';
import { callApi } from './call-api';

/** Items per listDownloads call while loading. */
export const LIST_PAGE_SIZE = 2000;

/** Times the queue is read again when it changed under the pages, before the list is taken as it is. */
export const MAX_LOAD_PASSES = 3;

export interface DownloadsSnapshot {
  /** Every item by id. A new Map whenever anything changed, so it can be compared by identity. */
  readonly items: ReadonlyMap<string, DownloadItem>;
  /** True once every page has been loaded. */
  readonly isLoaded: boolean;
  /** A sentence when loading failed. */
  readonly loadError: string | null;
}

type FrameScheduler = (callback: () => void) => void;

const scheduleAnimationFrame: FrameScheduler = (callback) => {
  requestAnimationFrame(() => callback());
};

export class DownloadStore {
  private snapshot: DownloadsSnapshot = { items: new Map(), isLoaded: false, loadError: null };
  private status: EngineStatus | null = null;
  private isConnected = true;
  private readonly connectionListeners = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private readonly statusListeners = new Set<() => void>();
  private readonly samples = new Map<string, ProgressSample>();
  private readonly sampleListeners = new Map<string, Set<() => void>>();
  private readonly pendingItems = new Map<string, DownloadItem>();
  private readonly pendingRemovedIds = new Set<string>();
  private readonly pendingSamples = new Map<string, ProgressSample>();
  /** Ids removed while pages were still loading, so a late page cannot bring them back. */
  private readonly removedWhileLoading = new Set<string>();
  /** Set by an event that may have moved items across a page boundary while pages were loading. */
  private isQueueShiftedDuringLoad = false;
  private isFrameScheduled = false;
  private unsubscribes: Unsubscribe[] = [];

  constructor(
    private readonly api: FetchpointApi,
    private readonly scheduleFrame: FrameScheduler = scheduleAnimationFrame,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): DownloadsSnapshot => this.snapshot;

  readonly subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  readonly getStatus = (): EngineStatus | null => this.status;

  readonly subscribeConnection = (listener: () => void): (() => void) => {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  };

  readonly getIsConnected = (): boolean => this.isConnected;

  /** Told by the transport; coming back reloads the queue, since events may have been missed meanwhile. */
  setConnected(isConnected: boolean): void {
    if (isConnected === this.isConnected) return;
    this.isConnected = isConnected;
    for (const listener of this.connectionListeners) listener();
    if (isConnected) void this.reload();
  }

  /** Listens to one item's live progress; used by the visible rows only. */
  subscribeSample(id: string, listener: () => void): () => void {
    let set = this.sampleListeners.get(id);
    if (set === undefined) {
      set = new Set();
      this.sampleListeners.set(id, set);
    }
    set.add(listener);
    return () => {
      const current = this.sampleListeners.get(id);
      if (current === undefined) return;
      current.delete(listener);
      if (current.size === 0) this.sampleListeners.delete(id);
    };
  }

  /** The newest progress sample of an item that is running, else undefined. */
  getSample(id: string): ProgressSample | undefined {
    return this.samples.get(id);
  }

  /** Subscribes to the engine first, so nothing that happens during the load is missed, then loads every page. */
  async start(): Promise<void> {
    this.unsubscribes = [
      this.api.onDownloadsChanged((payload) => this.receiveChanges(payload)),
      this.api.onProgress((batch) => this.receiveProgress(batch)),
      this.api.onEngineStatus((status) => this.setStatus(status)),
    ];
    const statusResult = await callApi(() => this.api.getEngineStatus({}));
    if (statusResult.ok) this.setStatus(statusResult.value);
    await this.loadAllPages(false);
  }

  /** Loads the whole queue again; the old list stays on screen until the first page replaces it. */
  async reload(): Promise<void> {
    const statusResult = await callApi(() => this.api.getEngineStatus({}));
    if (statusResult.ok) this.setStatus(statusResult.value);
    await this.loadAllPages(true);
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
  }

  /**
   * Pages are read by offset, so an item removed or moved down between two requests shifts the next page and the
   * item at the boundary would never be loaded. Such a load is repeated, a bounded number of times.
   */
  private async loadAllPages(isReplacing: boolean): Promise<void> {
    this.removedWhileLoading.clear();
    this.snapshot = { ...this.snapshot, isLoaded: false };
    for (let pass = 1; ; pass += 1) {
      const outcome = await this.loadPagesOnce(isReplacing && pass === 1);
      if (outcome === 'failed') return;
      // Past the bound the list may still miss an item; the engine's events keep everything else current.
      if (outcome === 'complete' || pass >= MAX_LOAD_PASSES) break;
    }
    this.snapshot = { ...this.snapshot, isLoaded: true };
    this.publish();
    this.removedWhileLoading.clear();
  }

  private async loadPagesOnce(isReplacing: boolean): Promise<'complete' | 'shifted' | 'failed'> {
    this.isQueueShiftedDuringLoad = false;
    const pageIds = new Set<string>();
    let offset = 0;
    let previousTotal: number | null = null;
    let isTotalChanged = false;
    for (;;) {
      const result = await callApi(() => this.api.listDownloads({ offset, limit: LIST_PAGE_SIZE }));
      if (!result.ok) {
        this.snapshot = { ...this.snapshot, loadError: `The queue could not be loaded: ${result.error.message}` };
        this.publish();
        return 'failed';
      }
      const { total } = result.value;
      // Events come up to one engine tick late, so a changed total is the first sign of a removal.
      if (previousTotal !== null && total !== previousTotal) isTotalChanged = true;
      previousTotal = total;
      const isFirstReplacingPage = isReplacing && offset === 0;
      const items = isFirstReplacingPage ? new Map<string, DownloadItem>() : new Map(this.snapshot.items);
      if (isFirstReplacingPage) this.samples.clear();
      for (const item of result.value.items) {
        pageIds.add(item.id);
        if (this.removedWhileLoading.has(item.id)) continue;
        const known = items.get(item.id);
        // An event may already have brought a newer copy than this page.
        if (known !== undefined && known.updatedAtMs > item.updatedAtMs) continue;
        items.set(item.id, item);
      }
      offset += result.value.items.length;
      this.snapshot = { items, isLoaded: false, loadError: null };
      this.publish();
      if (result.value.items.length === 0 || offset >= total) break;
    }
    let presentCount = 0;
    for (const id of pageIds) if (!this.removedWhileLoading.has(id)) presentCount += 1;
    const isShifted = this.isQueueShiftedDuringLoad || isTotalChanged || presentCount < (previousTotal ?? 0);
    return isShifted ? 'shifted' : 'complete';
  }

  private receiveChanges(payload: EventPayload<'downloads:changed'>): void {
    if (!this.snapshot.isLoaded && this.isShiftingChange(payload)) this.isQueueShiftedDuringLoad = true;
    for (const item of payload.items) {
      this.pendingItems.set(item.id, item);
      this.pendingRemovedIds.delete(item.id);
    }
    for (const id of payload.removedIds) {
      this.pendingItems.delete(id);
      this.pendingRemovedIds.add(id);
      if (!this.snapshot.isLoaded) this.removedWhileLoading.add(id);
    }
    this.requestFrame();
  }

  /** A removal, or a known item whose priority changed (a move), may shift the items after it to lower offsets. */
  private isShiftingChange(payload: EventPayload<'downloads:changed'>): boolean {
    if (payload.removedIds.length > 0) return true;
    return payload.items.some((item) => {
      const known = this.pendingItems.get(item.id) ?? this.snapshot.items.get(item.id);
      return known !== undefined && known.priority !== item.priority;
    });
  }

  private receiveProgress(batch: ProgressBatch): void {
    for (const sample of batch.samples) this.pendingSamples.set(sample.id, sample);
    this.requestFrame();
  }

  private setStatus(status: EngineStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private requestFrame(): void {
    if (this.isFrameScheduled) return;
    this.isFrameScheduled = true;
    this.scheduleFrame(() => this.flush());
  }

  private flush(): void {
    this.isFrameScheduled = false;
    const touchedSampleIds = new Set<string>();
    if (this.pendingItems.size > 0 || this.pendingRemovedIds.size > 0) {
      const items = new Map(this.snapshot.items);
      for (const item of this.pendingItems.values()) {
        items.set(item.id, item);
        // A stopped item shows its checkpoint, not the last live sample.
        if (item.state !== 'active' && this.samples.delete(item.id)) touchedSampleIds.add(item.id);
      }
      for (const id of this.pendingRemovedIds) {
        items.delete(id);
        if (this.samples.delete(id)) touchedSampleIds.add(id);
      }
      this.pendingItems.clear();
      this.pendingRemovedIds.clear();
      this.snapshot = { ...this.snapshot, items };
      this.publish();
    }
    for (const sample of this.pendingSamples.values()) {
      const item = this.snapshot.items.get(sample.id);
      // Late samples of an item that has just stopped would make its numbers jump back and forth.
      if (item !== undefined && item.state !== 'active' && item.state !== 'queued') continue;
      this.samples.set(sample.id, sample);
      touchedSampleIds.add(sample.id);
    }
    this.pendingSamples.clear();
    for (const id of touchedSampleIds) {
      const listeners = this.sampleListeners.get(id);
      if (listeners === undefined) continue;
      for (const listener of listeners) listener();
    }
  }

  private publish(): void {
    for (const listener of this.listeners) listener();
  }
}

// Runtime: Node (engine). The public face of the download engine: the queue, its actions, and its events.
import { access, constants, mkdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type {
  AddOptions,
  AddOutcome,
  DownloadItem,
  DownloadState,
  EngineStatus,
  ErrorInfo,
  LogEntry,
  PauseReason,
  ProgressBatch,
  Settings,
  SettingsPatch,
} from '../../shared/download-types';
import { parseDownloadUrl } from '../../shared/download-url';
import { parseChecksumSpec } from './checksum-spec';
import { ConnectionLimiter } from './connection-limiter';
import { createDefaultSettings } from './default-settings';
import { DownloadError, isDownloadError, toDownloadError, toFileSystemError } from './errors';
import { HttpClient } from './http-client';
import { WRITE_BATCH_BYTES } from './segment-fetch';
import { WriteBufferPool } from './write-buffer-pool';
import { checkSettings } from './settings-check';
import type { DownloadRecord, DownloadRecordPatch, DownloadRepository } from './ports';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import { deleteFileIfExists, findStalePartials } from './stale-partials';
import { assertTransition } from './task-state';
import { DownloadTask, type TaskEnvironment } from './task';
import { TokenBucket } from './token-bucket';

/** Events the engine publishes. Progress and item changes are coalesced to one batch per tick (about 10 a second). */
export type EngineEvent =
  | { type: 'items-changed'; items: DownloadItem[]; removedIds: string[] }
  | { type: 'progress'; batch: ProgressBatch }
  | { type: 'status'; status: EngineStatus };

export type EngineListener = (event: EngineEvent) => void;

export type ReorderMove = 'up' | 'down' | 'top' | 'bottom';

export interface EngineOptions {
  repository: DownloadRepository;
  /** Used when no download folder was ever set. Default ~/Downloads. */
  defaultDirectory?: string;
  /** No bytes for this long means reconnect. Default 30000 ms. */
  stallTimeoutMs?: number;
  /** Default 30000 ms. */
  headersTimeoutMs?: number;
  /** Default 1000 ms. */
  checkpointIntervalMs?: number;
  /** Default 4 MiB. */
  checkpointBytes?: number;
  /** First retry delay. Default 1000 ms. */
  retryBaseDelayMs?: number;
  /** How often events are flushed to listeners. Default 100 ms (at most 10 batches a second). */
  eventIntervalMs?: number;
  /**
   * Which queued items this process may start. Default: all. The CLI runs only the items it was asked for,
   * leaving the rest of a shared queue for the app.
   */
  isRunnable?: (record: DownloadRecord) => boolean;
  /**
   * Whether this process owns the queue: at start it applies the resume-at-start setting to every unfinished
   * item. Default true. The CLI is a guest in a queue it shares with the app: it leaves the app's items as they
   * are, and the items it was asked for run whatever that setting says.
   */
  isQueueOwner?: boolean;
  /**
   * Raises the global and per-host connection caps to at least this many for this process, without changing the
   * stored settings: `fetchpoint get --connections 16` means 16 connections to that server.
   */
  connectionCapFloor?: number;
}

export interface ListQuery {
  offset: number;
  limit: number;
  states?: readonly DownloadState[] | undefined;
}

interface RunningTask {
  task: DownloadTask;
  controller: AbortController;
  done: Promise<void>;
  /** What the item becomes once the task has stopped, when it was stopped on purpose. */
  stopAs: { state: DownloadState; pauseReason: PauseReason | null } | null;
}

const TERMINAL_FOR_WAIT: ReadonlySet<DownloadState> = new Set(['completed', 'failed', 'paused', 'canceled']);

export class DownloadEngine {
  private readonly repository: DownloadRepository;
  private readonly http = new HttpClient();
  /** Enough idle buffers for every connection's writes in flight at the default caps (16 × 5), so none is reallocated. */
  private readonly writeBuffers = new WriteBufferPool(WRITE_BATCH_BYTES, 96);
  private readonly connectionLimiter: ConnectionLimiter;
  private readonly globalRateLimiter: TokenBucket;
  private readonly running = new Map<string, RunningTask>();
  private readonly listeners = new Set<EngineListener>();
  /** Called synchronously after any item changes state or is removed. */
  private readonly stateChangeListeners = new Set<() => void>();
  private readonly changedIds = new Set<string>();
  private readonly removedIds = new Set<string>();
  /** Items whose task ended but whose outcome the store could not save, with why; shown as their error. */
  private readonly unrecordedIds = new Map<string, ErrorInfo>();
  private readonly taskEnvironment: TaskEnvironment;
  private readonly eventIntervalMs: number;
  private readonly isRunnable: (record: DownloadRecord) => boolean;
  private readonly isQueueOwner: boolean;
  private readonly connectionCapFloor: number;
  private settings: Settings;
  private eventTimer: NodeJS.Timeout | null = null;
  private isOnline = true;
  private isMeteredNetwork = false;
  private isShuttingDown = false;
  /** The last network-policy run; the next one waits for it. Its failure is reported by the call that ran it. */
  private networkPolicyTail: Promise<void> = Promise.resolve();
  private hasStarted = false;
  private lastStatusJson = '';
  /** State counts as of the last event tick that saw no item change; null when they must be counted again. */
  private cachedStateCounts: Record<DownloadState, number> | null = null;

  constructor(options: EngineOptions) {
    this.repository = options.repository;
    const stored = options.repository.loadSettings();
    this.settings = loadCheckedSettings(createDefaultSettings(options.defaultDirectory), stored);
    this.connectionCapFloor = options.connectionCapFloor ?? 0;
    this.connectionLimiter = new ConnectionLimiter(this.effectiveConnectionLimits(this.settings));
    this.globalRateLimiter = new TokenBucket(this.settings.globalSpeedLimitBytesPerSecond);
    this.eventIntervalMs = options.eventIntervalMs ?? 100;
    this.isRunnable = options.isRunnable ?? (() => true);
    this.isQueueOwner = options.isQueueOwner ?? true;
    const retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs;
    this.taskEnvironment = {
      repository: this.repository,
      http: this.http,
      writeBuffers: this.writeBuffers,
      connectionLimiter: this.connectionLimiter,
      globalRateLimiter: this.globalRateLimiter,
      retryPolicy: () => ({ ...DEFAULT_RETRY_POLICY, baseDelayMs: retryBaseDelayMs, maxRetries: this.settings.maxRetries }),
      minSegmentBytes: () => this.settings.minSegmentBytes,
      stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
      headersTimeoutMs: options.headersTimeoutMs ?? 30_000,
      checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
      checkpointBytes: options.checkpointBytes ?? 4 * 1024 * 1024,
      log: (downloadId, entry) => this.appendLog(downloadId, entry),
      onRecordChanged: (downloadId) => this.markChanged(downloadId),
    };
  }

  /**
   * Reconciles the queue after a restart or a crash: items that were active resume by themselves (unless the
   * setting says otherwise), paused ones stay paused, completed ones are never fetched again, and stale partial
   * files are removed. Then the queue starts.
   */
  async start(): Promise<void> {
    if (this.hasStarted) return;
    this.hasStarted = true;
    const unfinished = this.isQueueOwner ? this.repository.listDownloads({ states: ['active', 'queued', 'paused'] }) : [];
    for (const record of unfinished) {
      // Paused for the network, it was waiting to run by itself: the setting decides for it as for running ones.
      const isWaitingForNetwork = record.pauseReason === 'network-lost' || record.pauseReason === 'metered-network';
      if (record.state === 'paused' && !isWaitingForNetwork) continue;
      if (this.settings.autoResumeOnStart) {
        if (record.state === 'active') {
          this.patchRecord(record.id, { state: 'queued' });
          this.appendLog(record.id, { level: 'info', kind: 'resume', message: 'Resuming after Fetchpoint restarted.' });
        }
      } else {
        this.patchRecord(record.id, { state: 'paused', pauseReason: 'shutdown' });
      }
    }
    await this.removeStalePartials();
    // The network state may have been reported before start(); it applies only now, to the reconciled queue.
    if (this.isQueueOwner) await this.applyNetworkPolicy();
    this.schedule();
  }

  /** Adds URLs; each line gets its own outcome, so one bad line never blocks the others. */
  async add(inputs: readonly string[], options: AddOptions = {}): Promise<AddOutcome[]> {
    const requestedDirectory = resolve(options.directory ?? this.settings.downloadDirectory);
    const directoryError = await checkWritableDirectory(requestedDirectory);
    const directory = directoryError === null ? await canonicalDirectory(requestedDirectory) : requestedDirectory;
    let checksum: string | null = null;
    let checksumError: string | null = null;
    if (options.checksum !== undefined && options.checksum.trim() !== '') {
      const parsed = parseChecksumSpec(options.checksum);
      if (parsed.ok) checksum = `${parsed.spec.algorithm}:${parsed.spec.hex}`;
      else checksumError = parsed.message;
    }
    const outcomes: AddOutcome[] = [];
    const seenInBatch = new Map<string, string>();
    for (const input of inputs) {
      const parsedUrl = parseDownloadUrl(input);
      if (!parsedUrl.ok) {
        outcomes.push({ status: 'invalid', input, code: parsedUrl.code, message: parsedUrl.message });
        continue;
      }
      if (directoryError !== null) {
        outcomes.push({ status: 'invalid', input, code: directoryError.code, message: directoryError.message });
        continue;
      }
      if (checksumError !== null) {
        outcomes.push({ status: 'invalid', input, code: 'DL_ERR_INVALID_INPUT', message: checksumError });
        continue;
      }
      const existing = this.findRecordByUrl(parsedUrl.url, directory, requestedDirectory);
      const existingId = existing?.id ?? seenInBatch.get(parsedUrl.url);
      if (existingId !== undefined) {
        outcomes.push({ status: 'duplicate', input, id: existingId, message: 'Already in the queue.' });
        continue;
      }
      const record = this.createRecord(parsedUrl.url, directory, options, checksum);
      this.repository.insertDownload(record);
      this.appendLog(record.id, { level: 'info', kind: 'added', message: `Added ${parsedUrl.url}.` });
      this.markChanged(record.id);
      seenInBatch.set(parsedUrl.url, record.id);
      outcomes.push({ status: 'added', input, id: record.id });
    }
    this.schedule();
    return outcomes;
  }

  /** Pauses items; active ones stop after a final sync and checkpoint. */
  async pause(ids: readonly string[], reason: PauseReason = 'user'): Promise<void> {
    await Promise.all(ids.map((id) => this.stopOrPatch(id, 'paused', reason)));
    this.schedule();
  }

  /** Puts paused or failed items back in the queue; they continue from their checkpoint. */
  resume(ids: readonly string[]): void {
    // Every id is checked before any is changed: a bulk action applies to all of them or to none.
    const records = ids.map((id) => this.requireRecord(id)).filter((record) => record.state !== 'queued' && !this.running.has(record.id));
    for (const record of records) {
      // An active item that no task here runs was left so by a process that was killed: it is queued again.
      if (record.state !== 'paused' && record.state !== 'failed' && record.state !== 'active') {
        throw new DownloadError('DL_ERR_INVALID_STATE', `A ${record.state} download cannot be resumed.`);
      }
    }
    for (const record of records) this.patchRecord(record.id, { state: 'queued', pauseReason: null, error: null });
    this.schedule();
  }

  /** Retries failed, canceled or completed items (a completed one is downloaded again on purpose). */
  retry(ids: readonly string[]): void {
    const records = ids.map((id) => this.requireRecord(id)).filter((record) => record.state !== 'queued' && record.state !== 'active');
    for (const record of records) assertTransition(record.state, 'queued');
    for (const record of records) {
      const id = record.id;
      const patch: DownloadRecordPatch = { state: 'queued', pauseReason: null, error: null };
      if (record.state === 'completed') Object.assign(patch, { tempPath: null, finishedAtMs: null, bytesDone: 0, fileName: null });
      this.patchRecord(id, patch);
      this.appendLog(id, { level: 'info', kind: 'retry', message: 'Retry requested.' });
    }
    this.schedule();
  }

  /** Stops items and deletes their partial data. */
  async cancel(ids: readonly string[]): Promise<void> {
    const records = ids.map((id) => this.requireRecord(id)).filter((record) => record.state !== 'completed' && record.state !== 'canceled');
    for (const record of records) {
      if (!this.running.has(record.id)) assertTransition(record.state, 'canceled');
    }
    try {
      for (const { id } of records) {
        await this.stopOrPatch(id, 'canceled', null);
        const stopped = this.repository.getDownload(id);
        if (stopped === undefined) continue;
        if (stopped.state === 'completed') {
          // The last byte and the final rename came before the stop did: the finished file is kept.
          this.appendLog(id, { level: 'info', kind: 'canceled', message: 'The download finished before it could be canceled; the file was kept.' });
          continue;
        }
        await this.discardPartial(stopped);
        this.appendLog(id, { level: 'info', kind: 'canceled', message: 'Canceled; the partial data was deleted.' });
      }
    } finally {
      this.schedule();
    }
  }

  /** Removes items from the queue; with `deleteFiles`, also deletes the finished file or the partial data. */
  async remove(ids: readonly string[], deleteFiles: boolean): Promise<void> {
    for (const id of ids) {
      const record = this.repository.getDownload(id);
      if (record === undefined) continue;
      const running = this.running.get(id);
      if (running !== undefined) {
        running.stopAs = { state: 'paused', pauseReason: 'user' };
        running.controller.abort();
        await running.done;
      }
      const current = this.requireRecord(id);
      if (current.tempPath !== null) await deleteFileIfExists(current.tempPath);
      if (deleteFiles && current.state === 'completed' && current.fileName !== null) {
        await deleteFileIfExists(join(current.directory, current.fileName));
      }
      this.repository.deleteDownload(id);
      this.changedIds.delete(id);
      this.removedIds.add(id);
      this.notifyStateChange();
      this.ensureEventTimer();
    }
    this.schedule();
  }

  /**
   * Gives an item a new URL after its link expired. The checkpoint is kept when the new URL serves the same file
   * (same size and validators); otherwise the next run starts over and logs why.
   */
  async refreshLink(id: string, newUrl: string): Promise<DownloadItem> {
    const parsed = parseDownloadUrl(newUrl);
    if (!parsed.ok) throw new DownloadError(parsed.code, parsed.message);
    const record = this.requireRecord(id);
    if (this.running.has(id)) await this.stopOrPatch(id, 'paused', 'user');
    this.patchRecord(id, { fetchUrl: parsed.url, finalUrl: null, error: null });
    this.appendLog(id, { level: 'info', kind: 'refresh-link', message: `New link given: ${parsed.url}. Progress is kept if it serves the same file.` });
    // Unfinished items go back to the queue with the new link; finished or canceled ones wait for an explicit retry.
    if (record.state !== 'completed' && record.state !== 'canceled') this.patchRecord(id, { state: 'queued', pauseReason: null });
    this.schedule();
    return this.toItem(this.requireRecord(id));
  }

  /** Moves an item in the queue order. */
  reorder(id: string, move: ReorderMove): void {
    const records = this.repository.listDownloads();
    const index = records.findIndex((record) => record.id === id);
    if (index < 0) throw notFound(id);
    const record = records[index] as DownloadRecord;
    if (move === 'top') this.patchRecord(id, { priority: (records[0]?.priority ?? 0) - 1 });
    else if (move === 'bottom') this.patchRecord(id, { priority: (records.at(-1)?.priority ?? 0) + 1 });
    else {
      const neighbour = records[move === 'up' ? index - 1 : index + 1];
      if (neighbour === undefined) return;
      const neighbourPriority = neighbour.priority === record.priority ? record.priority + (move === 'up' ? -1 : 1) : neighbour.priority;
      this.patchRecord(neighbour.id, { priority: record.priority });
      this.patchRecord(id, { priority: neighbourPriority });
    }
    this.schedule();
  }

  /** Starts items or pauses them all at once: the bulk actions of the toolbar. */
  async pauseAll(reason: PauseReason = 'user'): Promise<void> {
    const ids = this.repository.listDownloads({ states: ['active', 'queued'] }).map((record) => record.id);
    await this.pause(ids, reason);
  }

  /** Resumes paused items; with a reason, only those paused for that reason (e.g. after the network returns). */
  resumeAll(onlyReason?: PauseReason): void {
    const ids = this.repository
      .listDownloads({ states: ['paused'] })
      .filter((record) => onlyReason === undefined || record.pauseReason === onlyReason)
      .map((record) => record.id);
    this.resume(ids);
  }

  /** Removes completed items from the list; their files stay. */
  async clearCompleted(): Promise<void> {
    const ids = this.repository.listDownloads({ states: ['completed'] }).map((record) => record.id);
    await this.remove(ids, false);
  }

  list(query: ListQuery): { items: DownloadItem[]; total: number } {
    const records = this.repository.listDownloads({ states: query.states, offset: query.offset, limit: query.limit });
    return { items: records.map((record) => this.toItem(record)), total: this.repository.countDownloads(query.states) };
  }

  get(id: string): DownloadItem {
    return this.toItem(this.requireRecord(id));
  }

  async findByUrl(url: string, directory: string): Promise<DownloadItem | undefined> {
    const requestedDirectory = resolve(directory);
    const record = this.findRecordByUrl(url, await canonicalDirectory(requestedDirectory), requestedDirectory);
    return record === undefined ? undefined : this.toItem(record);
  }

  /** Items are stored under the folder's real path; ones stored before that was so, under the path as given. */
  private findRecordByUrl(url: string, canonical: string, requested: string): DownloadRecord | undefined {
    return this.repository.findByUrlAndDirectory(url, canonical) ?? this.repository.findByUrlAndDirectory(url, requested);
  }

  getLog(id: string, limit = 200): LogEntry[] {
    this.requireRecord(id);
    return this.repository.listLog(id, limit);
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  /** Applies a settings change at once: limits and caps take effect on running downloads too. */
  updateSettings(patch: SettingsPatch): Settings {
    const next = checkSettings({ ...this.settings, ...patch });
    this.settings = next;
    this.repository.saveSettings(next);
    this.connectionLimiter.setLimits(this.effectiveConnectionLimits(next));
    this.rebalanceConnectionShares();
    this.globalRateLimiter.setRate(next.globalSpeedLimitBytesPerSecond);
    void this.applyNetworkPolicy().catch((error: unknown) => {
      process.emitWarning(`Fetchpoint could not apply the metered-network setting: ${toDownloadError(error).message}`);
    });
    this.schedule();
    this.emitStatusIfChanged();
    return { ...next };
  }

  /**
   * Changes one item's connections or speed limit, live if it is running; a checksum (`algo:hex`) or request
   * headers apply from its next request and to its final check.
   */
  configureItem(
    id: string,
    change: {
      connections?: number | undefined;
      speedLimitBytesPerSecond?: number | null | undefined;
      checksum?: string | undefined;
      requestHeaders?: Record<string, string> | undefined;
    },
  ): DownloadItem {
    this.requireRecord(id);
    const patch: DownloadRecordPatch = {};
    if (change.connections !== undefined) patch.connections = change.connections;
    if (change.speedLimitBytesPerSecond !== undefined) patch.speedLimitBytesPerSecond = change.speedLimitBytesPerSecond;
    if (change.checksum !== undefined) {
      const parsed = parseChecksumSpec(change.checksum);
      if (!parsed.ok) throw new DownloadError('DL_ERR_INVALID_INPUT', parsed.message);
      patch.checksum = `${parsed.spec.algorithm}:${parsed.spec.hex}`;
    }
    if (change.requestHeaders !== undefined) patch.requestHeaders = normalizeHeaders(change.requestHeaders);
    this.patchRecord(id, patch);
    const running = this.running.get(id);
    if (running !== undefined) {
      if (change.connections !== undefined) running.task.setConnections(change.connections);
      if (change.speedLimitBytesPerSecond !== undefined) running.task.setSpeedLimit(change.speedLimitBytesPerSecond);
    }
    return this.get(id);
  }

  /** Tells the engine about the network: offline pauses active items ("network lost"), online resumes them. */
  async setNetworkState(state: { isOnline?: boolean; isMetered?: boolean }): Promise<void> {
    if (state.isOnline !== undefined) this.isOnline = state.isOnline;
    if (state.isMetered !== undefined) this.isMeteredNetwork = state.isMetered;
    await this.applyNetworkPolicy();
    this.emitStatusIfChanged();
  }

  status(): EngineStatus {
    let totalBytesPerSecond = 0;
    for (const running of this.running.values()) totalBytesPerSecond += running.task.snapshot().bytesPerSecond;
    return this.buildStatus(totalBytesPerSecond);
  }

  private buildStatus(totalBytesPerSecond: number, counts: Record<DownloadState, number> = this.repository.countByState()): EngineStatus {
    return { activeCount: counts.active, queuedCount: counts.queued, totalBytesPerSecond, isOnline: this.isOnline, isMetered: this.isMeteredNow() };
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    this.ensureEventTimer();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Resolves once none of `ids` is queued or active any more (or its task ended and that could not be saved);
   * checked at every state change, not at the event tick.
   */
  waitUntilSettled(ids: readonly string[]): Promise<void> {
    return new Promise((resolvePromise) => {
      const isSettled = (): boolean =>
        ids.every((id) => {
          const record = this.repository.getDownload(id);
          return record === undefined || TERMINAL_FOR_WAIT.has(record.state) || (this.unrecordedIds.has(id) && !this.running.has(id));
        });
      if (isSettled()) {
        resolvePromise();
        return;
      }
      const check = (): void => {
        if (!isSettled()) return;
        this.stateChangeListeners.delete(check);
        resolvePromise();
      };
      this.stateChangeListeners.add(check);
    });
  }

  /** Stops every task with a final sync and checkpoint. Active items stay queued, so the next start resumes them. */
  async shutdown(): Promise<void> {
    if (this.isShuttingDown) return;
    this.isShuttingDown = true;
    const stops = [...this.running.entries()].map(async ([, running]) => {
      // A pause or cancel already on its way keeps its outcome; only downloads still running come back queued.
      running.stopAs ??= { state: 'queued', pauseReason: null };
      running.controller.abort();
      await running.done;
    });
    await Promise.all(stops);
    this.flushEvents();
    if (this.eventTimer !== null) clearInterval(this.eventTimer);
    this.eventTimer = null;
    await this.http.close();
  }

  private createRecord(url: string, directory: string, options: AddOptions, checksum: string | null): DownloadRecord {
    const nowMs = Date.now();
    const bounds = this.repository.priorityBounds();
    return {
      id: this.repository.newDownloadId(),
      url,
      fetchUrl: url,
      finalUrl: null,
      directory,
      fileName: null,
      tempPath: null,
      totalBytes: null,
      etag: null,
      lastModified: null,
      supportsRanges: null,
      bytesDone: 0,
      state: options.startPaused === true ? 'paused' : 'queued',
      pauseReason: options.startPaused === true ? 'user' : null,
      error: null,
      requestHeaders: normalizeHeaders(options.requestHeaders ?? {}),
      checksum,
      connections: options.connections ?? this.settings.connectionsPerDownload,
      speedLimitBytesPerSecond: options.speedLimitBytesPerSecond ?? null,
      priority: (bounds?.max ?? 0) + 1,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      finishedAtMs: null,
    };
  }

  private effectiveConnectionLimits(settings: Settings): { maxGlobal: number; maxPerHost: number } {
    return {
      maxGlobal: Math.max(settings.maxConnectionsGlobal, this.connectionCapFloor),
      maxPerHost: Math.max(settings.maxConnectionsPerHost, this.connectionCapFloor),
    };
  }

  private isMeteredNow(): boolean {
    return this.settings.meteredNow || this.isMeteredNetwork;
  }

  /**
   * Pauses or resumes for the network state and the metered setting. Runs one at a time: a pause still stopping
   * its tasks would otherwise land after the resume of a later call, and leave downloads paused for good.
   */
  private applyNetworkPolicy(): Promise<void> {
    const next = this.networkPolicyTail.then(() => this.applyNetworkPolicyNow());
    this.networkPolicyTail = next.catch(() => undefined);
    return next;
  }

  private async applyNetworkPolicyNow(): Promise<void> {
    // Before start() the queue is not reconciled yet: start() applies the policy itself.
    if (!this.hasStarted) return;
    if (!this.isOnline) {
      await this.pauseAll('network-lost');
      return;
    }
    this.resumeAll('network-lost');
    if (this.settings.pauseOnMeteredNetwork && this.isMeteredNow()) {
      await this.pauseAll('metered-network');
    } else {
      this.resumeAll('metered-network');
    }
  }

  /** Fills free slots with queued items, lowest priority number first. */
  private schedule(): void {
    if (this.isShuttingDown || !this.hasStarted) return;
    const pageSize = 100;
    let offset = 0;
    while (this.running.size < this.settings.maxActiveDownloads) {
      if (!this.isOnline || (this.settings.pauseOnMeteredNetwork && this.isMeteredNow())) break;
      const page = this.repository.listDownloads({ states: ['queued'], offset, limit: pageSize });
      let startedCount = 0;
      for (const record of page) {
        if (this.running.size >= this.settings.maxActiveDownloads) break;
        if (this.isRunnable(record) && !this.running.has(record.id)) {
          this.startTask(record);
          startedCount += 1;
        }
      }
      if (page.length < pageSize) break;
      // Started items left the queued set, so the next page begins that much earlier.
      offset += pageSize - startedCount;
    }
    this.emitStatusIfChanged();
  }

  private startTask(record: DownloadRecord): void {
    this.unrecordedIds.delete(record.id);
    this.patchRecord(record.id, { state: 'active', pauseReason: null, error: null });
    const task = new DownloadTask({ ...record, state: 'active' }, this.taskEnvironment);
    const controller = new AbortController();
    const entry: RunningTask = { task, controller, done: Promise.resolve(), stopAs: null };
    entry.done = task
      .run(controller.signal)
      .then(
        (outcome) => this.onTaskSettled(record.id, entry, outcome, null),
        (error: unknown) => this.onTaskSettled(record.id, entry, 'stopped', error),
      )
      .catch((error: unknown) => {
        // Recording the outcome failed (a full disk under the store, the store gone during shutdown): the row may
        // still say "active". Say so, and stop anyone waiting for this item from waiting for ever.
        const failure = toDownloadError(error);
        this.unrecordedIds.set(record.id, { code: failure.code, message: failure.message, retryable: failure.retryable });
        this.appendLog(record.id, { level: 'error', kind: 'internal', message: `How the download ended could not be saved: ${failure.message}` });
        this.notifyStateChange();
      });
    this.running.set(record.id, entry);
    this.rebalanceConnectionShares();
    this.ensureEventTimer();
  }

  /**
   * Splits each host's connection cap fairly between the downloads running against it, so a second download on
   * the same server is not starved until the first one ends.
   */
  private rebalanceConnectionShares(): void {
    const byHost = new Map<string, DownloadTask[]>();
    for (const { task } of this.running.values()) {
      const tasks = byHost.get(task.host) ?? [];
      tasks.push(task);
      byHost.set(task.host, tasks);
    }
    const { maxPerHost } = this.effectiveConnectionLimits(this.settings);
    for (const tasks of byHost.values()) {
      const share = Math.max(1, Math.floor(maxPerHost / tasks.length));
      for (const task of tasks) task.setConnectionShare(share);
    }
  }

  private onTaskSettled(id: string, entry: RunningTask, outcome: 'completed' | 'stopped', error: unknown): void {
    this.running.delete(id);
    this.rebalanceConnectionShares();
    if (this.repository.getDownload(id) === undefined) return;
    if (outcome === 'completed' && error === null) {
      this.patchRecord(id, { state: 'completed', finishedAtMs: Date.now(), pauseReason: null, error: null });
    } else if (error !== null && !(entry.stopAs !== null && isDownloadError(error) && error.code === 'DL_ERR_ABORTED')) {
      const failure = toDownloadError(error);
      const info = { code: failure.code, message: failure.message, retryable: failure.retryable };
      if (failure.code === 'DL_ERR_DISK_FULL') {
        this.patchRecord(id, { state: 'paused', pauseReason: 'disk-full', error: info });
      } else {
        this.patchRecord(id, { state: 'failed', error: info });
      }
      this.appendLog(id, { level: 'error', kind: 'failed', message: failure.message });
    } else if (entry.stopAs !== null) {
      this.patchRecord(id, { state: entry.stopAs.state, pauseReason: entry.stopAs.pauseReason });
    } else {
      this.patchRecord(id, { state: 'queued' });
    }
    this.schedule();
  }

  /** Moves an item to `state`: running ones are stopped first (sync + checkpoint), others are just patched. */
  private async stopOrPatch(id: string, state: DownloadState, pauseReason: PauseReason | null): Promise<void> {
    const record = this.requireRecord(id);
    if (record.state === state) return;
    const running = this.running.get(id);
    if (running !== undefined) {
      running.stopAs = { state, pauseReason };
      running.controller.abort();
      await running.done;
      return;
    }
    assertTransition(record.state, state);
    this.patchRecord(id, { state, pauseReason });
  }

  private async discardPartial(record: DownloadRecord): Promise<void> {
    if (record.tempPath !== null) await deleteFileIfExists(record.tempPath);
    this.repository.saveCheckpoint(record.id, { bytesDone: 0, segments: [] });
    this.patchRecord(record.id, { tempPath: null, bytesDone: 0, totalBytes: null, etag: null, lastModified: null });
  }

  private async removeStalePartials(): Promise<void> {
    const stale = await findStalePartials(this.repository.listDownloads(), {
      maxAgeMs: this.settings.stalePartialMaxAgeDays * 86_400_000,
      maxTotalBytes: this.settings.stalePartialMaxTotalBytes,
      nowMs: Date.now(),
      onUnreadable: (record, error) =>
        this.appendLog(record.id, { level: 'warn', kind: 'cleanup', message: `The old partial file could not be checked: ${error.message}` }),
    });
    for (const partial of stale) {
      try {
        await this.discardPartial(partial.record);
      } catch (error) {
        // One file that cannot be deleted must not keep the queue from starting: it is reported on its item.
        this.appendLog(partial.record.id, { level: 'warn', kind: 'cleanup', message: `The old partial file could not be deleted: ${toDownloadError(error).message}` });
        continue;
      }
      this.appendLog(partial.record.id, {
        level: 'info',
        kind: 'cleanup',
        message: `Deleted the partial file (${partial.sizeBytes} bytes) because ${partial.reason}.`,
      });
    }
  }

  private toItem(record: DownloadRecord): DownloadItem {
    const running = this.running.get(record.id);
    const sample = running?.task.snapshot();
    return {
      id: record.id,
      url: record.url,
      fetchUrl: record.fetchUrl,
      finalUrl: record.finalUrl,
      directory: record.directory,
      fileName: record.fileName,
      totalBytes: record.totalBytes,
      bytesDone: sample?.bytesDone ?? record.bytesDone,
      state: record.state,
      pauseReason: record.pauseReason,
      error: record.error ?? this.unrecordedIds.get(record.id) ?? null,
      supportsRanges: record.supportsRanges,
      etag: record.etag,
      lastModified: record.lastModified,
      checksum: record.checksum,
      connections: record.connections,
      speedLimitBytesPerSecond: record.speedLimitBytesPerSecond,
      requestHeaders: record.requestHeaders,
      priority: record.priority,
      createdAtMs: record.createdAtMs,
      updatedAtMs: record.updatedAtMs,
      finishedAtMs: record.finishedAtMs,
      segments: sample?.segments ?? this.repository.getSegments(record.id),
    };
  }

  private patchRecord(id: string, patch: DownloadRecordPatch): void {
    const record = this.repository.getDownload(id);
    if (record === undefined) return;
    if (patch.state !== undefined && patch.state !== record.state) {
      assertTransition(record.state, patch.state);
      this.appendLog(id, { level: 'info', kind: 'state', message: `${record.state} → ${patch.state}${patch.pauseReason ? ` (${patch.pauseReason})` : ''}.` });
    }
    this.repository.updateDownload(id, { ...patch, updatedAtMs: Date.now() });
    this.markChanged(id);
    if (patch.state !== undefined && patch.state !== record.state) this.notifyStateChange();
  }

  private notifyStateChange(): void {
    for (const listener of [...this.stateChangeListeners]) listener();
  }

  private requireRecord(id: string): DownloadRecord {
    const record = this.repository.getDownload(id);
    if (record === undefined) throw notFound(id);
    return record;
  }

  /** Never throws: when the store itself fails (a full disk), the line goes to the process's warnings instead. */
  private appendLog(downloadId: string, entry: Omit<LogEntry, 'atMs'>): void {
    try {
      if (this.repository.getDownload(downloadId) === undefined) return;
      this.repository.appendLog(downloadId, { ...entry, atMs: Date.now() });
    } catch (error) {
      process.emitWarning(`Fetchpoint (${downloadId}): ${entry.message} The item's log could not record this: ${toDownloadError(error).message}`);
    }
  }

  private markChanged(id: string): void {
    this.changedIds.add(id);
    this.ensureEventTimer();
  }

  private ensureEventTimer(): void {
    if (this.eventTimer !== null || this.isShuttingDown) return;
    this.eventTimer = setInterval(() => this.flushEvents(), this.eventIntervalMs);
  }

  /** One batch per tick: changed items, then progress of everything running. */
  private flushEvents(): void {
    if (this.changedIds.size > 0 || this.removedIds.size > 0) {
      this.cachedStateCounts = null;
      const items: DownloadItem[] = [];
      for (const id of this.changedIds) {
        const record = this.repository.getDownload(id);
        if (record !== undefined) items.push(this.toItem(record));
      }
      const removedIds = [...this.removedIds];
      this.changedIds.clear();
      this.removedIds.clear();
      this.emit({ type: 'items-changed', items, removedIds });
    }
    if (this.running.size > 0) {
      const nowMs = performance.now();
      const samples = [...this.running.values()].map((running) => running.task.snapshot(nowMs));
      this.emit({ type: 'progress', batch: { atMs: Date.now(), samples } });
      // The speeds were just sampled; sampling every task again for the status would be the same work twice.
      // Counts change only with items, which the branch above reports: a queue of 10,000 is not counted 10 times a second.
      this.cachedStateCounts ??= this.repository.countByState();
      this.emitStatusIfChanged(this.buildStatus(samples.reduce((sum, sample) => sum + sample.bytesPerSecond, 0), this.cachedStateCounts));
    } else if (this.listeners.size === 0 && this.eventTimer !== null) {
      clearInterval(this.eventTimer);
      this.eventTimer = null;
    }
  }

  private emitStatusIfChanged(status: EngineStatus = this.status()): void {
    const json = JSON.stringify({ ...status, totalBytesPerSecond: Math.round(status.totalBytesPerSecond / 1024) });
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.emit({ type: 'status', status });
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken subscriber must not stop the others; the error is reported, not swallowed.
        process.emitWarning(`Fetchpoint event listener failed: ${toDownloadError(error).message}`);
      }
    }
  }
}

function notFound(id: string): DownloadError {
  return new DownloadError('DL_ERR_NOT_FOUND', `No download with id ${id} exists.`);
}

function normalizeHeaders(headers: Record<string, string>): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const trimmedName = name.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(trimmedName)) throw new DownloadError('DL_ERR_INVALID_INPUT', `“${name}” is not a valid header name.`);
    if (/[\r\n]/.test(value)) throw new DownloadError('DL_ERR_INVALID_INPUT', `The value of header “${name}” contains a line break.`);
    normalized[trimmedName] = value.trim();
  }
  return normalized;
}

/**
 * The folder's real path, so a folder reached through a symlink is still one folder. As given when there is none:
 * a folder that does not exist yet (adding to it reports why it cannot be used), or a volume whose real path
 * cannot be read (Windows RAM disks answer EISDIR, nodejs/node#6861), which then simply is not canonicalised.
 */
async function canonicalDirectory(directory: string): Promise<string> {
  try {
    return await realpath(directory);
  } catch {
    return directory;
  }
}

async function checkWritableDirectory(directory: string): Promise<DownloadError | null> {
  try {
    await mkdir(directory, { recursive: true });
    await access(directory, constants.W_OK);
    return null;
  } catch (error) {
    const failure = toFileSystemError(error, `write to the folder ${directory}`);
    return new DownloadError('DL_ERR_DIRECTORY_UNWRITABLE', `The folder ${directory} cannot be written to: ${failure.message}`, { cause: error });
  }
}

/**
 * Stored settings over the defaults. A stored value that no longer passes the checks (saved by another version)
 * falls back to its default alone, with a warning; every other setting the user chose is kept.
 */
function loadCheckedSettings(defaults: Settings, stored: Partial<Settings>): Settings {
  let settings = defaults;
  for (const [key, value] of Object.entries(stored)) {
    try {
      settings = checkSettings({ ...settings, [key]: value });
    } catch (error) {
      process.emitWarning(`Fetchpoint: the saved setting “${key}” (${JSON.stringify(value)}) is not valid, so its default is used: ${toDownloadError(error).message}`);
    }
  }
  return settings;
}

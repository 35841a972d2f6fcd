// Runtime: Node (engine). Runs one download from probe to the final rename, restarting cleanly when the file changes.
import { stat, truncate } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LogEntry, ProgressSample, SegmentProgress } from '../../shared/download-types';
import { createAbortError, throwIfAborted, waitForDelay } from './abortable-delay';
import { formatChecksumSpec, parseChecksumSpec, type ChecksumSpec } from './checksum-spec';
import { DownloadError, getSystemErrorCode, isDownloadError, toDownloadError, toFileSystemError } from './errors';
import { chooseFileName, isInsideDirectory, sanitizeFileName } from './file-name';
import { hashFile } from './file-hash';
import type { HttpClient } from './http-client';
import { createLiveSegment, isSegmentDone, type LiveSegment } from './live-segment';
import { ConnectionPool } from './connection-pool';
import { OpenedResponseSlot, type OpenedResponse } from './opened-response';
import { PartFile } from './part-file';
import { prefetchBody } from './prefetched-body';
import type { DownloadRecord, DownloadRecordPatch, DownloadRepository } from './ports';
import { chooseIfRangeValidator, openResource, probeResource, type ProbeResult } from './probe';
import { estimateSecondsLeft, ProgressMeter } from './progress-meter';
import { computeRetryDelayMs, describeRetryReason, isRetryableError, type RetryPolicyOptions } from './retry-policy';
import { planSegments } from './segment-plan';
import { fetchSegment, type SegmentFetchContext } from './segment-fetch';
import { publishFile } from './publish-file';
import { canProveVersion, describeVersionChange, lacksStoredValidator } from './version-proof';
import type { ConnectionLimiter } from './connection-limiter';
import { TokenBucket } from './token-bucket';
import type { WriteBufferPool } from './write-buffer-pool';

/** Engine-wide services and tunables a task runs with. */
export interface TaskEnvironment {
  repository: DownloadRepository;
  http: HttpClient;
  /** Buffers that segment bodies are read into and written from, shared by every task. */
  writeBuffers: WriteBufferPool;
  connectionLimiter: ConnectionLimiter;
  globalRateLimiter: TokenBucket;
  retryPolicy: () => RetryPolicyOptions;
  minSegmentBytes: () => number;
  /** No bytes for this long means reconnect. Default 30000 ms. */
  stallTimeoutMs: number;
  /** Time allowed for response headers. Default 30000 ms. */
  headersTimeoutMs: number;
  /** A checkpoint is written at least this often while bytes flow. Default 1000 ms. */
  checkpointIntervalMs: number;
  /** …or after this many new bytes, whichever comes first. Default 4 MiB. */
  checkpointBytes: number;
  log: (downloadId: string, entry: Omit<LogEntry, 'atMs'>) => void;
  /** Called when the persisted record changed, so listeners can refresh. */
  onRecordChanged: (downloadId: string) => void;
}

/** How a run ended without an exception. */
export type TaskOutcome = 'completed' | 'stopped';

/** After this many clean restarts in one run the download fails instead of looping on a server that keeps changing. */
const MAX_RESTARTS_PER_RUN = 5;
/**
 * How much of a fresh download's first response is read into memory while its file is being named and created
 * (a few ms): about 12 ms of a loopback transfer, and far more than that on any real link.
 */
const FIRST_RESPONSE_PREFETCH_BYTES = 16 * 1024 * 1024;

export class DownloadTask {
  private record: DownloadRecord;
  private segments: LiveSegment[] = [];
  private readonly meter: ProgressMeter;
  private readonly rateLimiter: TokenBucket;
  private connectionShare = Number.POSITIVE_INFINITY;
  private serverConnectionCap = Number.POSITIVE_INFINITY;
  private pool: ConnectionPool | null = null;
  private activeConnectionCount = 0;
  private bytesSinceCheckpoint = 0;
  private lastCheckpointAtMs = 0;
  private checkpointInFlight: Promise<void> | null = null;
  /** A background checkpoint that failed: this run may claim no further byte. */
  private checkpointFailure: DownloadError | null = null;
  private file: PartFile | null = null;
  private hasServerServed = false;
  private isHeadDistrusted = false;
  private isRangeForcedOff = false;

  constructor(
    record: DownloadRecord,
    private readonly environment: TaskEnvironment,
  ) {
    this.record = record;
    this.rateLimiter = new TokenBucket(record.speedLimitBytesPerSecond);
    this.meter = new ProgressMeter(record.bytesDone);
    this.hasServerServed = record.bytesDone > 0;
  }

  get id(): string {
    return this.record.id;
  }

  /** Live bytes written, including those not yet checkpointed. */
  get bytesWritten(): number {
    if (this.segments.length === 0) return this.record.bytesDone;
    return this.segments.reduce((sum, segment) => sum + (segment.writtenNext - segment.startByte), 0);
  }

  /** Changes the connection count while running; extra connections start at once, surplus ones end after their segment. */
  setConnections(connections: number): void {
    this.record.connections = connections;
    this.pool?.rebalance();
  }

  /** This download's fair share of its host's connection cap, set by the engine when downloads start or end. */
  setConnectionShare(share: number): void {
    if (share === this.connectionShare) return;
    this.connectionShare = share;
    this.pool?.rebalance();
  }

  /** The host this download talks to, once known. */
  get host(): string {
    return new URL(this.record.finalUrl ?? this.record.fetchUrl).host;
  }

  setSpeedLimit(bytesPerSecond: number | null): void {
    this.record.speedLimitBytesPerSecond = bytesPerSecond;
    this.rateLimiter.setRate(bytesPerSecond);
  }

  snapshot(nowMs: number = performance.now()): ProgressSample {
    const bytesDone = this.bytesWritten;
    const bytesPerSecond = this.meter.update(bytesDone, nowMs);
    return {
      id: this.record.id,
      bytesDone,
      totalBytes: this.record.totalBytes,
      bytesPerSecond,
      etaSeconds: estimateSecondsLeft(bytesDone, this.record.totalBytes, bytesPerSecond),
      activeConnections: this.activeConnectionCount,
      segments: this.segments.map((segment) => ({
        startByte: segment.startByte,
        endByte: segment.endByte ?? Math.max(segment.startByte, segment.writtenNext - 1),
        nextByte: segment.writtenNext,
      })),
    };
  }

  /**
   * Runs until the file is complete, the signal aborts ('stopped'), or a failure that retrying cannot fix (throws).
   * Whatever happens, the bytes that reached the disk are synced and checkpointed before this returns.
   */
  async run(signal: AbortSignal): Promise<TaskOutcome> {
    for (let restartCount = 0; ; restartCount += 1) {
      try {
        await this.runOnce(signal);
        return 'completed';
      } catch (error) {
        if (signal.aborted) {
          // A stop cuts connections, so transient errors are its echo; anything else (a full disk) still gets said.
          if (!isRetryableError(error) && !(isDownloadError(error) && error.code === 'DL_ERR_ABORTED')) {
            this.log('warn', 'stopped', `Stopped while this error happened: ${toDownloadError(error).message}`);
          }
          return 'stopped';
        }
        if (!isRestartError(error) || restartCount >= MAX_RESTARTS_PER_RUN) throw error;
        this.applyRestart(error);
        await this.resetProgress(`Starting over from byte 0: ${error.message}`);
      } finally {
        await this.closeFile();
      }
    }
  }

  private async runOnce(signal: AbortSignal): Promise<void> {
    const storedSegments = this.environment.repository.getSegments(this.record.id);
    if (await this.finishWithoutServer(signal, storedSegments)) return;
    const hadProgress = this.record.bytesDone > 0 || storedSegments.length > 0;
    const { probe, opened } = hadProgress
      ? { probe: await this.withRetries(signal, 'probe', () => this.probeForResume(signal)), opened: null }
      : await this.withRetries(signal, 'probe', () => this.openFirstResponse(signal));
    const openedSlot = new OpenedResponseSlot(opened);
    try {
      throwIfAborted(signal);
      this.hasServerServed = true;
      await this.adoptProbe(probe, hadProgress);
      // Without ranges one request must carry the whole file; a first response cut short for segment 0 cannot.
      if (opened !== null && this.record.supportsRanges !== true && !coversWholeFile(opened, this.record.totalBytes)) openedSlot.discard();
      await this.openPartFile();
      if (!this.segments.every(isSegmentDone)) {
        await this.downloadSegments(probe, signal, openedSlot);
      }
    } finally {
      openedSlot.discard();
    }
    await this.finish(signal);
  }

  /**
   * A run killed after its last checkpoint covered every byte needs no server, whose file may have changed since:
   * it publishes the `.part` file. A run killed while publishing is finished from what it left: the file it
   * already published is only recorded (and one the user has since deleted is not fetched again). Returns true
   * when the download is complete.
   */
  private async finishWithoutServer(signal: AbortSignal, segments: readonly SegmentProgress[]): Promise<boolean> {
    const { tempPath, fileName, totalBytes, directory } = this.record;
    if (tempPath === null) {
      // Published and recorded; only the engine's "completed" was not written yet.
      return fileName !== null && totalBytes !== null && this.record.bytesDone === totalBytes;
    }
    if (totalBytes === null || totalBytes === 0) return false;
    if (isPublishing(segments, this.record.bytesDone, totalBytes)) {
      if ((await statSizeOrNull(tempPath)) !== null) {
        this.log('info', 'finish', 'Fetchpoint stopped while saving the finished file under its name; finishing that now.');
        const finalName = await this.moveToFinalName();
        this.log('info', 'complete', `Saved as ${finalName}.`);
        return true;
      }
      // Publishing removes the `.part` file only once the file exists under its name.
      this.updateRecord({ tempPath: null });
      const isFileThere = fileName !== null && (await statSizeOrNull(join(directory, fileName))) !== null;
      if (isFileThere) this.log('info', 'complete', `Saved as ${fileName} before Fetchpoint stopped.`);
      else this.log('warn', 'complete', `The download had finished before Fetchpoint stopped, but its file ${fileName ?? ''} is no longer in the folder.`);
      return true;
    }
    // A missing or different `.part` file goes the usual way, which starts over and says why.
    if (!isCheckpointComplete(segments, totalBytes) || (await statSizeOrNull(tempPath)) !== totalBytes) return false;
    this.log('info', 'finish', 'Every byte was saved before Fetchpoint stopped; finishing without asking the server again.');
    await this.openPartFile();
    await this.finish(signal);
    return true;
  }

  /** A resume must learn whether the file is still the same before it asks for any range of it. */
  private async probeForResume(signal: AbortSignal): Promise<ProbeResult> {
    const probe = await probeResource(this.environment.http, {
      url: this.record.fetchUrl,
      headers: this.record.requestHeaders,
      signal,
      timeoutMs: this.environment.headersTimeoutMs,
      isHeadDistrusted: this.isHeadDistrusted,
    });
    if (probe.method !== 'HEAD' || !lacksStoredValidator(this.record, probe)) return probe;
    // Some servers leave validators out of HEAD answers; a GET of byte 0 shows what the ranged requests will get.
    this.isHeadDistrusted = true;
    return this.probeForResume(signal);
  }

  /**
   * A fresh download's first GET, which holds a connection slot: its body, when it is the file from byte 0, is
   * kept for the first segment. After a redirect to another host the slot moves to that host, or, when that
   * host is at its cap, the body is dropped and the first segment asks again once a slot is free.
   */
  private async openFirstResponse(signal: AbortSignal): Promise<{ probe: ProbeResult; opened: OpenedResponse | null }> {
    const limiter = this.environment.connectionLimiter;
    const requestHost = new URL(this.record.fetchUrl).host;
    let releaseConnection = await limiter.acquire(requestHost, signal);
    try {
      const { probe, opened } = await openResource(this.environment.http, {
        url: this.record.fetchUrl,
        headers: this.record.requestHeaders,
        signal,
        headersTimeoutMs: this.environment.headersTimeoutMs,
        bodyTimeoutMs: this.environment.stallTimeoutMs,
        isRanged: !this.isRangeForcedOff,
        // One connection takes the whole file in this one response. With more, the first response stops where
        // the smallest segment could, so no byte is fetched twice when the plan cuts segment 0 short.
        lastByte: this.connectionTarget === 1 ? null : this.environment.minSegmentBytes() - 1,
      });
      if (opened === null) {
        releaseConnection();
        return { probe, opened: null };
      }
      const { lastByte } = opened;
      const response = { ...opened.response, body: prefetchBody(opened.response.body, this.environment.writeBuffers, this.firstResponsePrefetchBytes()) };
      const finalHost = new URL(probe.finalUrl).host;
      if (finalHost !== requestHost) {
        releaseConnection();
        const moved = limiter.tryAcquire(finalHost);
        if (moved === null) {
          response.body.discard();
          return { probe, opened: null };
        }
        releaseConnection = moved;
      }
      return { probe, opened: { response, releaseConnection, lastByte } };
    } catch (error) {
      releaseConnection();
      throw error;
    }
  }

  /** Whether this download's own limit or the global one paces it. */
  private isRateLimited(): boolean {
    return this.rateLimiter.rateBytesPerSecond !== null || this.environment.globalRateLimiter.rateBytesPerSecond !== null;
  }

  /** Under a speed limit nothing is read ahead: every byte must wait for its tokens. */
  private firstResponsePrefetchBytes(): number {
    return this.isRateLimited() ? 0 : FIRST_RESPONSE_PREFETCH_BYTES;
  }

  /** `hadProgress`: the probe was a resume's, so a changed file or lost range support means starting over. */
  private async adoptProbe(probe: ProbeResult, hadProgress: boolean): Promise<void> {
    const canUseRanges = probe.supportsRanges && !this.isRangeForcedOff && probe.totalBytes !== null;
    const supportsRanges = canUseRanges && canProveVersion(probe);
    this.log('info', 'probe', describeProbe(probe));
    if (canUseRanges && !supportsRanges) {
      this.log(
        'warn',
        'no-validator',
        'The server sends neither a strong ETag nor Last-Modified (a weak ETag cannot guard a range), so bytes fetched at different times cannot be proven to be one version: one connection, and a lost connection starts over.',
      );
    }
    if (hadProgress) {
      const changeReason = describeVersionChange(this.record, probe);
      if (changeReason !== null) {
        await this.resetProgress(`Starting over from byte 0: ${changeReason}`);
      } else if (!supportsRanges) {
        await this.resetProgress('Starting over from byte 0: the server cannot resume downloads (no byte ranges).');
      }
    }
    const fileName = this.record.fileName ?? this.pickFileName(probe);
    const serverChecksum = probe.serverChecksum === null ? null : formatChecksumSpec(probe.serverChecksum);
    this.updateRecord({
      finalUrl: probe.finalUrl,
      totalBytes: probe.totalBytes,
      etag: probe.etag,
      lastModified: probe.lastModified,
      supportsRanges,
      fileName,
      tempPath: this.record.tempPath ?? join(this.record.directory, `${fileName}.${this.record.id.slice(0, 8)}.part`),
      checksum: this.record.checksum ?? serverChecksum,
    });
  }

  private pickFileName(probe: ProbeResult): string {
    const name = chooseFileName({
      contentDisposition: probe.contentDisposition,
      finalUrl: probe.finalUrl,
      originalUrl: this.record.url,
      contentType: probe.contentType,
    });
    const safeName = sanitizeFileName(name);
    if (!isInsideDirectory(this.record.directory, join(this.record.directory, safeName))) {
      throw new DownloadError('DL_ERR_INVALID_INPUT', 'The server suggested a file name outside the download folder.');
    }
    return safeName;
  }

  /** Opens the `.part` file and trusts only the bytes that both the checkpoint and the file agree on. */
  private async openPartFile(): Promise<void> {
    const tempPath = this.requireTempPath();
    const storedSegments = this.environment.repository.getSegments(this.record.id);
    const existingSizeBytes = await statSizeOrNull(tempPath);
    let trusted = storedSegments;
    if (existingSizeBytes === null && storedSegments.some((segment) => segment.nextByte > segment.startByte)) {
      this.log('warn', 'restart', 'Starting over from byte 0: the .part file is missing.');
      trusted = [];
    } else if (existingSizeBytes !== null) {
      const clamped = storedSegments.map((segment) => ({
        ...segment,
        nextByte: Math.max(segment.startByte, Math.min(segment.nextByte, existingSizeBytes)),
      }));
      const lostBytes = storedSegments.reduce((sum, s, i) => sum + s.nextByte - (clamped[i]?.nextByte ?? s.nextByte), 0);
      if (lostBytes > 0) {
        this.log('warn', 'restart', `The .part file is shorter than the checkpoint; ${lostBytes} bytes will be fetched again.`);
      }
      trusted = clamped;
    }
    this.file = await PartFile.open(tempPath);
    const totalBytes = this.record.totalBytes;
    if (trusted.length === 0) {
      this.segments = this.planFreshSegments();
      if (existingSizeBytes !== null && existingSizeBytes > 0) await this.file.resize(0);
      if (totalBytes !== null && this.record.supportsRanges === true) await this.file.resize(totalBytes);
    } else {
      this.segments = trusted.map((segment) => createLiveSegment(segment.startByte, segment.endByte, segment.nextByte));
      if (totalBytes !== null && existingSizeBytes !== totalBytes && this.record.supportsRanges === true) {
        await this.file.resize(totalBytes);
      }
    }
    this.meter.reset(this.bytesWritten);
    await this.saveCheckpoint();
  }

  private planFreshSegments(): LiveSegment[] {
    const totalBytes = this.record.totalBytes;
    if (totalBytes === 0) return [];
    if (totalBytes === null || this.record.supportsRanges !== true) return [createLiveSegment(0, totalBytes === null ? null : totalBytes - 1, 0)];
    return planSegments(totalBytes, this.connectionTarget, this.environment.minSegmentBytes()).map((segment) =>
      createLiveSegment(segment.startByte, segment.endByte, segment.nextByte),
    );
  }

  private async downloadSegments(probe: ProbeResult, signal: AbortSignal, openedSlot: OpenedResponseSlot): Promise<void> {
    const file = this.requireFile();
    const host = new URL(probe.finalUrl).host;
    const context: SegmentFetchContext = {
      http: this.environment.http,
      writeBuffers: this.environment.writeBuffers,
      requestUrl: probe.finalUrl,
      headers: this.record.requestHeaders,
      isRanged: this.record.supportsRanges === true,
      ifRangeValidator: chooseIfRangeValidator(this.record.etag, this.record.lastModified),
      etag: this.record.etag,
      lastModified: this.record.lastModified,
      totalBytes: this.record.totalBytes,
      file,
      rateLimiters: [this.rateLimiter, this.environment.globalRateLimiter],
      headersTimeoutMs: this.environment.headersTimeoutMs,
      stallTimeoutMs: this.environment.stallTimeoutMs,
      hasServedBefore: () => this.hasServerServed,
      onBytesWritten: (byteCount) => this.onBytesWritten(byteCount),
    };
    const pool = new ConnectionPool(
      {
        segments: this.segments,
        connectionTarget: () => this.connectionTarget,
        minSegmentBytes: () => this.environment.minSegmentBytes(),
        canSplit: () => this.record.supportsRanges === true,
        isRateLimited: () => this.isRateLimited(),
        fetchSegment: (segment, workerSignal) => this.fetchWithRetries(context, host, segment, workerSignal, openedSlot),
        onSlowConnectionReplaced: (bytesPerSecond, medianBytesPerSecond) =>
          this.log(
            'info',
            'slow-connection',
            `Replaced a connection running at ${Math.round(bytesPerSecond / 1024)} KiB/s while the others ran at ${Math.round(medianBytesPerSecond / 1024)} KiB/s.`,
          ),
      },
      signal,
    );
    const checkpointTimer = setInterval(() => this.checkpointInBackground(), this.environment.checkpointIntervalMs);
    this.pool = pool;
    try {
      await pool.run();
    } finally {
      this.pool = null;
      clearInterval(checkpointTimer);
      await this.saveCheckpoint();
    }
    if (!this.segments.every(isSegmentDone) && this.record.totalBytes !== null) {
      throw new DownloadError('DL_ERR_NETWORK', 'The download stopped before every byte arrived.', { retryable: true });
    }
  }

  /** Connections to run now: the item's setting, capped by its fair share of the host and by what the server accepts. */
  private get connectionTarget(): number {
    return Math.max(1, Math.min(this.record.connections, this.connectionShare, this.serverConnectionCap));
  }

  /**
   * Fetches one segment, retrying transient failures. Returns false when this connection should give its
   * segment back (the server refused an extra connection) instead of retrying.
   */
  private async fetchWithRetries(
    context: SegmentFetchContext,
    host: string,
    segment: LiveSegment,
    signal: AbortSignal,
    openedSlot: OpenedResponseSlot,
  ): Promise<boolean> {
    for (;;) {
      // A connection that takes over a segment inherits the rest of its retry delay (a Retry-After included).
      const delayLeftMs = segment.heldBackUntilMs - performance.now();
      if (Number.isFinite(delayLeftMs) && delayLeftMs > 0) await waitForDelay(delayLeftMs, signal);
      const startedAt = segment.writtenNext;
      const opened = openedSlot.take(segment);
      const release = opened?.releaseConnection ?? (await this.acquireConnectionSlot(host, segment, signal));
      this.activeConnectionCount += 1;
      let failure: unknown;
      try {
        if (!context.isRanged && segment.writtenNext > 0) {
          this.log('warn', 'restart', 'Starting over from byte 0: the server cannot resume, and the connection was lost.');
          segment.writtenNext = 0;
          segment.issuedNext = 0;
          await this.saveCheckpoint();
        }
        await fetchSegment(context, segment, signal, opened);
        return true;
      } catch (error) {
        failure = error;
      } finally {
        this.activeConnectionCount -= 1;
        release();
      }
      if (signal.aborted || isRestartError(failure)) throw failure;
      if (segment.writtenNext > startedAt) segment.failedAttempts = 0;
      if (this.isRefusedExtraConnection(failure)) {
        this.serverConnectionCap = Math.max(1, this.activeConnectionCount);
        this.log('warn', 'fallback', `The server refused an extra connection (${describeRetryReason(failure)}); using ${this.connectionTarget} connection(s).`);
        return false;
      }
      segment.failedAttempts += 1;
      const attempt = segment.failedAttempts;
      const policy = this.environment.retryPolicy();
      if (!isRetryableError(failure) || attempt > policy.maxRetries) throw failure;
      const delayMs = computeRetryDelayMs(attempt, policy, failure);
      segment.heldBackUntilMs = performance.now() + delayMs;
      this.log('warn', 'retry', `Retry ${attempt} of ${policy.maxRetries} in ${Math.round(delayMs)} ms at byte ${segment.writtenNext}: ${describeRetryReason(failure)}`);
      await waitForDelay(delayMs, signal);
    }
  }

  /** A connection slot for `host`; a wait for it marks the segment held back, so its connection is not taken for slow. */
  private async acquireConnectionSlot(host: string, segment: LiveSegment, signal: AbortSignal): Promise<() => void> {
    const limiter = this.environment.connectionLimiter;
    const immediate = limiter.tryAcquire(host);
    if (immediate !== null) return immediate;
    segment.heldBackUntilMs = Number.POSITIVE_INFINITY;
    try {
      return await limiter.acquire(host, signal);
    } finally {
      segment.heldBackUntilMs = performance.now();
    }
  }

  /** A 429/503 while other connections of this download are busy means "fewer connections, please". */
  private isRefusedExtraConnection(error: unknown): boolean {
    if (!isDownloadError(error) || error.httpStatus === undefined) return false;
    return (error.httpStatus === 429 || error.httpStatus === 503) && this.activeConnectionCount > 0;
  }

  private onBytesWritten(byteCount: number): void {
    // Thrown into the segment writer, which then stops its connection: the run ends with this error.
    if (this.checkpointFailure !== null) throw this.checkpointFailure;
    this.bytesSinceCheckpoint += byteCount;
    if (this.bytesSinceCheckpoint >= this.environment.checkpointBytes) this.checkpointInBackground();
  }

  private checkpointInBackground(): void {
    if (this.checkpointInFlight !== null) return;
    if (this.bytesSinceCheckpoint === 0 && performance.now() - this.lastCheckpointAtMs < this.environment.checkpointIntervalMs * 5) return;
    this.checkpointInFlight = this.saveCheckpoint()
      .catch((error: unknown) => {
        // fsync reports a write-back error only once and the failed pages are then marked clean, so a later sync
        // that succeeds proves nothing about these bytes: no further checkpoint may be saved in this run. The
        // run stops, and the next one resumes from the last checkpoint that did save.
        this.checkpointFailure ??= toDownloadError(error);
        this.log('error', 'checkpoint', `Could not save progress, so the download stops: ${this.checkpointFailure.message}`);
      })
      .finally(() => {
        this.checkpointInFlight = null;
      });
  }

  /** Snapshot first, then sync, then record: the checkpoint never claims a byte the sync did not cover. */
  private async saveCheckpoint(): Promise<void> {
    while (this.checkpointInFlight !== null) await this.checkpointInFlight;
    if (this.checkpointFailure !== null) throw this.checkpointFailure;
    const snapshot: SegmentProgress[] = this.segments.map((segment) => ({
      startByte: segment.startByte,
      endByte: segment.endByte ?? Math.max(segment.startByte, segment.writtenNext - 1),
      nextByte: segment.writtenNext,
    }));
    const bytesDone = snapshot.reduce((sum, segment) => sum + segment.nextByte - segment.startByte, 0);
    this.bytesSinceCheckpoint = 0;
    this.lastCheckpointAtMs = performance.now();
    // A checkpoint that claims no byte cannot claim one that is not on disk, so it needs no sync: a fresh
    // download's first checkpoint then costs no journal commit before the first GET is sent.
    if (this.file !== null && bytesDone > 0) await this.file.sync();
    // Unknown-length streams are stored as a single open segment whose end is not known yet.
    this.environment.repository.saveCheckpoint(this.record.id, { bytesDone, segments: snapshot });
    this.record.bytesDone = bytesDone;
  }

  private async finish(signal: AbortSignal): Promise<void> {
    const file = this.requireFile();
    await this.saveCheckpoint();
    const writtenBytes = this.bytesWritten;
    const totalBytes = this.record.totalBytes ?? writtenBytes;
    if (this.record.totalBytes === null) {
      await file.resize(writtenBytes);
      this.updateRecord({ totalBytes: writtenBytes });
    }
    const sizeOnDisk = await file.sizeBytes();
    if (writtenBytes !== totalBytes || sizeOnDisk !== totalBytes) {
      throw new DownloadError(
        'DL_ERR_SIZE_MISMATCH',
        `The download ended with ${writtenBytes} bytes but the file should have ${totalBytes}; it will start over.`,
        { retryable: true },
      );
    }
    await file.sync();
    await this.closeFile();
    await this.verifyChecksum(signal);
    const finalName = await this.moveToFinalName();
    this.log('info', 'complete', `Saved as ${finalName}.`);
  }

  private async verifyChecksum(signal: AbortSignal): Promise<void> {
    if (this.record.checksum === null) return;
    const parsed = parseChecksumSpec(this.record.checksum);
    if (!parsed.ok) {
      this.log('warn', 'checksum', `The checksum ${this.record.checksum} cannot be checked: ${parsed.message}`);
      return;
    }
    const spec: ChecksumSpec = parsed.spec;
    const actualHex = await hashFile(this.requireTempPath(), spec.algorithm, signal);
    if (actualHex !== spec.hex) {
      this.log('error', 'checksum', `Checksum mismatch: expected ${spec.algorithm} ${spec.hex}, got ${actualHex}.`);
      // Wrong bytes are never resumed: a retry starts from byte 0.
      await this.resetProgress('The partial data was discarded because the checksum did not match.');
      throw new DownloadError('DL_ERR_CHECKSUM', `The file's ${spec.algorithm} checksum does not match, so it was not saved. Retry to download it again.`);
    }
    this.log('info', 'checksum', `Checksum verified (${spec.algorithm} ${actualHex}).`);
  }

  /** Publishes the file under a free name, then records that the `.part` file is gone. */
  private async moveToFinalName(): Promise<string> {
    const tempPath = this.requireTempPath();
    const totalBytes = this.record.totalBytes ?? 0;
    // Every byte is saved and checked: from here the checkpoint says "publishing" (all bytes, no segments),
    // which tells a later run that a missing `.part` file was moved to its name, not lost.
    this.environment.repository.saveCheckpoint(this.record.id, { bytesDone: totalBytes, segments: [] });
    this.record.bytesDone = totalBytes;
    const finalName = await publishFile({
      tempPath,
      directory: this.record.directory,
      desiredName: this.record.fileName ?? basename(tempPath),
      recordCandidate: (name) => this.updateRecord({ fileName: name }),
    });
    this.updateRecord({ fileName: finalName, tempPath: null });
    return finalName;
  }

  private applyRestart(error: DownloadError): void {
    if (error.code === 'DL_ERR_RANGE_UNSUPPORTED' || error.code === 'DL_ERR_BAD_CONTENT_RANGE') {
      this.isRangeForcedOff = true;
      this.isHeadDistrusted = true;
    }
    if (error.code === 'DL_ERR_SIZE_MISMATCH') this.isHeadDistrusted = true;
  }

  /** Drops every byte of progress: the `.part` file is emptied and the checkpoint cleared, with a log line. */
  private async resetProgress(reason: string): Promise<void> {
    this.log('warn', 'restart', reason);
    if (this.file !== null) await this.file.resize(0);
    else if (this.record.tempPath !== null) await truncateIfExists(this.record.tempPath);
    this.segments = [];
    this.environment.repository.saveCheckpoint(this.record.id, { bytesDone: 0, segments: [] });
    this.updateRecord({ bytesDone: 0, etag: null, lastModified: null, totalBytes: null });
    this.meter.reset(0);
  }

  /** Runs `operation`, retrying transient failures with the policy's backoff. */
  private async withRetries<T>(signal: AbortSignal, what: string, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await operation();
      } catch (error) {
        if (signal.aborted) throw createAbortError(signal);
        const policy = this.environment.retryPolicy();
        const failure = isDownloadError(error) ? error : toDownloadError(error);
        if (failure.httpStatus !== undefined && (failure.httpStatus === 401 || failure.httpStatus === 403) && this.hasServerServed) {
          throw new DownloadError(
            'DL_ERR_LINK_EXPIRED',
            `The link expired or access was withdrawn (HTTP ${failure.httpStatus}). Use “Refresh link” with a new URL; the progress is kept.`,
            { httpStatus: failure.httpStatus, cause: error },
          );
        }
        if (!isRetryableError(error) || attempt > policy.maxRetries) throw failure;
        const delayMs = computeRetryDelayMs(attempt, policy, error);
        this.log('warn', 'retry', `Retry ${attempt} of ${policy.maxRetries} (${what}) in ${Math.round(delayMs)} ms: ${describeRetryReason(error)}`);
        await waitForDelay(delayMs, signal);
      }
    }
  }

  private updateRecord(patch: DownloadRecordPatch): void {
    this.record = { ...this.record, ...patch, updatedAtMs: Date.now() };
    this.environment.repository.updateDownload(this.record.id, { ...patch, updatedAtMs: this.record.updatedAtMs });
    this.environment.onRecordChanged(this.record.id);
  }

  private log(level: LogEntry['level'], kind: string, message: string): void {
    this.environment.log(this.record.id, { level, kind, message });
  }

  private requireTempPath(): string {
    if (this.record.tempPath === null) throw new DownloadError('DL_ERR_INVALID_STATE', 'The download has no temporary file yet.');
    return this.record.tempPath;
  }

  private requireFile(): PartFile {
    if (this.file === null) throw new DownloadError('DL_ERR_INVALID_STATE', 'The temporary file is not open.');
    return this.file;
  }

  private async closeFile(): Promise<void> {
    const file = this.file;
    this.file = null;
    if (file !== null) await file.close();
  }
}

const RESTART_CODES = new Set(['DL_ERR_REMOTE_CHANGED', 'DL_ERR_RANGE_UNSUPPORTED', 'DL_ERR_BAD_CONTENT_RANGE', 'DL_ERR_SIZE_MISMATCH']);

/** Errors that mean "the bytes on disk may belong to another version": the task restarts from 0. */
function isRestartError(error: unknown): error is DownloadError {
  return isDownloadError(error) && RESTART_CODES.has(error.code);
}

function describeProbe(probe: ProbeResult): string {
  const size = probe.totalBytes === null ? 'unknown size' : `${probe.totalBytes} bytes`;
  const ranges = probe.supportsRanges ? 'resumable (byte ranges)' : 'not resumable';
  const validator = probe.etag !== null ? `ETag ${probe.etag}` : probe.lastModified !== null ? `Last-Modified ${probe.lastModified}` : 'no validator';
  return `Probed with ${probe.method}: ${size}, ${ranges}, ${validator}, from ${probe.finalUrl}.`;
}

/** The checkpoint a finished download gets just before its `.part` file is moved to its name (see moveToFinalName). */
function isPublishing(segments: readonly SegmentProgress[], bytesDone: number, totalBytes: number): boolean {
  return segments.length === 0 && bytesDone === totalBytes;
}

/** The stored checkpoint claims every byte of a non-empty file. */
function isCheckpointComplete(segments: readonly SegmentProgress[], totalBytes: number): boolean {
  if (totalBytes === 0 || segments.length === 0) return false;
  const bytesDone = segments.reduce((sum, segment) => sum + segment.nextByte - segment.startByte, 0);
  return bytesDone === totalBytes && segments.every((segment) => segment.nextByte === segment.endByte + 1);
}

function coversWholeFile(opened: OpenedResponse, totalBytes: number | null): boolean {
  return opened.lastByte === null || (totalBytes !== null && opened.lastByte + 1 === totalBytes);
}

async function statSizeOrNull(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (getSystemErrorCode(error) === 'ENOENT') return null;
    throw toFileSystemError(error, `read ${path}`);
  }
}

async function truncateIfExists(path: string): Promise<void> {
  try {
    await truncate(path, 0);
  } catch (error) {
    if (getSystemErrorCode(error) !== 'ENOENT') throw toFileSystemError(error, `empty ${path}`);
  }
}

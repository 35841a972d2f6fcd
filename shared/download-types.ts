// Runtime: any (main process, web host, renderer). Schemas double as the types both sides use.
import { z } from 'zod';
import { DOWNLOAD_STATES, PAUSE_REASONS } from './download-states';
import { SETTINGS_INTEGER_LIMITS as INTEGER, SETTINGS_NULLABLE_INTEGER_LIMITS as NULLABLE_INTEGER } from './settings-limits';

export { DOWNLOAD_STATES, PAUSE_REASONS } from './download-states';
export type { DownloadState, PauseReason } from './download-states';
export const downloadStateSchema = z.enum(DOWNLOAD_STATES);
export const pauseReasonSchema = z.enum(PAUSE_REASONS);

/** One byte range of the file; `endByte` is inclusive, `nextByte` is the first byte not yet durable. */
export const segmentProgressSchema = z.object({
  startByte: z.number().int().nonnegative(),
  endByte: z.number().int().nonnegative(),
  nextByte: z.number().int().nonnegative(),
});
export type SegmentProgress = z.infer<typeof segmentProgressSchema>;

export const errorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

/** A download as the queue shows it. */
export const downloadItemSchema = z.object({
  id: z.string(),
  /** The URL the user added: the item's identity, never replaced by a redirect target. */
  url: z.string(),
  /** The URL requests start from; differs from `url` only after "refresh link". */
  fetchUrl: z.string(),
  /** Where the last request ended after redirects. */
  finalUrl: z.string().nullable(),
  directory: z.string(),
  fileName: z.string().nullable(),
  /** Size in bytes when the server told us, else null. */
  totalBytes: z.number().int().nonnegative().nullable(),
  /** Bytes durably on disk and checkpointed. */
  bytesDone: z.number().int().nonnegative(),
  state: downloadStateSchema,
  pauseReason: pauseReasonSchema.nullable(),
  error: errorInfoSchema.nullable(),
  supportsRanges: z.boolean().nullable(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  /** `sha256:<hex>` or `md5:<hex>`, given by the user or by the server. */
  checksum: z.string().nullable(),
  /** Connections this item may open at most. */
  connections: z.number().int().min(1).max(32),
  /** Per-download speed limit; null means unlimited. */
  speedLimitBytesPerSecond: z.number().int().positive().nullable(),
  requestHeaders: z.record(z.string(), z.string()),
  /** Lower numbers start first. */
  priority: z.number().int(),
  createdAtMs: z.number().int(),
  updatedAtMs: z.number().int(),
  finishedAtMs: z.number().int().nullable(),
  segments: z.array(segmentProgressSchema),
});
export type DownloadItem = z.infer<typeof downloadItemSchema>;

/** One live sample of a download's progress. */
export const progressSampleSchema = z.object({
  id: z.string(),
  bytesDone: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative().nullable(),
  /** Exponential moving average over the last few seconds. */
  bytesPerSecond: z.number().nonnegative(),
  /** Null when the total or the speed is unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
  activeConnections: z.number().int().nonnegative(),
  segments: z.array(segmentProgressSchema),
});
export type ProgressSample = z.infer<typeof progressSampleSchema>;

/** Progress of many downloads, coalesced: at most ~10 batches a second per subscriber. */
export const progressBatchSchema = z.object({
  atMs: z.number().int(),
  samples: z.array(progressSampleSchema),
});
export type ProgressBatch = z.infer<typeof progressBatchSchema>;

export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export const logEntrySchema = z.object({
  atMs: z.number().int(),
  level: z.enum(LOG_LEVELS),
  /** Stable machine-readable kind, e.g. `probe`, `retry`, `restart`, `checksum`. */
  kind: z.string(),
  message: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

/** Options a user can give when adding downloads. */
export const addOptionsSchema = z.object({
  directory: z.string().min(1).optional(),
  connections: z.number().int().min(1).max(32).optional(),
  checksum: z.string().optional(),
  requestHeaders: z.record(z.string(), z.string()).optional(),
  speedLimitBytesPerSecond: z.number().int().positive().nullable().optional(),
  /** Add paused instead of queued. */
  startPaused: z.boolean().optional(),
});
export type AddOptions = z.infer<typeof addOptionsSchema>;

/** The answer for one added line. */
export const addOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('added'), input: z.string(), id: z.string() }),
  z.object({ status: z.literal('duplicate'), input: z.string(), id: z.string(), message: z.string() }),
  z.object({ status: z.literal('invalid'), input: z.string(), code: z.string(), message: z.string() }),
]);
export type AddOutcome = z.infer<typeof addOutcomeSchema>;

const boundedInteger = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);

export const settingsSchema = z.object({
  downloadDirectory: z.string().min(1),
  maxActiveDownloads: boundedInteger(INTEGER.maxActiveDownloads),
  connectionsPerDownload: boundedInteger(INTEGER.connectionsPerDownload),
  maxConnectionsGlobal: boundedInteger(INTEGER.maxConnectionsGlobal),
  maxConnectionsPerHost: boundedInteger(INTEGER.maxConnectionsPerHost),
  /** Null means unlimited. */
  globalSpeedLimitBytesPerSecond: boundedInteger(NULLABLE_INTEGER.globalSpeedLimitBytesPerSecond).nullable(),
  minSegmentBytes: boundedInteger(INTEGER.minSegmentBytes),
  maxRetries: boundedInteger(INTEGER.maxRetries),
  autoResumeOnStart: z.boolean(),
  notifyEachDownload: z.boolean(),
  notifyAllDone: z.boolean(),
  closeToTray: z.boolean(),
  pauseOnMeteredNetwork: z.boolean(),
  /** The user's own "I am on a metered connection now" switch. */
  meteredNow: z.boolean(),
  stalePartialMaxAgeDays: boundedInteger(INTEGER.stalePartialMaxAgeDays),
  stalePartialMaxTotalBytes: boundedInteger(INTEGER.stalePartialMaxTotalBytes),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** What the engine is doing overall. */
export const engineStatusSchema = z.object({
  activeCount: z.number().int().nonnegative(),
  queuedCount: z.number().int().nonnegative(),
  totalBytesPerSecond: z.number().nonnegative(),
  isOnline: z.boolean(),
  isMetered: z.boolean(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

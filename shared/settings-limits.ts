// Runtime: any. The bounds of every setting: the one source for the contract's zod schema (download-types.ts) and
// for the engine's own check (electron/engine/settings-check.ts), which runs without loading zod.

/** Inclusive bounds of the integer settings. */
export const SETTINGS_INTEGER_LIMITS = {
  maxActiveDownloads: { min: 1, max: 50 },
  connectionsPerDownload: { min: 1, max: 32 },
  maxConnectionsGlobal: { min: 1, max: 256 },
  maxConnectionsPerHost: { min: 1, max: 64 },
  minSegmentBytes: { min: 64 * 1024, max: Number.MAX_SAFE_INTEGER },
  maxRetries: { min: 0, max: 100 },
  stalePartialMaxAgeDays: { min: 1, max: 3650 },
  stalePartialMaxTotalBytes: { min: 0, max: Number.MAX_SAFE_INTEGER },
} as const;

/** Integer settings that may also be null, meaning "no limit". */
export const SETTINGS_NULLABLE_INTEGER_LIMITS = {
  globalSpeedLimitBytesPerSecond: { min: 1, max: Number.MAX_SAFE_INTEGER },
} as const;

export const SETTINGS_BOOLEAN_KEYS = [
  'autoResumeOnStart',
  'notifyEachDownload',
  'notifyAllDone',
  'closeToTray',
  'pauseOnMeteredNetwork',
  'meteredNow',
] as const;

/** Settings that hold non-empty text. */
export const SETTINGS_TEXT_KEYS = ['downloadDirectory'] as const;

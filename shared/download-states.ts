// Runtime: any. The download lifecycle's names, kept free of zod so the engine and the store start without it
// (zod takes about 90 ms of CPU to load, a third of the CLI's start-up).

/** The lifecycle of one download. Transitions are validated in electron/engine/task-state.ts. */
export const DOWNLOAD_STATES = [
  /** Waiting for a free slot in the queue. */
  'queued',
  /** Connections are open and bytes are flowing (or being retried). */
  'active',
  /** Stopped by the user or by a condition (offline, metered, disk full); keeps its resume data. */
  'paused',
  /** The file sits under its final name, size and checksum verified. */
  'completed',
  /** Stopped by an error that retrying will not fix; keeps its resume data. */
  'failed',
  /** Stopped by the user; its partial data is deleted. */
  'canceled',
] as const;
export type DownloadState = (typeof DOWNLOAD_STATES)[number];

/** Why an item is paused when the user did not pause it. */
export const PAUSE_REASONS = ['user', 'network-lost', 'metered-network', 'disk-full', 'shutdown'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export function isDownloadState(value: unknown): value is DownloadState {
  return (DOWNLOAD_STATES as readonly unknown[]).includes(value);
}

export function isPauseReason(value: unknown): value is PauseReason {
  return (PAUSE_REASONS as readonly unknown[]).includes(value);
}

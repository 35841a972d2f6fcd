// Runtime: Node (engine).
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../shared/download-types';
import { DEFAULT_MIN_SEGMENT_BYTES } from './segment-plan';

/** Settings a fresh install starts with. */
export function createDefaultSettings(downloadDirectory: string = join(homedir(), 'Downloads')): Settings {
  return {
    downloadDirectory,
    maxActiveDownloads: 3,
    connectionsPerDownload: 8,
    maxConnectionsGlobal: 16,
    maxConnectionsPerHost: 8,
    globalSpeedLimitBytesPerSecond: null,
    minSegmentBytes: DEFAULT_MIN_SEGMENT_BYTES,
    maxRetries: 5,
    autoResumeOnStart: true,
    notifyEachDownload: true,
    notifyAllDone: true,
    closeToTray: true,
    pauseOnMeteredNetwork: false,
    meteredNow: false,
    stalePartialMaxAgeDays: 7,
    stalePartialMaxTotalBytes: 10 * 1024 * 1024 * 1024,
  };
}

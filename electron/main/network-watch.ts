// Runtime: Electron main, without importing electron (unit-tested under Node). Polls connectivity and the metered
// flag and tells the engine when either changes: offline pauses active downloads ("network lost") and online
// resumes them, the Wi-Fi-to-hotspot case.

/** The part of the engine this needs. */
export interface NetworkStateSink {
  setNetworkState(state: { isOnline?: boolean; isMetered?: boolean }): Promise<void>;
}

export interface NetworkWatchOptions {
  sink: NetworkStateSink;
  /** Electron's `net.isOnline()`. */
  isOnline: () => boolean;
  /** The OS's metered flag, null when it cannot tell. Omit where there is no source. */
  readMetered?: () => Promise<boolean | null>;
  /** Default 3000 ms. */
  onlinePollMs?: number;
  /** Default 30000 ms. */
  meteredPollMs?: number;
  /**
   * Offline must be seen this many polls in a row before downloads pause, so a blip while roaming between access
   * points does not stop them. Coming back online counts at once. Default 2.
   */
  offlineConfirmations?: number;
  /** Where a failed engine update is reported. */
  onError: (error: unknown) => void;
}

export interface NetworkWatch {
  /** Polls now (e.g. after the machine wakes up); resolves once the engine has been told. */
  check(): Promise<void>;
  stop(): void;
}

/** Starts polling; call `check()` once before the engine starts so it never begins offline by mistake. */
export function watchNetwork(options: NetworkWatchOptions): NetworkWatch {
  const offlineConfirmations = options.offlineConfirmations ?? 2;
  const meteredPollMs = options.meteredPollMs ?? 30_000;
  let reportedOnline: boolean | null = null;
  let reportedMetered: boolean | null = null;
  let offlineStreak = 0;
  let lastMeteredReadMs = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | null = null;
  let isStopped = false;

  const poll = async (): Promise<void> => {
    const change: { isOnline?: boolean; isMetered?: boolean } = {};
    const isOnline = options.isOnline();
    offlineStreak = isOnline ? 0 : offlineStreak + 1;
    const shouldReportOffline = !isOnline && (reportedOnline === null || offlineStreak >= offlineConfirmations);
    if (isOnline !== reportedOnline && (isOnline || shouldReportOffline)) change.isOnline = isOnline;

    const nowMs = performance.now();
    if (options.readMetered !== undefined && nowMs - lastMeteredReadMs >= meteredPollMs) {
      lastMeteredReadMs = nowMs;
      const isMetered = await options.readMetered();
      if (isMetered !== null && isMetered !== reportedMetered) change.isMetered = isMetered;
    }
    if (isStopped || (change.isOnline === undefined && change.isMetered === undefined)) return;
    await options.sink.setNetworkState(change);
    if (change.isOnline !== undefined) reportedOnline = change.isOnline;
    if (change.isMetered !== undefined) reportedMetered = change.isMetered;
  };

  const check = (): Promise<void> => {
    // One poll at a time: a slow D-Bus answer must not let two polls race each other into the engine.
    running ??= poll()
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void check(), options.onlinePollMs ?? 3000);
  timer.unref();
  return {
    check,
    stop: () => {
      isStopped = true;
      clearInterval(timer);
    },
  };
}

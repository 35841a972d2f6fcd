// Runtime: Electron main, without importing electron (unit-tested under Node). What closing the window means.

export interface WindowCloseFacts {
  /** The user chose Quit (menu, tray, Cmd+Q) or the OS is shutting down. */
  isQuitting: boolean;
  /** The "close to tray" setting. */
  closeToTray: boolean;
  /** A tray icon exists to bring the window back. */
  hasTray: boolean;
  activeCount: number;
  queuedCount: number;
}

/** True when closing should only hide the window: the setting is on, a tray icon exists, and downloads are running. */
export function shouldHideOnClose(facts: WindowCloseFacts): boolean {
  return !facts.isQuitting && facts.closeToTray && facts.hasTray && facts.activeCount + facts.queuedCount > 0;
}

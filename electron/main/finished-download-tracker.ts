// Runtime: Electron main, without importing electron (unit-tested under Node). Decides which desktop notifications
// a batch of item changes deserves: one per finished download, and one when nothing is left running.
import type { DownloadItem, DownloadState, Settings } from '../../shared/download-types';

export type DesktopNotice =
  | { kind: 'finished'; downloadId: string; title: string; body: string }
  | { kind: 'all-done'; finishedCount: number; title: string; body: string };

export type NotificationPreferences = Pick<Settings, 'notifyEachDownload' | 'notifyAllDone'>;

const RUNNING_STATES: ReadonlySet<DownloadState> = new Set(['active', 'queued']);

/**
 * Follows the queue through the engine's `items-changed` events. Items already completed when it starts never
 * notify; "all done" fires once the queue has nothing active or queued after at least one download finished.
 */
export class FinishedDownloadTracker {
  private readonly states = new Map<string, DownloadState>();
  private finishedSinceIdle = 0;

  constructor(initialItems: readonly DownloadItem[]) {
    for (const item of initialItems) this.states.set(item.id, item.state);
  }

  /** Feeds one `items-changed` event; returns the notices to show, already filtered by the settings. */
  observe(items: readonly DownloadItem[], removedIds: readonly string[], preferences: NotificationPreferences): DesktopNotice[] {
    const notices: DesktopNotice[] = [];
    for (const id of removedIds) this.states.delete(id);
    for (const item of items) {
      const previous = this.states.get(item.id);
      this.states.set(item.id, item.state);
      if (item.state !== 'completed' || previous === 'completed') continue;
      this.finishedSinceIdle += 1;
      if (preferences.notifyEachDownload) {
        notices.push({ kind: 'finished', downloadId: item.id, title: 'Download finished', body: item.fileName ?? item.url });
      }
    }
    if (this.finishedSinceIdle > 0 && !this.hasRunningItems()) {
      const finishedCount = this.finishedSinceIdle;
      this.finishedSinceIdle = 0;
      // With per-download notices on, a lone download already got its own; a second bubble would say the same.
      const isDuplicate = preferences.notifyEachDownload && finishedCount === 1;
      if (preferences.notifyAllDone && !isDuplicate) {
        notices.push({
          kind: 'all-done',
          finishedCount,
          title: 'All downloads finished',
          body: finishedCount === 1 ? '1 download finished.' : `${finishedCount} downloads finished.`,
        });
      }
    }
    return notices;
  }

  private hasRunningItems(): boolean {
    for (const state of this.states.values()) if (RUNNING_STATES.has(state)) return true;
    return false;
  }
}

// Runtime: Electron main. Shows the desktop notifications the tracker decides on.
import { Notification } from 'electron';
import type { DesktopNotice } from './finished-download-tracker';

/** Shown notifications, kept referenced until closed: Windows drops click handlers of collected ones. */
const visibleNotifications = new Set<Notification>();

/** Shows each notice; clicking one calls `onClick` (bring the window forward). No-op where unsupported. */
export function showDesktopNotices(notices: readonly DesktopNotice[], onClick: () => void): void {
  if (notices.length === 0 || !Notification.isSupported()) return;
  for (const notice of notices) {
    const notification = new Notification({ title: notice.title, body: notice.body });
    visibleNotifications.add(notification);
    notification.on('click', () => {
      visibleNotifications.delete(notification);
      onClick();
    });
    notification.on('close', () => visibleNotifications.delete(notification));
    notification.show();
  }
}

// Runtime: Electron main. The app-wide security rules that are not window options: permissions, navigation,
// new windows, webviews, and which links reach the OS browser.
import { app, shell, type Session } from 'electron';
import { isAppUrl, isExternalWebUrl } from './app-origin';
import { isPermissionGranted } from './permission-policy';

/** Denies every permission but clipboard writes from the app's page, and every device and download request. */
export function secureSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  // Fetchpoint downloads through its engine; Chromium's own download manager is never wanted in the window.
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * Applies to every web contents ever created: no navigation away from the app, no new windows, no webviews.
 * A plain http(s) link the user follows opens in the OS browser instead.
 */
export function secureAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      openInBrowser(event.url);
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openInBrowser(url);
      return { action: 'deny' };
    });
  });
}

/** Hands http(s) links to the OS browser; any other scheme (file:, smb:, custom handlers) is dropped. */
export function openInBrowser(url: string): void {
  if (!isExternalWebUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => {
    console.error(`Fetchpoint could not open ${url} in the browser:`, error);
  });
}

// Runtime: Electron main. The one window: sandboxed, isolated, no Node, loading only the app's own page.
import { BrowserWindow } from 'electron';
import { APP_INDEX_URL } from './app-origin';

export interface MainWindowOptions {
  /** The bundled preload (dist-electron/preload.cjs). */
  preloadPath: string;
  /** Window icon for Linux and Windows. */
  iconPath: string;
  /** Allows the developer tools (unpackaged runs only). */
  canOpenDevTools: boolean;
}

/** Creates and loads the main window; it shows itself once the first paint is ready. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1120,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Fetchpoint',
    icon: options.iconPath,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.canOpenDevTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_INDEX_URL).catch((error: unknown) => {
    console.error('Fetchpoint could not load its window:', error);
  });
  return window;
}

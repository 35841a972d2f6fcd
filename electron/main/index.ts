// Runtime: Electron main. Startup only: wires the engine, the window and the desktop services together, and flushes
// every checkpoint before the process exits.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, net, powerMonitor, powerSaveBlocker, session } from 'electron';
import { createHandlerTable } from '../engine/contract-handlers';
import { hasErrorCode } from '../engine/errors';
import { openEngineHost, type EngineHost } from '../headless/engine-bootstrap';
import { resolveDefaultStateDirectory } from '../store/state-directory';
import { createElectronDesktopActions } from './desktop-actions';
import { FinishedDownloadTracker } from './finished-download-tracker';
import { forwardEngineEvents } from './ipc/forward-events';
import { installIpc } from './ipc/install-ipc';
import { extractLaunchUrls } from './launch-urls';
import { installApplicationMenu } from './menu';
import { readNetworkManagerMetered } from './metered';
import { watchNetwork } from './network-watch';
import { showDesktopNotices } from './notifications';
import { holdPowerWhileDownloading } from './power';
import { registerAppScheme, serveRendererFiles } from './renderer-protocol';
import { secureAllWebContents, secureSession } from './security';
import { createAppTray, type AppTray } from './tray';
import { createMainWindow } from './window';
import { shouldHideOnClose } from './window-close-policy';

/** Exit code when another process (the CLI or the web host) owns the state folder. */
const EXIT_STATE_LOCKED = 3;
const EXIT_STARTUP_FAILED = 1;

const projectRoot = app.getAppPath();
const canOpenDevTools = !app.isPackaged;
const iconPath = join(projectRoot, 'resources', 'icon.png');
const trayIconPath = join(projectRoot, 'resources', process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');

let engineHost: EngineHost | null = null;
let mainWindow: BrowserWindow | null = null;
let tray: AppTray | null = null;
let isQuitting = false;
let quitPhase: 'running' | 'flushing' | 'done' = 'running';
const cleanups: Array<() => void> = [];

registerAppScheme();
secureAllWebContents();

if (!app.requestSingleInstanceLock()) {
  // The first instance receives our argv through 'second-instance' and adds the URLs.
  app.exit(0);
} else {
  app.on('second-instance', (_event, argv) => {
    showWindow();
    addLaunchUrls(argv);
  });
  app.on('before-quit', (event) => {
    isQuitting = true;
    if (quitPhase === 'done') return;
    event.preventDefault();
    if (quitPhase === 'flushing') return;
    quitPhase = 'flushing';
    flushAndExit();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());
  // Ctrl+C in a terminal and the session manager's SIGTERM go through the same checkpoint flush as Quit.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
  app
    .whenReady()
    .then(startApp)
    .catch((error: unknown) => failStartup(error));
}

async function startApp(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('app.fetchpoint.desktop');
  secureSession(session.defaultSession);
  serveRendererFiles(join(projectRoot, 'dist', 'renderer'));

  let host: EngineHost;
  try {
    host = openEngineHost({ stateDirectory: resolveDefaultStateDirectory(), nativeBindingPath: process.env['FETCHPOINT_NATIVE_BINDING'] });
  } catch (error) {
    failStartup(error);
    return;
  }
  engineHost = host;
  const engine = host.engine;

  const network = watchNetwork({
    sink: engine,
    isOnline: () => net.isOnline(),
    ...(process.platform === 'linux' ? { readMetered: () => readNetworkManagerMetered() } : {}),
    onError: (error) => console.error('Fetchpoint could not apply a network change:', error),
  });
  cleanups.push(() => network.stop());
  const recheckNetwork = (): void => void network.check();
  powerMonitor.on('resume', recheckNetwork);
  cleanups.push(() => powerMonitor.off('resume', recheckNetwork));
  // Linux and macOS announce a shutdown or logout: delaying it lets Quit write the final checkpoints. The typings
  // declare the listener without its event, which the documentation says carries preventDefault().
  const onSystemShutdown = (...args: unknown[]): void => {
    (args[0] as { preventDefault?: () => void } | undefined)?.preventDefault?.();
    app.quit();
  };
  powerMonitor.on('shutdown', onSystemShutdown);
  cleanups.push(() => powerMonitor.off('shutdown', onSystemShutdown));
  // Before the queue starts, so nothing begins while the machine is offline.
  await network.check();
  await engine.start();

  cleanups.push(installIpc(createHandlerTable(engine, createElectronDesktopActions())));
  cleanups.push(forwardEngineEvents(engine, () => mainWindow?.webContents ?? null));
  cleanups.push(holdPowerWhileDownloading(engine, powerSaveBlocker));

  const tracker = new FinishedDownloadTracker(engine.list({ offset: 0, limit: Number.MAX_SAFE_INTEGER }).items);
  cleanups.push(
    engine.subscribe((event) => {
      if (event.type === 'items-changed') showDesktopNotices(tracker.observe(event.items, event.removedIds, engine.getSettings()), showWindow);
      else if (event.type === 'status') tray?.showStatus(event.status);
    }),
  );

  const pauseAll = (): void => {
    engine.pauseAll().catch((error: unknown) => console.error('Fetchpoint could not pause all downloads:', error));
  };
  const resumeAll = (): void => {
    try {
      engine.resumeAll();
    } catch (error) {
      console.error('Fetchpoint could not resume all downloads:', error);
    }
  };
  installApplicationMenu({ pauseAll, resumeAll }, canOpenDevTools);
  tray = createAppTray(trayIconPath, { showWindow, pauseAll, resumeAll, quit: () => app.quit() });
  tray?.showStatus(engine.status());
  cleanups.push(() => tray?.destroy());

  showWindow();
  addLaunchUrls(process.argv);
}

function showWindow(): void {
  if (engineHost === null) return;
  if (mainWindow === null || mainWindow.isDestroyed()) {
    const window = createMainWindow({ preloadPath: join(__dirname, 'preload.cjs'), iconPath, canOpenDevTools });
    window.on('close', (event) => {
      const status = engineHost?.engine.status();
      const settings = engineHost?.engine.getSettings();
      if (status === undefined || settings === undefined) return;
      if (shouldHideOnClose({ isQuitting, closeToTray: settings.closeToTray, hasTray: tray !== null, ...status })) {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    // Windows does not send before-quit when the session ends (shutdown, restart, log-off): start the same
    // checkpoint flush as Quit, as far as the session's end leaves time for.
    window.on('session-end', () => app.quit());
    mainWindow = window;
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function addLaunchUrls(argv: readonly string[]): void {
  const urls = extractLaunchUrls(argv);
  if (urls.length === 0 || engineHost === null) return;
  engineHost.engine
    .add(urls)
    .then((outcomes) => {
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'invalid' ? [`${outcome.input}: ${outcome.message}`] : []));
      if (refused.length === 0) return;
      console.error('Fetchpoint could not add some links it was started with:', refused);
      void dialog.showMessageBox({ type: 'warning', message: 'Some links could not be added.', detail: refused.join('\n') });
    })
    .catch((error: unknown) => console.error('Fetchpoint could not add the links it was started with:', error));
}

/** Longest wait for the final checkpoints at quit; they only ever under-claim, so exiting after it loses no byte. */
const QUIT_FLUSH_TIMEOUT_MS = 10_000;

function flushAndExit(): void {
  const giveUp = setTimeout(() => {
    console.error(`Fetchpoint quit without its final checkpoints after ${QUIT_FLUSH_TIMEOUT_MS} ms; the next start resumes from the last saved ones.`);
    quitPhase = 'done';
    app.exit(0);
  }, QUIT_FLUSH_TIMEOUT_MS);
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch (error) {
      console.error('Fetchpoint shutdown step failed:', error);
    }
  }
  const closing = engineHost?.close() ?? Promise.resolve();
  closing
    .catch((error: unknown) => console.error('Fetchpoint could not write its final checkpoints:', error))
    .finally(() => {
      clearTimeout(giveUp);
      quitPhase = 'done';
      app.exit(0);
    });
}

function failStartup(error: unknown): void {
  const isLocked = hasErrorCode(error, 'DL_ERR_STATE_LOCKED');
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(isLocked ? 'Fetchpoint is already running' : 'Fetchpoint could not start', message);
  quitPhase = 'done';
  app.exit(isLocked ? EXIT_STATE_LOCKED : EXIT_STARTUP_FAILED);
}

// Runtime: Electron main. The tray icon: brings the window back, pauses or resumes everything, quits.
import { Menu, Tray, nativeImage } from 'electron';
import { formatBytesPerSecond } from '../../shared/byte-format';
import type { EngineStatus } from '../../shared/download-types';

export interface TrayActions {
  showWindow(): void;
  pauseAll(): void;
  resumeAll(): void;
  quit(): void;
}

export interface AppTray {
  /** Refreshes the tooltip with the engine's status. */
  showStatus(status: EngineStatus): void;
  destroy(): void;
}

/** Creates the tray icon, or returns null where the desktop has no tray or the icon cannot be read. */
export function createAppTray(iconPath: string, actions: TrayActions): AppTray | null {
  const icon = nativeImage.createFromPath(iconPath);
  if (icon.isEmpty()) {
    console.error(`Fetchpoint tray icon not found at ${iconPath}; running without a tray.`);
    return null;
  }
  const tray = new Tray(icon);
  tray.setToolTip('Fetchpoint');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Fetchpoint', click: actions.showWindow },
      { type: 'separator' },
      { label: 'Pause all', click: actions.pauseAll },
      { label: 'Resume all', click: actions.resumeAll },
      { type: 'separator' },
      { label: 'Quit Fetchpoint', click: actions.quit },
    ]),
  );
  tray.on('click', actions.showWindow);
  let lastTooltip = '';
  return {
    showStatus(status) {
      const tooltip =
        status.activeCount === 0
          ? status.queuedCount === 0
            ? 'Fetchpoint: idle'
            : `Fetchpoint: ${status.queuedCount} waiting`
          : `Fetchpoint: ${status.activeCount} downloading at ${formatBytesPerSecond(status.totalBytesPerSecond)}`;
      if (tooltip === lastTooltip) return;
      lastTooltip = tooltip;
      tray.setToolTip(tooltip);
    },
    destroy: () => tray.destroy(),
  };
}

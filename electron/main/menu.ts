// Runtime: Electron main. The application menu: the platform's usual roles and accelerators (copy and paste work
// in text fields only when the Edit menu exists), plus the queue's bulk actions.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  pauseAll(): void;
  resumeAll(): void;
}

/** Builds and installs the menu. */
export function installApplicationMenu(actions: MenuActions, canOpenDevTools: boolean): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'Downloads',
      submenu: [
        { label: 'Pause All', accelerator: 'CmdOrCtrl+Shift+P', click: actions.pauseAll },
        { label: 'Resume All', accelerator: 'CmdOrCtrl+Shift+R', click: actions.resumeAll },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(canOpenDevTools ? [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

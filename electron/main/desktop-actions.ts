// Runtime: Electron main. "Open file" and "show in folder" through Electron's shell.
import { shell } from 'electron';
import type { DesktopActions } from '../engine/contract-handlers';
import { DownloadError } from '../engine/errors';

/** The desktop actions of the app: the OS default application, and the file manager with the file selected. */
export function createElectronDesktopActions(): DesktopActions {
  return {
    openPath: async (path) => {
      // shell.openPath resolves with an error sentence, or '' on success.
      const failure = await shell.openPath(path);
      if (failure !== '') throw new DownloadError('DL_ERR_FILE_SYSTEM', `Could not open ${path}: ${failure}`);
    },
    showItemInFolder: async (path) => {
      shell.showItemInFolder(path);
    },
  };
}

// Runtime: Node (no electron). "Open file" and "show in folder" for the web host, through the OS's own opener.
// The web host opens files on the machine it runs on, which is the user's when it is bound to loopback.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import type { DesktopActions } from '../engine/contract-handlers';
import { DownloadError } from '../engine/errors';

export interface OpenerCommand {
  command: string;
  args: string[];
  /** Windows' explorer parses its own command line; Node's quoting would break `/select,`. */
  isVerbatim: boolean;
}

/** The command that opens `path` with its default application. */
export function getOpenCommand(path: string, platform: NodeJS.Platform = process.platform): OpenerCommand {
  if (platform === 'darwin') return { command: 'open', args: [path], isVerbatim: false };
  if (platform === 'win32') return { command: 'explorer.exe', args: [`"${path}"`], isVerbatim: true };
  return { command: 'xdg-open', args: [path], isVerbatim: false };
}

/** The command that shows `path` selected in the file manager; on Linux, the folder is opened instead. */
export function getRevealCommand(path: string, platform: NodeJS.Platform = process.platform): OpenerCommand {
  if (platform === 'darwin') return { command: 'open', args: ['-R', path], isVerbatim: false };
  if (platform === 'win32') return { command: 'explorer.exe', args: [`/select,"${path}"`], isVerbatim: true };
  // xdg-open has no "select"; the folder is the closest portable answer.
  return { command: 'xdg-open', args: [dirname(path)], isVerbatim: false };
}

/** Desktop actions that spawn the OS opener detached, without a shell, so no path is ever interpreted. */
export function createOsDesktopActions(platform: NodeJS.Platform = process.platform): DesktopActions {
  return {
    openPath: (path) => runDetached(getOpenCommand(path, platform)),
    showItemInFolder: (path) => runDetached(getRevealCommand(path, platform)),
  };
}

function runDetached(opener: OpenerCommand): Promise<void> {
  return new Promise((resolvePromise, rejectPromise) => {
    const child = spawn(opener.command, opener.args, {
      detached: true,
      stdio: 'ignore',
      shell: false,
      windowsVerbatimArguments: opener.isVerbatim,
    });
    child.once('error', (error) => {
      rejectPromise(new DownloadError('DL_ERR_FILE_SYSTEM', `Could not start ${opener.command} to open the file: ${error.message}`, { cause: error }));
    });
    child.once('spawn', () => {
      child.unref();
      resolvePromise();
    });
  });
}

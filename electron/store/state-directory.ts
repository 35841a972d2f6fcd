// Runtime: Node (store). Where Fetchpoint keeps its state: the same folder Electron's app.getPath('userData') gives
// for an app named "Fetchpoint", so the app, the CLI and the web host share one queue.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIRECTORY_NAME = 'Fetchpoint';

/** The per-user state folder. `FETCHPOINT_STATE_DIR` overrides it (tests, portable installs). */
export function resolveDefaultStateDirectory(environment: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = environment['FETCHPOINT_STATE_DIR'];
  if (override !== undefined && override !== '') return override;
  if (platform === 'win32') return join(environment['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_DIRECTORY_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIRECTORY_NAME);
  const configHome = environment['XDG_CONFIG_HOME'];
  return join(configHome !== undefined && configHome !== '' ? configHome : join(homedir(), '.config'), APP_DIRECTORY_NAME);
}

// Runtime: Electron main, without importing electron (unit-tested under Node). The app's own origin: the renderer
// is served from `app://fetchpoint/`, a privileged custom scheme, instead of file:// (Electron security checklist 18).

/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The one host of that scheme; any other host is not ours. */
export const APP_HOST = 'fetchpoint';
/** The page the window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True when `url` is a page or file of the app itself. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    // The URL constructor throws TypeError for anything unparsable; that is simply "not ours".
    if (error instanceof TypeError) return false;
    throw error;
  }
  // Chromium lower-cases hosts of standard schemes; Node's URL keeps custom-scheme hosts as written.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** Links the app may hand to the OS browser: plain web pages only, never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

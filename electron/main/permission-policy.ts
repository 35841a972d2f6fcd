// Runtime: Electron main, without importing electron (unit-tested under Node). Which web permissions the renderer
// gets: none, except writing text to the clipboard ("copy link") from the app's own page.
import { isAppUrl } from './app-origin';

const GRANTED_TO_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Decides a permission request or check; everything not listed, and everything from another origin, is denied. */
export function isPermissionGranted(permission: string, requestingUrl: string): boolean {
  return GRANTED_TO_APP.has(permission) && isAppUrl(requestingUrl);
}
